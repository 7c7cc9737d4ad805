// The frame of every page: header navigation, theme toggle, the API key prompt, and the global
// `/` shortcut (focus the page's search box).

import { Link, Outlet } from '@tanstack/react-router';
import { useEffect } from 'react';
import { ApiKeyDialog } from './ApiKeyDialog';
import { useKeyRequired } from './auth-state';
import { ThemeToggle } from './ThemeToggle';

export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

export function Shell() {
  const keyRequired = useKeyRequired();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const search = document.querySelector<HTMLInputElement>('[data-search]');
      if (search) {
        e.preventDefault();
        search.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link to="/events" className="brand" aria-label="Herald home">
          Herald
        </Link>
        <nav aria-label="Main">
          <Link to="/events" activeProps={{ 'aria-current': 'page' }}>
            Events
          </Link>
          <Link to="/automations" activeProps={{ 'aria-current': 'page' }}>
            Automations
          </Link>
          <Link to="/destinations" activeProps={{ 'aria-current': 'page' }}>
            Destinations
          </Link>
          <Link to="/webhooks" activeProps={{ 'aria-current': 'page' }}>
            Webhooks
          </Link>
        </nav>
        <span className="spacer" />
        <a href="/docs" className="muted-link">
          API docs
        </a>
        <ThemeToggle />
      </header>
      <main id="main">{keyRequired ? <ApiKeyDialog /> : <Outlet />}</main>
    </>
  );
}
