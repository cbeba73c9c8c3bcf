import { renderTemplate, type TemplateField } from './template.ts';

/**
 * Annotation templates as Prometheus writes them (Go text/template), and how Prometheus renders
 * them, so that an exported rule says what the hms-ops rule says and an exported promtool test can
 * state the exact annotations it expects.
 */

/** A piece of an annotation once every field known before evaluation is filled in. */
export type AnnotationPart = { text: string } | { field: EvaluatedField };

/** The fields only an evaluation knows: the value, the events behind it (n), and the evaluation time. */
export type EvaluatedField = 'value' | 'n' | 'at';

/** What an evaluation gives the evaluated fields. */
export interface EvaluatedValues {
  value: number | null;
  n: number;
  at: Date;
}

const EVALUATED: readonly EvaluatedField[] = ['value', 'n', 'at'];
// renderTemplate passes strings through, so each evaluated field comes out as a marker to split on.
const MARKER = /\u0000(value|n|at)\u0000/;

/**
 * An hms-ops template with its constant fields filled by renderTemplate itself (threshold, window,
 * severity, labels… are the same at every evaluation of one alert), and value, n and at left as parts.
 */
export function annotationParts(template: string, constants: Partial<Record<TemplateField, string | number>>, labels: Readonly<Record<string, string>>): AnnotationPart[] {
  const markers = Object.fromEntries(EVALUATED.map((field) => [field, `\u0000${field}\u0000`]));
  const pieces = renderTemplate(template, { ...constants, ...markers }, labels).split(MARKER);
  return pieces.flatMap((piece, index): AnnotationPart[] => (index % 2 === 1 ? [{ field: piece as EvaluatedField }] : piece ? [{ text: piece }] : []));
}

/**
 * The Go template of an annotation: `$value` for value; n read with `query` from the rule's events
 * series (recorded in the same group just before); at from `time()`. Numbers are shown by the rule
 * of hms-ops (see goNumber), written once at the top as the template "hms_ops_number".
 */
export function goTemplate(parts: readonly AnnotationPart[], eventsSeries: string): string {
  const body = parts.map((part) => {
    if ('text' in part) return part.text.replaceAll('{{', '{{ "{{" }}');
    if (part.field === 'value') return '{{ template "hms_ops_number" $value }}';
    if (part.field === 'n') return `{{ with query "${eventsSeries}" }}{{ template "hms_ops_number" (. | first | value) }}{{ end }}`;
    return '{{ with query "time()" }}{{ ((. | first | value | toTime).UTC).Format "2006-01-02T15:04:05.000Z07:00" }}{{ end }}';
  }).join('');
  return parts.some((part) => 'field' in part && part.field !== 'at') ? NUMBER_TEMPLATE + body : body;
}

/** goNumber in Go: whole numbers with %.0f, from 1000 up %.1f without a trailing .0, else %.4g. */
const NUMBER_TEMPLATE = '{{ define "hms_ops_number" }}{{ if eq (printf "%.0f" .) (printf "%.17g" .) }}{{ printf "%.0f" . }}'
  + '{{ else if or (ge . 1000.0) (le . -1000.0) }}{{ reReplaceAll "\\\\.0$" "" (printf "%.1f" .) }}{{ else }}{{ printf "%.4g" . }}{{ end }}{{ end }}';

/** The text Prometheus renders from goTemplate's template at an evaluation. */
export function renderGoParts(parts: readonly AnnotationPart[], values: EvaluatedValues): string {
  return parts.map((part) => {
    if ('text' in part) return part.text;
    if (part.field === 'value') return goNumber(values.value ?? Number.NaN);
    if (part.field === 'n') return goNumber(values.n);
    return values.at.toISOString();
  }).join('');
}

/**
 * A number as the template "hms_ops_number" of goTemplate prints it, the rule of hms-ops's formatNumber in Go:
 * whole numbers as they are (`printf "%.0f"`), one decimal from 1000 up (`%.1f`, without a `.0`),
 * else 4 significant digits (`%.4g`). Go rounds a value exactly halfway to the even digit
 * (1234.5 → 1234 at 4 digits) where JavaScript's toFixed rounds up, and `%.4g` writes an exponent
 * below 0.0001 (`1.234e-05`): this reproduces Go, digit for digit, from the exact binary value.
 */
export function goNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  if (Number.isInteger(value) && Math.abs(value) < 1e17) return `${sign}${BigInt(Math.abs(value))}`;
  const exact = exactDecimal(Math.abs(value));
  if (Math.abs(value) >= 1000) {
    const tenths = roundHalfEven(exact, 1);
    const text = `${tenths / 10n}.${tenths % 10n}`;
    return `${sign}${text.endsWith('.0') ? text.slice(0, -2) : text}`;
  }
  return `${sign}${formatG4(exact)}`;
}

/** A finite non-negative double exactly, as digits ÷ 10^scale (every double is a finite decimal). */
function exactDecimal(value: number): { digits: bigint; scale: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exponent = biased === 0 ? -1074 : biased - 1075;
  // m × 2^−k = m × 5^k ÷ 10^k.
  return exponent >= 0 ? { digits: mantissa << BigInt(exponent), scale: 0 } : { digits: mantissa * 5n ** BigInt(-exponent), scale: -exponent };
}

/** The whole number nearest to value × 10^places, halfway cases to the even one (as Go's strconv). */
function roundHalfEven(value: { digits: bigint; scale: number }, places: number): bigint {
  const drop = value.scale - places;
  if (drop <= 0) return value.digits * 10n ** BigInt(-drop);
  const unit = 10n ** BigInt(drop);
  const quotient = value.digits / unit;
  const twice = 2n * (value.digits % unit);
  return twice > unit || (twice === unit && quotient % 2n === 1n) ? quotient + 1n : quotient;
}

/** Go's `%.4g` of a positive value under 1000 (strconv.FormatFloat(v, 'g', 4, 64)). */
function formatG4(value: { digits: bigint; scale: number }): string {
  let exponent = value.digits.toString().length - value.scale - 1;
  let rounded = roundHalfEven(value, 3 - exponent);
  if (rounded >= 10_000n) {
    exponent += 1;
    rounded /= 10n;
  }
  // Go keeps the significant digits without trailing zeros; dp is where the decimal point goes.
  const digits = rounded.toString().replace(/0+$/, '') || '0';
  const dp = exponent + 1;
  const precision = digits.length < 4 && digits.length >= dp ? digits.length : 4;
  if (exponent < -4 || exponent >= precision) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const decimals = Math.max((4 > dp ? digits.length : 4) - dp, 0);
  const whole = dp > 0 ? digits.slice(0, dp).padEnd(dp, '0') : '0';
  const fraction = Array.from({ length: decimals }, (_, i) => digits[dp + i] ?? '0').join('');
  return fraction ? `${whole}.${fraction}` : whole;
}
