import { useEffect, useRef, useState } from 'react';

interface Props {
  /** The id of the chart's <figure>: its SVG is read, and its table rows carry each point's `data-x`. */
  figureId: string;
}

interface Reading {
  /** Left offset in CSS pixels within the chart. */
  left: number;
  text: string;
}

/**
 * A crosshair that reads out the exact value under the pointer. It adds nothing the page lacks: the
 * same numbers are in the chart's table, so the read-out is hidden from assistive technology.
 */
export default function ChartHover({ figureId }: Props) {
  const [reading, setReading] = useState<Reading | null>(null);
  const anchor = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const figure = document.getElementById(figureId);
    const svg = figure?.querySelector('svg');
    if (!figure || !svg) return;
    const rows = [...figure.querySelectorAll<HTMLTableRowElement>('tr[data-x]')].map((row) => ({
      x: Number(row.dataset.x),
      // cells: when, value, sample size
      text: ((cells) => `${cells[0]}: ${cells[1]} (n = ${cells[2]})`)([...row.cells].map((cell) => cell.textContent ?? '')),
    }));
    const viewWidth = svg.viewBox.baseVal.width || svg.clientWidth;
    const move = (event: PointerEvent) => {
      const box = svg.getBoundingClientRect();
      const x = ((event.clientX - box.left) / box.width) * viewWidth;
      const nearest = rows.reduce<(typeof rows)[number] | undefined>((best, row) => (!best || Math.abs(row.x - x) < Math.abs(best.x - x) ? row : best), undefined);
      setReading(nearest ? { left: (nearest.x / viewWidth) * box.width, text: nearest.text } : null);
    };
    const leave = () => setReading(null);
    svg.addEventListener('pointermove', move);
    svg.addEventListener('pointerleave', leave);
    return () => {
      svg.removeEventListener('pointermove', move);
      svg.removeEventListener('pointerleave', leave);
    };
  }, [figureId]);
  return (
    <div ref={anchor} className="chart-hover" aria-hidden="true">
      {reading && (
        <>
          <div className="chart-hover__line" style={{ left: `${reading.left}px` }} />
          <div className="chart-hover__label" style={{ left: `${reading.left}px` }}>{reading.text}</div>
        </>
      )}
    </div>
  );
}
