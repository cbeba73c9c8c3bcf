/** Durations are written as a whole number and a unit: `30s`, `5m`, `1h`, `28d`, `1w`, `1y` (365 days). */
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 } as const;

export const DURATION_PATTERN = /^(\d+)(s|m|h|d|w|y)$/;

/** Seconds in a duration such as `28d`; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
  return seconds > 0 ? seconds : undefined;
}

/** The shortest exact text in days, hours, minutes or seconds: 3600 → `1h`, 2419200 → `28d`, 90 → `90s`. */
export function formatDuration(seconds: number): string {
  for (const unit of ['d', 'h', 'm'] as const) {
    const size = UNIT_SECONDS[unit];
    if (seconds % size === 0 && seconds >= size) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}
