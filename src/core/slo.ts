import { firingPairs, type BurnWindow } from './burn-rate.ts';

/** Good and total events (or good and counted time slices) in a window. */
export interface GoodTotal {
  good: number;
  total: number;
}

export type SloStatus = 'ok' | 'warning' | 'breach' | 'no-data';

/** Remaining budget under which an SLO is in warning. */
export const WARNING_REMAINING = 0.25;

/** Attainment: Σgood ÷ Σtotal over the window (never a mean of per-bucket ratios); null with no events. */
export function attainment({ good, total }: GoodTotal): number | null {
  return total > 0 ? good / total : null;
}

/**
 * The error budget of a window: allowed bad events = (1 − objective) × total, consumed = total − good,
 * remaining = 1 − consumed ÷ allowed as a fraction of the budget (negative once overspent).
 */
export function errorBudget({ good, total }: GoodTotal, objective: number): { allowed: number; consumed: number; remaining: number | null } {
  const allowed = (1 - objective) * total;
  const consumed = total - good;
  return { allowed, consumed, remaining: allowed > 0 ? 1 - consumed / allowed : null };
}

/**
 * Time slices: a slice is good when its own SLI (good ÷ total in the slice) is at least `sliceTarget`.
 * Slices without events are not counted at all, so a quiet night neither earns nor spends budget,
 * while one bad minute at 3 a.m. weighs as much as one bad minute at noon.
 */
export function sliceCounts(slices: Iterable<GoodTotal>, sliceTarget: number): GoodTotal {
  let good = 0;
  let total = 0;
  for (const slice of slices) {
    if (slice.total <= 0) continue;
    total += 1;
    if (slice.good / slice.total >= sliceTarget) good += 1;
  }
  return { good, total };
}

/**
 * When the remaining budget runs out if the current 1-day burn rate holds: remaining × period ÷ burn rate
 * from `at`. `null` date means "not at this rate": no burn, or the date falls after `horizon` (when a
 * calendar window resets, or one period ahead for a rolling window). Already spent: exhausted, date `at`.
 */
export function budgetExhaustion(remaining: number | null, burnRate1d: number | null, at: Date, periodSeconds: number, horizon: Date): { date: Date | null; exhausted: boolean } {
  if (remaining === null) return { date: null, exhausted: false };
  if (remaining <= 0) return { date: at, exhausted: true };
  if (!burnRate1d || burnRate1d <= 0) return { date: null, exhausted: false };
  const date = new Date(at.getTime() + ((remaining * periodSeconds) / burnRate1d) * 1000);
  return { date: date.getTime() > horizon.getTime() ? null : date, exhausted: false };
}

/**
 * The status rule, in order:
 * - no-data: fewer than `minEvents` events (or counted slices) in the window;
 * - breach: attainment below the objective;
 * - warning: less than 25 % of the budget left, or a page-level burn-rate pair firing (1 h & 5 m, or 6 h & 30 m);
 * - ok otherwise.
 */
export function sloStatus(input: { counts: GoodTotal; minEvents: number; objective: number; remaining: number | null; burnRates: Partial<Record<BurnWindow, number | null>>; periodSeconds: number }): SloStatus {
  const value = attainment(input.counts);
  if (input.counts.total < input.minEvents || value === null) return 'no-data';
  if (value < input.objective) return 'breach';
  const paging = firingPairs(input.burnRates, input.periodSeconds).some((pair) => pair.severity === 'page');
  if ((input.remaining !== null && input.remaining < WARNING_REMAINING) || paging) return 'warning';
  return 'ok';
}

/**
 * The budget burn-down: at the end of each period (e.g. day) of the window, the share of the whole window's
 * budget still left. `allowed` is the window's allowed bad count; the last point equals the remaining budget.
 */
export function burnDown(periods: readonly { end: Date; bad: number }[], allowed: number): { end: Date; remaining: number | null }[] {
  let spent = 0;
  return periods.map(({ end, bad }) => {
    spent += bad;
    return { end, remaining: allowed > 0 ? 1 - spent / allowed : null };
  });
}
