import { lastDayEmpty } from '../../core/model/compute-slo.ts';
import type { SloModel } from '../../core/schemas/model.ts';
import { formatBudget, formatNumber, formatPercent, windowLabel } from './format.ts';
import { formatDateTime, formatMonth } from './time.ts';

/** Status words and the USWDS icon that goes with each: status is never shown by colour alone. */
export const STATUS_TEXT = {
  ok: { label: 'Meeting objective', icon: 'check_circle' },
  warning: { label: 'At risk', icon: 'warning' },
  breach: { label: 'Objective missed', icon: 'error' },
  'no-data': { label: 'No data', icon: 'help' },
} as const satisfies Record<SloModel['status'], { label: string; icon: string }>;

/**
 * An SLO in plain language, e.g. "99.3% of 8,296 reviews met “Reviews finished within 48 hours” over
 * the last 28 days (goal 99%)." followed by the budget and when it runs out.
 */
export function sloSentences(slo: SloModel, timeZone: string): string[] {
  const goal = formatPercent(slo.objective, decimalsFor(slo.objective));
  // Withheld (slo.suppressed): total is null with every other number of the window.
  if (slo.total === null) return [withheldSentence(slo, timeZone, goal)];
  // A time-slice SLO counts only the slices with data: 17,254 minutes of a 30-day window's 43,200.
  const counted = `${formatNumber(slo.total)} ${slo.noun}${slo.budgeting === 'timeslices' ? ' with data' : ''}`;
  const over = windowPhrase(slo, timeZone);
  const first = slo.attainment === null
    ? `Not enough data: only ${counted} over ${over}, fewer than the ${formatNumber(slo.min_events)} needed to judge “${slo.name}” (goal ${goal}).`
    : `${formatPercent(slo.attainment, 2)} of ${counted} met “${slo.name}” over ${over} (goal ${goal}).`;
  return [first, budgetSentence(slo, timeZone)];
}

/**
 * An SLO whose window's numbers are withheld: it counts the events of a KPI under small-cell
 * suppression, and its numbers would give a withheld count away. Its status is still published.
 */
function withheldSentence(slo: SloModel, timeZone: string, goal: string): string {
  const standing = {
    ok: `meets its goal of ${goal}`,
    warning: `meets its goal of ${goal} but is at risk`,
    breach: `misses its goal of ${goal}`,
    'no-data': `has too little data to judge against its goal of ${goal}`,
  }[slo.status];
  return `Over ${windowPhrase(slo, timeZone)}, “${slo.name}” ${standing}. The exact numbers are withheld: they count the same ${slo.noun} as a KPI whose small counts are not published, and would let them be worked out.`;
}

/** An SLO's goal in a few words, e.g. `95% of cases over the last 28 days` (a KPI tile's goal when it has no target). */
export function sloGoalText(slo: SloModel, timeZone: string): string {
  return `${formatPercent(slo.objective, decimalsFor(slo.objective))} of ${slo.noun} over ${windowPhrase(slo, timeZone)}`;
}

/** The SLO's window after "over": `the last 28 days`, or a calendar month by name, `October 2026 so far` until it is whole. */
function windowPhrase(slo: SloModel, timeZone: string): string {
  if (slo.window !== 'calendar-month') return `the ${windowLabel(slo.window)}`;
  const month = formatMonth(slo.window_start, timeZone);
  // window_end is exclusive: a whole month ends at the first instant of the next one.
  return formatMonth(slo.window_end, timeZone) === month ? `${month} so far` : month;
}

/** The error budget and its exhaustion date in words. */
export function budgetSentence(slo: SloModel, timeZone: string): string {
  const remaining = slo.budget.remaining;
  if (remaining === null) return 'The error budget is unknown: no events were allowed to fail in this window.';
  if (slo.exhaustion.exhausted) return `The error budget is spent: ${formatBudget(-remaining)} over budget.`;
  const left = `${formatBudget(remaining)} of the error budget is left`;
  // No event in the last day (a feed that stopped): there is no pace to project, only the budget left.
  if (!slo.exhaustion.date && lastDayEmpty(slo)) return `${left}; with no ${slo.noun} recorded in the last day, there is no pace to say when it would run out.`;
  return slo.exhaustion.date
    ? `${left}; at the last day's pace it runs out on ${formatDateTime(slo.exhaustion.date, timeZone)}.`
    : `${left}; at the last day's pace it lasts beyond the end of this window.`;
}

/** Fewest decimals that show an objective exactly: 0.99 → 0 (99%), 0.999 → 1 (99.9%). */
function decimalsFor(objective: number): number {
  for (let decimals = 0; decimals < 4; decimals++) if (Math.abs(Math.round(objective * 100 * 10 ** decimals) - objective * 100 * 10 ** decimals) < 1e-9) return decimals;
  return 4;
}
