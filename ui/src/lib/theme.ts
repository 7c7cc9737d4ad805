// Light and dark themes from the same CSS variables (styles.css). With no choice stored the page
// follows prefers-color-scheme; the header toggle stores an explicit one in localStorage.

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

export function applyTheme(theme: Theme | null): void {
  if (theme) document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
}

export function saveTheme(theme: Theme): void {
  try {
    localStorage.setItem(STORAGE, theme);
  } catch {
    // not persisted; still applied for this page
  }
  applyTheme(theme);
  // Canvas drawings (the histogram) read colours at draw time: ask them to redraw.
  window.dispatchEvent(new Event('herald-theme'));
}
