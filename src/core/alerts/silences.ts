import { fnv1a64 } from './alert-state.ts';
import { matchesAll, parseMatcher, type Matcher } from './matchers.ts';

/**
 * A silence as Alertmanager's: matchers, a time range, who made it and why. It holds back the
 * notifications of the firing alerts it matches while it is active (`startsAt ≤ t < endsAt`); the
 * alerts are still evaluated, recorded and audited. Expiring a silence sets its end to that moment.
 */
export interface Silence {
  id: string;
  /** Matcher texts such as `program = opm-docket-api` (see core/alerts/matchers.ts). */
  matchers: string[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  createdAt: string;
}

export type SilenceStatus = 'pending' | 'active' | 'expired';

export function silenceStatus(silence: Silence, at: Date): SilenceStatus {
  if (at.getTime() < Date.parse(silence.startsAt)) return 'pending';
  return at.getTime() < Date.parse(silence.endsAt) ? 'active' : 'expired';
}

/** Parses matcher texts; the messages of those that do not parse. */
export function parseMatchers(texts: readonly string[]): { matchers: Matcher[]; problems: string[] } {
  const matchers: Matcher[] = [];
  const problems: string[] = [];
  for (const text of texts) {
    const parsed = parseMatcher(text);
    if (typeof parsed === 'string') problems.push(parsed);
    else matchers.push(parsed);
  }
  return { matchers, problems };
}

/** A new silence's id: `s-` and 12 hex digits from its content and creation time. */
export function silenceId(spec: Omit<Silence, 'id'>): string {
  return `s-${fnv1a64(JSON.stringify(spec)).slice(0, 12)}`;
}

/** Each silence's matchers, parsed once (a notification look asks about every firing alert). */
const parsed = new WeakMap<Silence, Matcher[]>();

function matchersOf(silence: Silence): Matcher[] {
  let matchers = parsed.get(silence);
  if (!matchers) {
    matchers = parseMatchers(silence.matchers).matchers;
    parsed.set(silence, matchers);
  }
  return matchers;
}

/** The active silence that matches the labels at `at`, or null. */
export function silenceFor(silences: readonly Silence[], labels: Readonly<Record<string, string>>, at: Date): Silence | null {
  for (const silence of silences) {
    if (silenceStatus(silence, at) !== 'active') continue;
    const matchers = matchersOf(silence);
    if (matchers.length > 0 && matchesAll(matchers, labels)) return silence;
  }
  return null;
}

/** Silences that ended more than this long ago are dropped from the state (the audit log keeps them). */
export const EXPIRED_SILENCE_RETENTION_SECONDS = 5 * 24 * 3600;

export function pruneSilences(silences: readonly Silence[], at: Date): Silence[] {
  return silences.filter((silence) => at.getTime() - Date.parse(silence.endsAt) < EXPIRED_SILENCE_RETENTION_SECONDS * 1000);
}
