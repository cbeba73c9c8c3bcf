import { z } from 'zod';
import { DURATION_PATTERN, parseDuration } from '../duration.ts';

/** A slug that becomes part of a URL and a file name, e.g. `cms-eligibility`. */
export const SlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected a slug: lowercase letters, digits and dashes, starting with a letter or digit, at most 63 characters');

/** A metric name as instrumented services send it, e.g. `eligibility.latency_ms`. */
export const MetricNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$/, 'expected a metric name such as eligibility.latency_ms');

/** A duration such as `5m`, `1h` or `28d`, read as seconds. */
export const DurationSchema = z
  .string()
  .regex(DURATION_PATTERN, { message: 'expected a duration such as 30s, 5m, 1h, 28d', abort: true })
  .refine((text) => parseDuration(text) !== undefined, 'expected a duration greater than zero')
  .transform((text) => parseDuration(text) ?? 0);

/** A duration that may be zero, such as `for: 0s` or `2m`, read as seconds. */
export const DurationOrZeroSchema = z
  .string()
  .regex(DURATION_PATTERN, { message: 'expected a duration such as 0s, 30s, 5m, 1h', abort: true })
  .transform((text) => parseDuration(text) ?? 0);

/** A label name as Prometheus allows it (`severity`, `team`): letters, digits and underscores. */
export const LabelNameSchema = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'expected a label name: letters, digits and underscores, not starting with a digit');

/** An IANA time zone name, e.g. `America/New_York`. */
export const TimeZoneSchema = z.string().refine(isTimeZone, 'expected an IANA time zone such as America/New_York');

/** An ISO 8601 date `2024-07-15`. */
export const DateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected a date as YYYY-MM-DD', abort: true })
  .refine(isRealDate, 'expected a date that exists, as YYYY-MM-DD');

/** An ISO 8601 time with a zone, e.g. `2024-08-01T14:07:55Z`. */
export const InstantSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/, { message: 'expected an ISO 8601 time with a zone, such as 2024-08-01T14:07:55Z', abort: true })
  .refine((text) => isRealInstant(text), 'expected a date and time that exist, such as 2024-08-01T14:07:55Z');

/** An OMB bureau code as data.gov catalogs use it, `agency:bureau`, e.g. `023:00`. */
export const BureauCodeSchema = z.string().regex(/^\d{3}:\d{2}$/, 'expected a bureau code as NNN:NN, e.g. 023:00 (OMB Circular A-11, Appendix C)');

/** A Federal Program Inventory code, `agency:program`, e.g. `009:000`. */
export const ProgramCodeSchema = z.string().regex(/^\d{3}:\d{3}$/, 'expected a program code as NNN:NNN, e.g. 009:000 (Federal Program Inventory)');

/** A person or team to contact, e.g. `{name: Eligibility team, email: elig@cms.example.gov}`. */
export const ContactSchema = z.strictObject({
  /** Who answers, e.g. `Eligibility operations`. */
  name: z.string().min(1),
  /** Where to write, e.g. `elig-ops@cms.example.gov`. */
  email: z.email('expected an email address'),
});
export type Contact = z.output<typeof ContactSchema>;

/** True when the date and time fields are in range (no 2026-13-45 or 25:00), judged before the zone offset. */
function isRealInstant(text: string): boolean {
  const [, date, hour, minute, second] = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(text) ?? [];
  return date !== undefined && isRealDate(date) && Number(hour) < 24 && Number(minute) < 60 && Number(second ?? 0) < 60;
}

/** True for a YYYY-MM-DD date that exists in the calendar. */
function isRealDate(date: string): boolean {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const parsed = new Date(Date.UTC(year, month - 1, day));
  return parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === day;
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name.includes('/') || name === 'UTC';
  } catch {
    return false;
  }
}
