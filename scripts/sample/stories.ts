import { createRandoms, type Random } from './random.ts';

/** One metric event as an instrumented service sends it. Times are epoch seconds. */
export interface SampleEvent {
  metric: string;
  value: number;
  ts: number;
  tags: Record<string, string>;
  /** Set on an event that may be sent again with a corrected value; the line sent last wins. */
  id?: string;
  /** When the line is sent; later than `ts` for a correction. Defaults to `ts`. */
  sentAt?: number;
}

/** What happens in one program, hour by hour. */
export interface Story {
  programId: string;
  /** The events whose `ts` falls in the hour starting at `hour`, in time order. */
  hour(hour: number): SampleEvent[];
}

/** The five sample programs. `end` is the end of the sample period: FEMA's feed stops three days before it. */
export function createStories(seed: number, end: number): Story[] {
  const [cms, opm, dot, fema, osers] = createRandoms(seed, 5) as [Random, Random, Random, Random, Random];
  return [cmsEligibility(cms), opmDocketApi(opm), dotPermitHotline(dot), femaAidForm(fema, end - 3 * DAY), osersBenefitCalls(osers)];
}

const DAY = 86_400;
const RULE_CHANGE = at('2026-03-02T00:00:00Z');
const INCIDENT = span('2026-10-27T14:00:00Z', '2026-10-27T16:30:00Z');
const HOLIDAYS = span('2025-12-24T00:00:00Z', '2026-01-03T00:00:00Z');
const BACKLOG = span('2026-01-12T00:00:00Z', '2026-01-24T00:00:00Z');
const HURRICANE = span('2026-09-15T00:00:00Z', '2026-09-20T00:00:00Z');
const REPORTING_OUTAGE = span('2026-10-22T16:00:00Z', '2026-10-22T22:00:00Z');

// Rough shares of Medicaid enrollment among the largest states.
const STATES = ['CA', 'NY', 'TX', 'FL', 'PA', 'IL', 'OH', 'MI', 'NC', 'GA'];
const STATE_WEIGHTS = [15, 8, 6, 6, 4, 4, 4, 3, 3, 3];

// Shares of 1 to 5 stars: callers whose case took under 48 hours, and those who waited longer.
const RATINGS_FAST = [5, 5, 11, 30, 49];
const RATINGS_SLOW = [25, 20, 25, 20, 10];

/** Review time drops from about 15 days to about a day when the payroll-data rule takes effect. */
function cmsEligibility(random: Random): Story {
  return {
    programId: 'cms-eligibility',
    hour(hour) {
      const clock = localClock(hour, 'America/New_York');
      // Caseworkers decide most reviews in office hours; automated renewals trickle in around the clock.
      const mean = isWeekday(clock) && clock.hour >= 8 && clock.hour < 17 ? 32 : 5;
      const events: SampleEvent[] = [];
      for (const ts of arrivals(random, hour, mean)) {
        const tags = { state: STATES[random.weighted(STATE_WEIGHTS)]! };
        const hours = ts < RULE_CHANGE ? random.lognormal(360, 0.3) : random.lognormal(21, 0.33);
        events.push(
          { metric: 'eligibility.review_hours', value: round(hours, 1), ts, tags },
          { metric: 'eligibility.completed', value: 1, ts, tags },
          { metric: random.chance(0.005) ? 'eligibility.error' : 'eligibility.ok', value: 1, ts, tags },
        );
        if (random.chance(0.006)) events.push({ metric: 'eligibility.fraud_flags', value: 1, ts, tags });
      }
      return events;
    },
  };
}

/** A fast API with one incident: a failed database failover makes answers slow and a third of them 503s. */
function opmDocketApi(random: Random): Story {
  return {
    programId: 'opm-docket-api',
    hour(hour) {
      const clock = localClock(hour, 'America/Denver');
      const perMinute = 4 * (clock.hour >= 7 && clock.hour < 19 ? 1.5 : 0.4) * (isWeekday(clock) ? 1 : 0.5);
      const latencies: SampleEvent[] = [];
      const requests: number[] = [];
      const ok: number[] = [];
      const errors: number[] = [];
      for (const ts of arrivals(random, hour, perMinute * 60)) {
        const incident = within(ts, INCIDENT);
        const ms = incident ? random.lognormal(4000, 0.35) : random.chance(0.003) ? random.lognormal(900, 0.5) : random.lognormal(110, 0.4);
        // The load balancer keeps the trace of a few slow requests.
        const tags: Record<string, string> = ms > 1500 && random.chance(0.05) ? { trace_id: random.hex(32) } : {};
        latencies.push({ metric: 'docket.latency_ms', value: round(ms, 1), ts, tags });
        requests.push(ts);
        (random.chance(incident ? 0.35 : 0.0002) ? errors : ok).push(ts);
      }
      return [...latencies, ...countPerMinute('docket.requests', requests), ...countPerMinute('docket.ok', ok), ...countPerMinute('docket.error', errors)];
    },
  };
}

