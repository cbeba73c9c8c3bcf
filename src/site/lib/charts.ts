import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { ChartPoint } from './series.ts';
import { zonedWallClock } from './time.ts';

// Charts are drawn by Observable Plot at build time into a linkedom document and published as SVG:
// no chart needs JavaScript in the browser. Colours are the Okabe–Ito palette, which stays apart
// under the common forms of colour blindness; meaning is carried by labels and line styles as well.
// Maintenance bands are Okabe–Ito sky blue, light, behind everything; incidents reddish purple.
// Withheld periods (small-cell suppression) are open grey circles along the bottom of the frame.
const PALETTE = { line: '#0072B2', target: '#D55E00', annotation: '#555555', maintenance: '#56B4E9', incident: '#CC79A7', withheld: '#71767a' } as const;

export interface LineChartOptions {
  points: readonly ChartPoint[];
  /** Y axis label with its unit, e.g. `Review time (h)`. */
  yLabel: string;
  /** X axis label naming the zone, e.g. `Day (UTC)` or `Hour (America/New_York)`. */
  xLabel: string;
  /** The zone x values are drawn in. */
  timeZone: string;
  /** Multiplies values before drawing (100 for shares shown as percentages). */
  scale?: number;
  /** A horizontal reference line, e.g. the target, with its label. */
  rule?: { value: number; label: string };
  /** Dated markers (policy changes), labelled with their number. */
  markers?: readonly { date: string; label: string }[];
  /** Shaded bands behind the line (maintenance windows), [start, end) as ISO instants drawn in `timeZone`. */
  bands?: readonly { start: string; end: string }[];
  /** Instants marked by a labelled line (incidents), drawn in `timeZone`. */
  events?: readonly { at: string; label: string }[];
  /**
   * The accessible name of the SVG: its text (`label`), or the ids of the elements beside it that
   * say it (`labelledBy`, e.g. the figure's title and summary: the name is then not written twice).
   */
  name: { label: string } | { labelledBy: string };
  width?: number;
  height?: number;
  /** The y domain starts at zero unless the data goes below it. */
  zero?: boolean;
}

/** A line chart of a series as SVG markup; lines break at null points (gaps stay gaps). */
export function lineChart(options: LineChartOptions): string {
  return lineChartWithPositions(options).svg;
}

/**
 * A line chart and the x position (in SVG user units) of each of its points, in order: the KPI
 * page's hover read-out finds the point under the pointer from them.
 */
