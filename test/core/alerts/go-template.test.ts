import { describe, expect, it } from 'vitest';
import { annotationParts, goNumber, goTemplate, renderGoParts } from '../../../src/core/alerts/go-template.ts';
import { formatNumber } from '../../../src/core/alerts/template.ts';

describe('goNumber: what the exported template prints, as Prometheus 2.42 printed it', () => {
  // The right-hand sides were printed by promtool 2.42 from the template "hms_ops_number".
  it.each(Object.entries({
    'a whole number as it is': [12345, '12345'],
    'a million without an exponent': [1e6, '1000000'],
    'from 1000 up, one decimal': [4012.3, '4012.3'],
    'from 1000 up, without a trailing .0': [4012.04, '4012'],
    'negative, from 1000 down': [-1234.56, '-1234.6'],
    'under 1000, 4 significant digits': [0.137931, '0.1379'],
    'just under a whole number rounds to it': [479.99999999999994, '480'],
    'halfway rounds to the even digit (1.0625 → 1.062)': [1.0625, '1.062'],
    'under 0.0001, an exponent': [0.00001234, '1.234e-05'],
    'a single digit with an exponent': [1e-7, '1e-07'],
    'a short decimal keeps no trailing zeros': [0.05, '0.05'],
  }))('%s', (_, [value, text]) => {
    expect(goNumber(value as number)).toBe(text);
  });

  it('is hms-ops\'s formatNumber away from halfway cases and tiny numbers', () => {
    for (const value of [0.5, 590, 12.3456, 999.94, 2500, 0.07407407, 1234.56, -3.14159, 100000]) expect(goNumber(value)).toBe(formatNumber(value));
    // Halfway cases differ: JavaScript's toFixed rounds them up.
    expect([formatNumber(1.0625), goNumber(1.0625)]).toEqual(['1.063', '1.062']);
  });

  it('NaN and infinities as Go prints them', () => {
    expect([goNumber(Number.NaN), goNumber(Infinity), goNumber(-Infinity)]).toEqual(['NaN', '+Inf', '-Inf']);
  });
});

describe('annotation templates', () => {
  const constants = { threshold: 500, window: '1m', severity: 'critical', program: 'p' };
  const parts = annotationParts('p95 {{ value }} ms from {{ n }} at {{ at }} (limit {{ threshold }}, {{ labels.team }}, {{ slo }})', constants, { team: 'api' });

  it('fills every field known before evaluation and leaves value, n and at', () => {
    expect(parts).toEqual([{ text: 'p95 ' }, { field: 'value' }, { text: ' ms from ' }, { field: 'n' }, { text: ' at ' }, { field: 'at' }, { text: ' (limit 500, api, )' }]);
  });

  it('renders as Prometheus does', () => {
    expect(renderGoParts(parts, { value: 479.99999999999994, n: 20, at: new Date('1970-01-01T00:06:00Z') })).toBe('p95 480 ms from 20 at 1970-01-01T00:06:00.000Z (limit 500, api, )');
  });

  it('writes Go: the number rule once, n from the events series, at from time(), and {{ in text escaped', () => {
    const template = goTemplate([{ text: 'a {{ b ' }, { field: 'value' }, { text: ' ' }, { field: 'n' }, { text: ' ' }, { field: 'at' }], 'hms_ops:r:events');
    expect(template).toBe(
      '{{ define "hms_ops_number" }}{{ if eq (printf "%.0f" .) (printf "%.17g" .) }}{{ printf "%.0f" . }}{{ else if or (ge . 1000.0) (le . -1000.0) }}{{ reReplaceAll "\\\\.0$" "" (printf "%.1f" .) }}{{ else }}{{ printf "%.4g" . }}{{ end }}{{ end }}'
      + 'a {{ "{{" }} b {{ template "hms_ops_number" $value }} {{ with query "hms_ops:r:events" }}{{ template "hms_ops_number" (. | first | value) }}{{ end }} '
      + '{{ with query "time()" }}{{ ((. | first | value | toTime).UTC).Format "2006-01-02T15:04:05.000Z07:00" }}{{ end }}',
    );
    expect(goTemplate([{ text: 'plain' }], 'x')).toBe('plain');
  });
});
