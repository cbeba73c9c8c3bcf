/**
 * Makes the header cells of `table[data-sortable]` buttons that sort its rows, and says the order
 * with `aria-sort`. Without JavaScript the table stays a plain table in its built order. A cell's
 * `data-sort` (a number) is its key when present, else its text.
 */
export function makeTablesSortable(root: ParentNode = document): void {
  for (const table of root.querySelectorAll<HTMLTableElement>('table[data-sortable]')) {
    const headers = [...table.tHead?.rows[0]?.cells ?? []];
    headers.forEach((header, column) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort-button';
      button.append(...header.childNodes);
      header.replaceChildren(button);
      header.setAttribute('aria-sort', 'none');
      button.addEventListener('click', () => {
        const ascending = header.getAttribute('aria-sort') !== 'ascending';
        for (const other of headers) other.setAttribute('aria-sort', 'none');
        header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        sortRows(table, column, ascending);
      });
    });
  }
}

// Sorts a table's body rows by one column: numbers by value, text in English order; ties keep their order.
function sortRows(table: HTMLTableElement, column: number, ascending: boolean): void {
  const body = table.tBodies[0];
  if (!body) return;
  const key = (row: HTMLTableRowElement) => {
    const cell = row.cells[column];
    const number = cell?.dataset.sort;
    return number !== undefined && number !== '' ? Number(number) : (cell?.textContent ?? '').trim();
  };
  const rows = [...body.rows].map((row, index) => ({ row, index, key: key(row) }));
  rows.sort((a, b) => {
    const order = typeof a.key === 'number' && typeof b.key === 'number' ? a.key - b.key : String(a.key).localeCompare(String(b.key), 'en');
    return (ascending ? order : -order) || a.index - b.index;
  });
  body.append(...rows.map((r) => r.row));
}