export function lineChartWithPositions(options: LineChartOptions): { svg: string; x: number[] } {
  const factor = options.scale ?? 1;
  const data = options.points.map((p) => ({ x: zonedWallClock(p.start, options.timeZone), y: p.value === null ? NaN : p.value * factor }));
  const markers = (options.markers ?? []).map((m) => ({ x: zonedWallClock(`${m.date}T00:00:00Z`, 'UTC'), label: m.label }));
  const bands = (options.bands ?? []).map((b) => ({ x1: zonedWallClock(b.start, options.timeZone), x2: zonedWallClock(b.end, options.timeZone) }));
  const events = (options.events ?? []).map((e) => ({ x: zonedWallClock(e.at, options.timeZone), label: e.label }));
  const withheld = options.points.filter((p) => p.withheld && p.value === null).map((p) => ({ x: zonedWallClock(p.start, options.timeZone) }));
  const marks: Plot.Markish[] = [
    // First, so that the grid, the line and every marker are drawn over the bands.
    ...(bands.length > 0 ? [Plot.rectX(bands, { x1: 'x1', x2: 'x2', fill: PALETTE.maintenance, fillOpacity: 0.3 })] : []),
    Plot.gridY({ stroke: '#dfe1e2', strokeOpacity: 1 }),
    Plot.ruleY(options.zero === false ? [] : [0], { stroke: '#71767a' }),
    Plot.lineY(data, { x: 'x', y: 'y', stroke: PALETTE.line, strokeWidth: 1.75 }),
  ];
  if (withheld.length > 0) {
    // A withheld period is a gap like a period without data, but marked: there were events, too few people to publish.
    marks.push(Plot.dot(withheld, { x: 'x', frameAnchor: 'bottom', dy: -4, r: 2.5, stroke: PALETTE.withheld, strokeWidth: 1.25, fill: 'white' }));
  }
  if (options.rule) {
    marks.push(Plot.ruleY([options.rule.value * factor], { stroke: PALETTE.target, strokeDasharray: '6,4', strokeWidth: 1.5 }));
    marks.push(Plot.text([options.rule.value * factor], { y: (d: number) => d, frameAnchor: 'right', text: () => options.rule!.label, dy: -7, fill: '#1b1b1b', fontSize: 12 }));
  }
  if (markers.length > 0) {
    marks.push(Plot.ruleX(markers, { x: 'x', stroke: PALETTE.annotation, strokeDasharray: '2,3' }));
    marks.push(Plot.text(markers, { x: 'x', text: 'label', frameAnchor: 'top', dy: -8, fill: '#1b1b1b', fontWeight: 'bold', fontSize: 12 }));
  }
  if (events.length > 0) {
    // A solid line (policy changes are dotted) and a label that says what it is, e.g. `I2`: inside
    // the frame, right of its line, on a white halo, so that it never covers a policy change's number
    // above the frame on the same day and stays legible over the line.
    marks.push(Plot.ruleX(events, { x: 'x', stroke: PALETTE.incident, strokeWidth: 1.5 }));
    marks.push(Plot.text(events, { x: 'x', text: 'label', frameAnchor: 'top', dy: 9, dx: 4, textAnchor: 'start', fill: '#1b1b1b', stroke: 'white', strokeWidth: 3, paintOrder: 'stroke', fontWeight: 'bold', fontSize: 12 }));
  }
  const { svg, scale } = render({
    width: options.width ?? 720,
    height: options.height ?? 260,
    marginTop: 24,
    marginLeft: 56,
    marginRight: 16,
    marginBottom: 40,
    x: { type: 'utc', label: options.xLabel, labelAnchor: 'right', labelOffset: 38 },
    // No y tick marks: the grid lines (gridY above) already run from each y tick label.
    y: { label: options.yLabel, zero: options.zero ?? true, grid: false, nice: true, tickSize: 0 },
    style: { fontSize: '12px' },
    marks,
  }, options.name);
  return { svg, x: data.map((d) => Math.round(scale('x', d.x) * 10) / 10) };
}

/** A tiny line without axes for a KPI tile; decorative, since the tile states the numbers. */
export function sparkline(points: readonly ChartPoint[], timeZone: string): string {
  const data = points.map((p) => ({ x: zonedWallClock(p.start, timeZone), y: p.value === null ? NaN : p.value }));
  return render({
    width: 160,
    height: 36,
    margin: 2,
    axis: null,
    x: { type: 'utc' },
    y: { nice: false },
    marks: [Plot.lineY(data, { x: 'x', y: 'y', stroke: PALETTE.line, strokeWidth: 1.5 })],
  }, null).svg;
}

/**
 * Renders a Plot into a linkedom document and returns the SVG. Plot's inline <style> element is
 * dropped (the CSP allows no inline styles; site.scss styles `.hms-chart`), and the SVG becomes one
 * image with the given accessible name, or is hidden from assistive technology when decorative.
 */
function render(options: Plot.PlotOptions, accessibleName: LineChartOptions['name'] | null): { svg: string; scale: (name: 'x' | 'y', value: unknown) => number } {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const plot = Plot.plot({ ...options, className: 'hms-chart', document: document as unknown as Document });
  const svg = plot as unknown as Element;
  for (const style of [...svg.querySelectorAll('style')]) style.remove();
  for (const styled of [svg, ...svg.querySelectorAll('[style]')]) styled.removeAttribute('style');
  for (const labelled of [...svg.querySelectorAll('[aria-label]')]) labelled.removeAttribute('aria-label');
  if (accessibleName === null) {
    svg.setAttribute('aria-hidden', 'true');
  } else {
    svg.setAttribute('role', 'img');
    if ('label' in accessibleName) svg.setAttribute('aria-label', accessibleName.label);
    else svg.setAttribute('aria-labelledby', accessibleName.labelledBy);
  }
  svg.setAttribute('focusable', 'false');
  mergeStrokes(svg);
  return { svg: compactSvg(svg.outerHTML), scale: (name, value) => plot.scale(name)!.apply(value) as number };
}

