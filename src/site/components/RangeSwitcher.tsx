import { useEffect, useState } from 'react';

interface Props {
  /** The id of the element holding one figure per range, each with `data-range`. */
  groupId: string;
  ranges: { id: string; label: string }[];
  initial: string;
}

/**
 * Buttons that show one range's chart at a time. Without JavaScript every range's chart is on the
 * page; once hydrated, this sets `data-range` on the group and CSS hides the others.
 */
export default function RangeSwitcher({ groupId, ranges, initial }: Props) {
  const [range, setRange] = useState(initial);
  // Rendered at build time with the buttons disabled: they only work once hydrated.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  useEffect(() => {
    if (hydrated) document.getElementById(groupId)?.setAttribute('data-range', range);
  }, [groupId, range, hydrated]);
  return (
    <div className="range-switcher" role="group" aria-label="Chart range">
      <span className="margin-right-05">Show:</span>
      <ul className="button-group">
        {ranges.map((r) => (
          <li key={r.id}>
            <button type="button" className="button" aria-pressed={hydrated && r.id === range} disabled={!hydrated} onClick={() => setRange(r.id)}>
              {r.label}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
