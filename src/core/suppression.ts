/**
 * Small-cell suppression of published counts (the CMS cell-size rule): a count from 1 to the
 * threshold is not published, and where the published numbers would let someone work it out by
 * subtraction, a complementary cell is suppressed as well.
 *
 * The cells of one KPI are its series points (hours and days) and its windows (24 h … 1 y, and the
 * windows before them). A window or a day is the sum of the finer points it covers when its edges
 * fall on their boundaries, so the rules work on those sums:
 *
 * 1. Primary: every cell whose count is from 1 to the threshold is suppressed (`small-cell`).
 * 2. Segments: the edges of every window and day (and the ends of each series' reach) cut a series into
 *    segments. A segment with exactly one suppressed point would give that point away as a
 *    difference of published sums, so its smallest other point is suppressed too (`complementary`).
 *    When the point is alone in its segment, each published sum around it needs another hidden
 *    point (or is itself hidden, when it is that very point).
 * 3. Nested sums: when a published sum A contains a suppressed sum B, A minus the published points
 *    outside B gives B away unless one of those points is suppressed: the smallest is.
 * 4. A suppressed sum whose points are all published is their total: its smallest point is suppressed.
 * 5. Cells that count the same interval (the 24 h window and the last day, when `at` is midnight)
 *    are the same number: when one is suppressed, so is the other.
 * The rules repeat until nothing changes. Zeros are published (a zero is not a small cell), but may
 * be chosen as complementary cells. Cells with an unknown count take part as published values.
 */

export type SuppressionMark = 'small-cell' | 'complementary' | null;

/** One cell: the half-open interval [start, end) it counts (epoch ms) and its count. */
export interface CountCell {
  start: number;
  end: number;
  /** The protected count (a counter's total, a ratio's numerator or denominator, a distribution's events); null when unknown. */
  count: number | null;
}

export interface SuppressionInput {
  /** Counts from 1 to this number are suppressed; 0 turns suppression off. */
  threshold: number;
  /** Series, finest first (e.g. hours, then days); each sorted by start, points of one length. */
  series: readonly (readonly CountCell[])[];
  /**
   * For each series, the span it was read over (epoch ms, aligned to its points): a time in it with no
   * point had no events, so a sum reaching past the first or last point is still a sum of the points
   * inside it. Defaults to the first point's start to the last point's end.
   */
  reaches?: readonly ({ start: number; end: number } | undefined)[];
  /** Sums that are not points of a series, e.g. the KPI's windows. */
  windows: readonly CountCell[];
}

export interface SuppressionResult {
  series: SuppressionMark[][];
  windows: SuppressionMark[];
}

/**
 * The marks of cells that carry several protected counts (a ratio's numerator and its denominator),
 * each count suppressed on its own: a cell is withheld when any of its counts is, `small-cell` before
 * `complementary`. Withholding more cells never lets a withheld one be worked out (every subtraction
 * needs published terms), so the union keeps each count's protection.
 */
export function unionOfMarks(results: readonly SuppressionResult[]): SuppressionResult {
  const either = (a: SuppressionMark, b: SuppressionMark): SuppressionMark => (a === 'small-cell' || b === 'small-cell' ? 'small-cell' : a ?? b);
  const [first, ...rest] = results;
  if (!first) throw new Error('unionOfMarks: no results');
  return rest.reduce((union, other) => ({
    series: union.series.map((marks, level) => marks.map((mark, i) => either(mark, other.series[level]![i]!))),
    windows: union.windows.map((mark, i) => either(mark, other.windows[i]!)),
  }), first);
}

