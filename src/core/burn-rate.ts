/** The windows over which burn rates are reported, in seconds. */
export const BURN_WINDOWS = { '5m': 300, '30m': 1800, '1h': 3600, '2h': 7200, '6h': 21_600, '1d': 86_400, '3d': 259_200 } as const;
export type BurnWindow = keyof typeof BURN_WINDOWS;

/**
 * Multiwindow, multi-burn-rate alert pairs from the Google SRE Workbook, "Alerting on SLOs"
 * (https://sre.google/workbook/alerting-on-slos/), table 5-8, for a 30-day SLO:
 *   page   when the 1 h and 5 m burn rates both exceed 14.4 (2 % of the budget spent in 1 h),
 *   page   when the 6 h and 30 m burn rates both exceed 6   (5 % in 6 h),
 *   ticket when the 1 d and 2 h burn rates both exceed 3    (10 % in 1 d),
 *   ticket when the 3 d and 6 h burn rates both exceed 1    (10 % in 3 d).
 * The threshold is budget share × (SLO period ÷ long window), so it scales with the SLO's window:
 * 0.02 × 720 h ÷ 1 h = 14.4 for 30 days, 0.02 × 672 h ÷ 1 h = 13.44 for 28 days.
 */
export const BURN_RATE_PAIRS = [
  { severity: 'page', long: '1h', short: '5m', budgetShare: 0.02 },
  { severity: 'page', long: '6h', short: '30m', budgetShare: 0.05 },
  { severity: 'ticket', long: '1d', short: '2h', budgetShare: 0.1 },
  { severity: 'ticket', long: '3d', short: '6h', budgetShare: 0.1 },
] as const satisfies readonly { severity: 'page' | 'ticket'; long: BurnWindow; short: BurnWindow; budgetShare: number }[];
export type BurnRatePair = (typeof BURN_RATE_PAIRS)[number];

/**
 * How fast the error budget is being spent: the bad fraction in a window ÷ the allowed bad fraction
 * (1 − objective). 1 spends exactly the budget over the SLO period; null when the window has no events.
 */
export function burnRate(bad: number, total: number, objective: number): number | null {
  return total > 0 ? bad / total / (1 - objective) : null;
}

/** The burn-rate threshold of a pair for an SLO period: budget share × period ÷ long window. */
export function burnThreshold(pair: BurnRatePair, periodSeconds: number): number {
  return (pair.budgetShare * periodSeconds) / BURN_WINDOWS[pair.long];
}

/** The pairs whose long and short burn rates both exceed their threshold. */
export function firingPairs(rates: Partial<Record<BurnWindow, number | null>>, periodSeconds: number): BurnRatePair[] {
  return BURN_RATE_PAIRS.filter((pair) => {
    const threshold = burnThreshold(pair, periodSeconds);
    const long = rates[pair.long];
    const short = rates[pair.short];
    return long !== null && long !== undefined && short !== null && short !== undefined && long > threshold && short > threshold;
  });
}
