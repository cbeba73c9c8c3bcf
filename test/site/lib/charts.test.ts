import { describe, expect, it } from 'vitest';
import { lineChart, roundCoordinates, sparkline } from '../../../src/site/lib/charts.ts';
import type { ChartPoint } from '../../../src/site/lib/series.ts';

const points: ChartPoint[] = [
  { start: '2026-10-01T00:00:00.000Z', value: 10, n: 40 },
  { start: '2026-10-02T00:00:00.000Z', value: 12, n: 40 },
  { start: '2026-10-03T00:00:00.000Z', value: null, n: 0 },
  { start: '2026-10-04T00:00:00.000Z', value: 14, n: 40 },
  { start: '2026-10-05T00:00:00.000Z', value: 11, n: 40 },
];
const chart = (extra: Partial<Parameters<typeof lineChart>[0]> = {}) =>
  lineChart({ points, yLabel: 'Review time (h)', xLabel: 'Day (UTC)', timeZone: 'UTC', name: { label: 'Review time, daily' }, ...extra });

describe('lineChart', () => {
  it('is one SVG image named by its summary, with no inline style for the CSP to block', () => {
    const svg = chart();
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain('aria-label="Review time, daily"');
    // …or by the elements beside it that say it, without the text twice.
    const labelled = chart({ name: { labelledBy: 'c-title c-summary' } });
    expect(labelled).toMatch(/^<svg [^>]*role="img"/);
    expect(labelled).toContain('aria-labelledby="c-title c-summary"');
    expect(labelled).not.toContain('aria-label=');
    expect(svg).not.toMatch(/<style|style="/);
  });

  it('draws the x axis\u2019s tick marks and the grid as one path each, a mark under every tick label and a line at every y label', () => {
    const svg = chart();
    // The x tick labels: <text transform="translate(x,220)"> in the axis's group after the tick marks.
    const xAxis = /<g transform="translate\(0,9\)" font-variant="tabular-nums">.*?<\/g>/.exec(svg)![0];
    const xLabels = [...xAxis.matchAll(/<text transform="translate\(([\d.]+),220\)"/g)].map((m) => m[1]);
    const ticks = /<g stroke="currentColor" fill="none" aria-hidden="true"><path d="([^"]+)"\/><\/g>/.exec(svg)![1]!;
    expect(ticks).toBe(xLabels.map((x) => `M${x},220v6`).join(''));
    // The grid: a horizontal line from the left edge to the right at each y label.
    const yLabels = [...svg.matchAll(/<text transform="translate\(56,([\d.]+)\)" y="0.32em">/g)].map((m) => m[1]);
    const grid = /<g stroke="#dfe1e2" aria-hidden="true"><path d="([^"]+)" fill="none"\/><\/g>/.exec(svg)![1]!;
    expect(grid).toBe(yLabels.map((y) => `M56,${y}H704`).join(''));
    expect(xLabels.length).toBeGreaterThan(2);
    expect(yLabels.length).toBeGreaterThan(2);
    // No tick or grid line is left as an element of its own.
    expect(svg).not.toContain('d="M0,0L0,6"');
    expect(svg).not.toMatch(/<g stroke="#dfe1e2"[^>]*><line/);
  });

  it('breaks the line at a missing day instead of drawing across it', () => {
    const path = /<path[^>]*stroke="#0072B2"[^>]*d="([^"]+)"|<path[^>]*d="([^"]+)"[^>]*stroke="#0072B2"/.exec(chart())
      ?? /<g[^>]*stroke="#0072B2"[^>]*>\s*<path[^>]*d="([^"]+)"/.exec(chart());
    const d = path?.[1] ?? path?.[2] ?? '';
    // two runs (1–2 and 4–5 October): two moveto commands
    expect(d.match(/M/g)).toHaveLength(2);
  });

  it('labels the y axis with its unit and draws the target line with its label', () => {
    const svg = chart({ rule: { value: 48, label: 'target 48.0 h' } });
    expect(svg).toContain('Review time (h)');
    expect(svg).toContain('target 48.0 h');
    expect(svg).toContain('stroke-dasharray="6,4"');
  });

  it('draws maintenance as light bands behind everything and incidents as labelled solid lines, in the chart\u2019s zone', () => {
    // 2 October 06:00–08:00Z is 02:00–04:00 in New York (EDT): drawn at those wall-clock times on the UTC axis.
    const svg = chart({ timeZone: 'America/New_York', bands: [{ start: '2026-10-02T06:00:00.000Z', end: '2026-10-02T08:00:00.000Z' }], events: [{ at: '2026-10-04T14:01:00.000Z', label: 'I1' }] });
    const band = /<g fill-opacity="0.3" fill="#56B4E9"><rect height="\d+" width="([\d.]+)" y="\d+" x="[\d.]+"\/><\/g>/.exec(svg);
    expect(band).not.toBeNull();
    // 2 h of the 4 days drawn over 648 units (720 − 56 − 16): 2 ÷ 96 × 648 = 13.5
    expect(Number(band![1])).toBeCloseTo(13.5, 0);
    expect(svg.indexOf('fill="#56B4E9"')).toBeLessThan(svg.indexOf('stroke="#dfe1e2"')); // under the grid and the line
    expect(svg).toMatch(/<g stroke-width="1.5" stroke="#CC79A7"><line [^>]*\/><\/g>/);
    expect(svg).toContain('>I1</text>');
    expect(chart({ bands: [], events: [] })).toBe(chart());
  });

  it('marks a withheld period with an open circle along the bottom of the frame, and a missing one not at all', () => {
    const withheld = points.map((p) => (p.value === null ? { ...p, withheld: true as const } : p));
    const svg = chart({ points: withheld });
    const circles = /<g transform="translate\(0,(-?\d+)\)" stroke-width="1.25" stroke="#71767a" fill="white">((?:<circle [^>]*\/>)+)<\/g>/.exec(svg);
    expect(circles).not.toBeNull();
    expect(circles![2]!.match(/<circle /g)).toHaveLength(1);
    // At the bottom of the frame (260 high, 40 below it: y 220), moved 4 up off the axis line.
    expect([circles![1], /cy="(\d+)"/.exec(circles![2]!)![1]]).toEqual(['-4', '220']);
    expect(chart()).not.toContain('#71767a" fill="white"');
  });

  it('escapes text from the data', () => {
    const svg = chart({ markers: [{ date: '2026-10-02', label: '<script>alert(1)</script>' }], yLabel: 'a & <b>' });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('a &amp; &lt;b&gt;');
  });

  it('gives the same markup for the same data (reproducible builds)', () => expect(chart()).toBe(chart()));
});

