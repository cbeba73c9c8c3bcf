/** Pagefind's default UI, as its script (loaded first, from /pagefind/) defines it on window. */
declare global {
  interface Window { PagefindUI?: new (options: Record<string, unknown>) => { triggerSearch(term: string): void } }
}

/** Starts the Pagefind search box in `selector`, searching for `?q=` when the address has one. */
export function startSearch(selector: string): void {
  if (!window.PagefindUI) return;
  const ui = new window.PagefindUI({ element: selector, showSubResults: true, showImages: false, resetStyles: false });
  const term = new URLSearchParams(window.location.search).get('q');
  if (term) ui.triggerSearch(term);
}