export function suppressSmallCells(input: SuppressionInput): SuppressionResult {
  const series = input.series.map((points) => points.map(() => null as SuppressionMark));
  const windows = input.windows.map(() => null as SuppressionMark);
  if (input.threshold <= 0) return { series, windows };
  const small = (cell: CountCell) => cell.count !== null && cell.count >= 1 && cell.count <= input.threshold;
  input.series.forEach((points, level) => points.forEach((cell, i) => { if (small(cell)) series[level]![i] = 'small-cell'; }));
  input.windows.forEach((cell, i) => { if (small(cell)) windows[i] = 'small-cell'; });
  // Every rule below starts from a suppressed cell: with none, nothing more is hidden.
  if (!windows.some((mark) => mark !== null) && !series.some((marks) => marks.some((mark) => mark !== null))) return { series, windows };

  // Every sum a level's points can express: the windows, and the points of coarser series.
  const sums = (level: number) => [
    ...input.windows.map((cell, i) => ({ cell, mark: () => windows[i]!, hide: () => { windows[i] = 'complementary'; } })),
    ...input.series.slice(level + 1).flatMap((points, offset) => points.map((cell, i) => ({
      cell,
      mark: () => series[level + 1 + offset]![i]!,
      hide: () => { series[level + 1 + offset]![i] = 'complementary'; },
    }))),
  ];

  // What each level's rules look at depends only on the cells, not on the marks: work it out once.
  const levels = input.series.map((points, level) => {
    if (points.length === 0) return null;
    const first = Math.min(points[0]!.start, input.reaches?.[level]?.start ?? Infinity);
    const last = Math.max(points.at(-1)!.end, input.reaches?.[level]?.end ?? -Infinity);
    const step = points[0]!.end - points[0]!.start;
    const aligned = (time: number) => time >= first && time <= last && (time - first) % step === 0;
    // Points are sorted and of one length: those inside [start, end) are one run, found by binary search.
    const inside = (start: number, end: number): Run => {
      const from = firstIndex(points, (cell) => cell.start >= start);
      return { from, to: Math.max(from, firstIndex(points, (cell) => cell.end > end)) };
    };
    const covered = sums(level).filter(({ cell }) => aligned(cell.start) && aligned(cell.end)).map((sum) => ({ ...sum, points: inside(sum.cell.start, sum.cell.end) }));
    const edges = [...new Set([first, last, ...covered.flatMap(({ cell }) => [cell.start, cell.end])])].sort((x, y) => x - y);
    const segments = edges.slice(1).map((to, e) => ({ from: edges[e]!, to, points: inside(edges[e]!, to) }));
    return { points, marks: series[level]!, covered, segments };
  });
  const twins = input.windows.flatMap((window, w) => input.series.flatMap((points, level) => points.flatMap((point, i) => (point.start === window.start && point.end === window.end ? [{ w, level, i }] : []))));

  for (let changed = true, rounds = 0; changed && rounds < 1000; rounds++) {
    changed = false;
    // Rule 5: a window and a point of the same interval share their fate.
    for (const { w, level, i } of twins) {
      if (windows[w] !== null && series[level]![i] === null) { series[level]![i] = 'complementary'; changed = true; }
      if (series[level]![i] !== null && windows[w] === null) { windows[w] = 'complementary'; changed = true; }
    }
    for (const state of levels) {
      if (!state) continue;
      const { points, marks, covered, segments } = state;
      const hidden = (run: Run) => {
        let count = 0;
        for (let i = run.from; i < run.to; i++) if (marks[i] !== null) count++;
        return count;
      };
      const suppressSmallest = (runs: readonly Run[]) => {
        const candidates = runs.flatMap(indexes).filter((i) => marks[i] === null).sort((x, y) => (points[x]!.count ?? 0) - (points[y]!.count ?? 0) || x - y);
        // A nonzero point hides more than a zero one; a zero is used only when there is nothing else.
        const pick = candidates.find((i) => (points[i]!.count ?? 0) > 0) ?? candidates[0];
        if (pick === undefined) return;
        marks[pick] = 'complementary';
        changed = true;
      };
      // Rule 2: segments between the edges of every covered sum.
      for (const { from, to, points: segment } of segments) {
        if (hidden(segment) !== 1) continue;
        if (segment.to - segment.from > 1) {
          suppressSmallest([segment]);
          continue;
        }
        // The segment is one hidden point and nothing else: each published sum around it, minus its
        // other points, gives it away unless one of those is hidden (or the sum is the point itself).
        for (const outer of covered) {
          if (outer.mark() !== null || outer.cell.start > from || outer.cell.end < to) continue;
          const rest = without(outer.points, segment);
          if (rest.every((run) => run.to === run.from)) {
            outer.hide();
            changed = true;
          } else if (rest.every((run) => hidden(run) === 0)) suppressSmallest(rest);
        }
      }
      for (const outer of covered) {
        // Rule 4: a suppressed sum needs a suppressed point inside it.
        if (outer.mark() !== null && hidden(outer.points) === 0) suppressSmallest([outer.points]);
        // Rule 3: a published sum containing a suppressed one needs a suppressed point outside it.
        if (outer.mark() !== null) continue;
        for (const inner of covered) {
          if (inner === outer || inner.mark() === null || inner.cell.start < outer.cell.start || inner.cell.end > outer.cell.end) continue;
          const rest = without(outer.points, inner.points);
          if (rest.some((run) => run.to > run.from) && rest.every((run) => hidden(run) === 0)) suppressSmallest(rest);
        }
      }
    }
  }
  return { series, windows };
}

/** Consecutive points of a series, from index `from` up to (not including) `to`. */
interface Run {
  from: number;
  to: number;
}

/** The points of `outer` that are not in `inner`, a run inside it: the runs before and after it. */
function without(outer: Run, inner: Run): Run[] {
  if (inner.to <= inner.from) return [outer];
  return [{ from: outer.from, to: Math.max(outer.from, Math.min(inner.from, outer.to)) }, { from: Math.min(outer.to, Math.max(inner.to, outer.from)), to: outer.to }];
}

function indexes(run: Run): number[] {
  return Array.from({ length: run.to - run.from }, (_, k) => run.from + k);
}

/** The index of the first cell for which `test` holds, in cells where it holds from some index on (cells.length if none). */
function firstIndex(cells: readonly CountCell[], test: (cell: CountCell) => boolean): number {
  let low = 0;
  let high = cells.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (test(cells[middle]!)) high = middle;
    else low = middle + 1;
  }
  return low;
}
