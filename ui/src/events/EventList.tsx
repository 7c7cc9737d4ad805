// The feed list, virtualized against the window scroll (only the rows on screen are in the DOM, so
// thousands of loaded events stay cheap), loading the next page as its end comes into view.
// Keyboard: `j`/`k` move the focus through the rows (scrolling them in), `Enter` opens the focused one.

import type { ReceivedEvent } from '@herald/sdk/browser';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { isTyping } from '../app/Shell';
import { EventRow } from './EventRow';

interface Props {
  events: ReceivedEvent[];
  now: number;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore(): void;
}

export function EventList({ events, now, hasMore, loadingMore, loadMore }: Props) {
  const list = useRef<HTMLOListElement>(null);
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState(-1);
  // The list's distance from the page top (the virtualizer's scroll margin), kept right when the
  // controls above it change height (a wrapped filter row, a notice appearing).
  useLayoutEffect(() => {
    const measure = () => setOffset(list.current ? list.current.getBoundingClientRect().top + window.scrollY : 0);
    measure();
    const observer = new ResizeObserver(measure);
    if (list.current?.parentElement) observer.observe(list.current.parentElement);
    return () => observer.disconnect();
  }, []);

  const v = useWindowVirtualizer({ count: events.length, estimateSize: () => 58, overscan: 10, scrollMargin: offset });
  const items = v.getVirtualItems();
  const last = items.length ? items[items.length - 1].index : -1;

  useEffect(() => {
    if (hasMore && !loadingMore && last >= events.length - 10) loadMore();
  }, [hasMore, loadingMore, last, events.length, loadMore]);

  const count = events.length;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target) || count === 0) return;
      if (e.key !== 'j' && e.key !== 'k') return;
      e.preventDefault();
      const current = Number(
        (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-index]')?.dataset.index ?? selected,
      );
      const next = Math.max(0, Math.min(count - 1, e.key === 'j' ? current + 1 : current - 1));
      setSelected(next);
      v.scrollToIndex(next, { align: 'auto' });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [count, selected, v]);

  // Focus follows the selection once its row is rendered (it may need a frame after scrolling).
  useEffect(() => {
    if (selected < 0) return;
    let tries = 0;
    let frame = 0;
    const focus = () => {
      const link = list.current?.querySelector<HTMLElement>(`[data-index="${selected}"] [data-row-link]`);
      if (link) link.focus({ preventScroll: true });
      else if (tries++ < 10) frame = requestAnimationFrame(focus);
    };
    focus();
    return () => cancelAnimationFrame(frame);
  }, [selected]);

  return (
    <>
      <ol ref={list} className="events" aria-label="Events, newest first" style={{ height: v.getTotalSize() }}>
        {items.map((item) => (
          <li
            key={events[item.index].id}
            data-index={item.index}
            ref={v.measureElement}
            aria-current={item.index === selected ? 'true' : undefined}
            style={{ transform: `translateY(${item.start - v.options.scrollMargin}px)` }}
          >
            <EventRow event={events[item.index]} now={now} />
          </li>
        ))}
      </ol>
      <p className="list-end muted" aria-live="polite">
        {loadingMore ? 'Loading more events…' : hasMore ? '' : count > 0 ? 'End of the matching events.' : ''}
      </p>
    </>
  );
}