// A tick mark as Plot draws it: `<path d="M0,0L0,6" transform="translate(92.4,220)">`.
const TICK = /^M0,0L(-?[\d.]+),(-?[\d.]+)$/;
const TRANSLATE = /^translate\((-?[\d.e-]+),(-?[\d.e-]+)\)$/;

/**
 * Draws each group of tick marks, and each group of grid lines, as one path instead of an element
 * per tick or line: the same strokes (the group keeps its stroke attributes), some 10 KB less on the
 * bench's program page of 23 charts. A group is merged only when every child is a bare tick or line.
 */
function mergeStrokes(svg: Element): void {
  for (const group of [...svg.querySelectorAll('g')]) {
    const children = [...group.children];
    if (children.length < 2) continue;
    const segments = children.map((child) => {
      const names = child.getAttributeNames().sort().join(',');
      if (child.tagName.toLowerCase() === 'path' && names === 'd,transform') {
        const tick = TICK.exec(child.getAttribute('d')!);
        const at = TRANSLATE.exec(child.getAttribute('transform')!);
        if (!tick || !at) return null;
        const [dx, dy] = [Number(tick[1]), Number(tick[2])];
        return `M${at[1]},${at[2]}${dx === 0 ? `v${dy}` : dy === 0 ? `h${dx}` : `l${dx},${dy}`}`;
      }
      if (child.tagName.toLowerCase() === 'line' && names === 'x1,x2,y1,y2') {
        const [x1, y1, x2, y2] = ['x1', 'y1', 'x2', 'y2'].map((name) => child.getAttribute(name)!);
        return `M${x1},${y1}${y1 === y2 ? `H${x2}` : x1 === x2 ? `V${y2}` : `L${x2},${y2}`}`;
      }
      return null;
    });
    if (segments.some((segment) => segment === null)) continue;
    const path = group.ownerDocument.createElementNS('http://www.w3.org/2000/svg', 'path');
    // Lines have no inside, but a path has: the group's fill (or the chart's currentColor) must not fill it.
    if (group.getAttribute('fill') !== 'none') path.setAttribute('fill', 'none');
    path.setAttribute('d', segments.join(''));
    for (const child of children) child.remove();
    group.appendChild(path);
  }
}

// Geometry attributes: Plot writes tick positions such as `translate(92.40449438202248,220)` and
// path points to 3 decimals; a tenth of a user unit (a tenth of a pixel at full width) is all a
// 720-unit drawing can show, and it keeps a program page's ~20 charts some 10 KB lighter.
const GEOMETRY = /\s(d|transform|x|y|x1|x2|y1|y2|cx|cy|r|width|height)="([^"]*)"/g;
// Only numbers with three or more decimals are rounded: text offsets such as `0.32em` stay as Plot set them.
const LONG_DECIMAL = /-?\d+\.\d{3,}(?:e-?\d+)?/g;

/** Rounds the long decimals in an SVG's geometry attributes to one decimal (text and labels are untouched). */
export function roundCoordinates(svg: string): string {
  return svg.replace(GEOMETRY, (_, name: string, value: string) => ` ${name}="${value.replace(LONG_DECIMAL, (n) => String(Math.round(Number(n) * 10) / 10))}"`);
}

/**
 * The SVG as published: coordinates rounded, and empty elements closed as `<path/>` rather than
 * linkedom's `<path />` (text never holds a bare `>`: it is escaped as `&gt;`).
 */
function compactSvg(svg: string): string {
  return roundCoordinates(svg).replaceAll(' />', '/>');
}