describe('sparkline', () => {
  it('is decorative: hidden from assistive technology, no axes', () => {
    const svg = sparkline(points, 'UTC');
    expect(svg).toContain('aria-hidden="true"');
    expect(svg).not.toContain('<text');
  });
});

describe('roundCoordinates', () => {
  it('rounds long decimals in geometry attributes to one decimal and leaves text and short offsets alone', () => {
    const svg = '<svg><path d="M56,130.047L78.345,116.529" transform="translate(92.40449438202248,52.00000000000001)" /><text x="1.25" y="0.32em" aria-label="p95 123.4567 ms">123.4567</text></svg>';
    expect(roundCoordinates(svg)).toBe('<svg><path d="M56,130L78.3,116.5" transform="translate(92.4,52)" /><text x="1.25" y="0.32em" aria-label="p95 123.4567 ms">123.4567</text></svg>');
  });

  it('leaves no coordinate with more than one decimal in a drawn chart', () => {
    // With every kind of mark: the line, a withheld period's circle, a maintenance band, an incident.
    const svg = chart({ points: points.map((p) => (p.value === null ? { ...p, withheld: true as const } : p)), bands: [{ start: '2026-10-02T06:00:00.000Z', end: '2026-10-02T08:00:00.000Z' }], events: [{ at: '2026-10-04T14:01:00.000Z', label: 'I1' }] });
    expect(svg).toContain('<circle ');
    const geometry = [...svg.matchAll(/\s(?:d|transform|x|y|x1|x2|y1|y2|cx|cy|r|width|height)="([^"]*)"/g)].map((m) => m[1]).join(' ');
    expect(geometry).toMatch(/\d/);
    expect(geometry).not.toMatch(/\d\.\d{2,}(?!em)/);
  });
});