/** A business-hours hotline with a holiday lull, a winter backlog, star ratings and corrected cases. */
function dotPermitHotline(random: Random): Story {
  let caseNumber = 41_000;
  return {
    programId: 'dot-permit-hotline',
    hour(hour) {
      const clock = localClock(hour, 'America/Chicago');
      const saturday = clock.weekday === 6 && clock.hour >= 9 && clock.hour < 13;
      // Outside staffed hours, a small night desk closes urgent cases.
      let mean = isWeekday(clock) && clock.hour >= 7 && clock.hour < 19 ? 14 : saturday ? 6 : 4;
      if (within(hour, HOLIDAYS)) mean *= 0.4;
      const backlog = within(hour, BACKLOG);
      const events: SampleEvent[] = [];
      for (const ts of arrivals(random, hour, mean)) {
        caseNumber++;
        const hours = backlog ? random.lognormal(40, 0.5) : random.chance(0.01) ? random.lognormal(90, 0.3) : random.lognormal(15, 0.6);
        const resolution: SampleEvent = { metric: 'hotline.resolution_hours', value: round(hours, 1), ts, tags: {} };
        events.push({ metric: 'hotline.resolved', value: 1, ts, tags: {} });
        if (random.chance(0.01)) {
          // A supervisor reopens the case and closes it again: the same event is sent again later with a longer time.
          const id = `case-${caseNumber}`;
          const corrected = round(hours + random.lognormal(20, 0.5), 1);
          events.push({ ...resolution, id }, { ...resolution, id, value: corrected, sentAt: ts + random.int(3600, 6 * 3600) });
        } else {
          events.push(resolution);
        }
        if (random.chance(0.35)) {
          events.push({ metric: 'hotline.satisfaction', value: 1 + random.weighted(hours > 48 ? RATINGS_SLOW : RATINGS_FAST), ts, tags: {} });
        }
      }
      return events;
    },
  };
}

/** A web form that holds up until a hurricane brings ten times the traffic; its feed stops at `stop`. */
function femaAidForm(random: Random, stop: number): Story {
  return {
    programId: 'fema-aid-form',
    hour(hour) {
      if (hour >= stop) return [];
      const clock = localClock(hour, 'America/Los_Angeles');
      const storm = within(hour, HURRICANE);
      const mean = 60 * (clock.hour >= 8 && clock.hour < 22 ? 1.4 : 0.4) * (isWeekday(clock) ? 1 : 0.8) * (storm ? 10 : 1);
      const latencies: SampleEvent[] = [];
      const submissions: number[] = [];
      const ok: number[] = [];
      const errors: number[] = [];
      for (const ts of arrivals(random, hour, mean)) {
        const ms = storm ? random.lognormal(900, 0.6) : random.lognormal(350, 0.5);
        latencies.push({ metric: 'aidform.latency_ms', value: round(ms, 1), ts, tags: {} });
        submissions.push(ts);
        (random.chance(storm ? 0.03 : 0.003) ? errors : ok).push(ts);
      }
      return [...latencies, ...countPerMinute('aidform.submissions', submissions), ...countPerMinute('aidform.ok', ok), ...countPerMinute('aidform.error', errors)];
    },
  };
}

/** A call center whose waits are worst on Monday mornings; one afternoon of metrics is lost. */
function osersBenefitCalls(random: Random): Story {
  return {
    programId: 'osers-benefit-calls',
    hour(hour) {
      if (within(hour, REPORTING_OUTAGE)) return [];
      const clock = localClock(hour, 'America/Phoenix');
      const mondayMorning = clock.weekday === 1 && clock.hour >= 8 && clock.hour < 12;
      const open = isWeekday(clock) ? clock.hour >= 8 && clock.hour < 20 : clock.weekday === 6 && clock.hour >= 9 && clock.hour < 14;
      // After hours, a small team answers the line for urgent payment problems.
      const mean = mondayMorning ? 80 : open ? (isWeekday(clock) ? 45 : 15) : 5;
      const events: SampleEvent[] = [];
      for (const ts of arrivals(random, hour, mean)) {
        const wait = mondayMorning ? random.lognormal(45, 0.6) : random.lognormal(20, 0.6);
        const age = Math.min(99, Math.max(18, Math.round(54 + 15 * random.normal())));
        events.push(
          { metric: 'calls.wait_seconds', value: round(wait, 1), ts, tags: {} },
          { metric: 'calls.answered', value: 1, ts, tags: {} },
          { metric: 'calls.caller_age', value: age, ts, tags: {} },
        );
      }
      return events;
    },
  };
}

/** Poisson arrivals in the hour starting at `hour`, as sorted whole seconds. */
function arrivals(random: Random, hour: number, mean: number): number[] {
  const count = random.poisson(mean);
  return Array.from({ length: count }, () => hour + random.int(0, 3599)).sort((a, b) => a - b);
}

/** Counter increments as a service flushes them: one event per minute holding that minute's count. */
function countPerMinute(metric: string, times: readonly number[]): SampleEvent[] {
  const counts = new Map<number, number>();
  for (const ts of times) {
    const minute = ts - (ts % 60);
    counts.set(minute, (counts.get(minute) ?? 0) + 1);
  }
  return [...counts].map(([ts, value]) => ({ metric, value, ts, tags: {} }));
}

interface LocalClock {
  /** 0 is Sunday. */
  weekday: number;
  hour: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const clockFormats = new Map<string, Intl.DateTimeFormat>();

function localClock(ts: number, timeZone: string): LocalClock {
  let format = clockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' });
    clockFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(ts * 1000);
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  return { weekday: WEEKDAYS.indexOf(part('weekday')), hour: Number(part('hour')) };
}

function isWeekday(clock: LocalClock): boolean {
  return clock.weekday >= 1 && clock.weekday <= 5;
}

function at(iso: string): number {
  return Date.parse(iso) / 1000;
}

function span(from: string, to: string): [number, number] {
  return [at(from), at(to)];
}

function within(ts: number, [from, to]: [number, number]): boolean {
  return ts >= from && ts < to;
}

function round(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}
