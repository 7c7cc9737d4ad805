// Light and dark themes from the same CSS variables (styles.css), chosen by `data-theme` on the
// root element — always set, so the dark palette is written once. With no choice stored the page
// follows prefers-color-scheme, also when it changes; the header toggle stores an explicit one in
// localStorage.

export type Theme = 'light' | 'dark';
const STORAGE = 'herald.theme';

export function storedTheme(): Theme | null {
  try {
    const value = localStorage.getItem(STORAGE);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null;
  }
}

export function effectiveTheme(): Theme {
  return storedTheme() ?? (window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
}

function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  // Canvas drawings (the histogram) read colours at draw time: ask them to redraw.
  window.dispatchEvent(new Event('herald-theme'));
}

/** Applies the theme now and follows the system's while the user has chosen none. */
export function followTheme(): void {
  applyTheme(effectiveTheme());
  window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener('change', () => {
    if (!storedTheme()) applyTheme(effectiveTheme());
  });
}

export function saveTheme(theme: Theme): void {
  try {
    localStorage.setItem(STORAGE, theme);
  } catch {
    // not persisted; still applied for this page
  }
  applyTheme(theme);
}
