// Counts over time as bars, drawn with uPlot (docs/ui.md "Chart": canvas, ~50 kB, fast at the
// 1,000-bucket cap): the one chart setup behind the feed's histogram and the backtest's chart.
// Colours come from the theme's CSS variables at each draw (redrawn on a theme change); the chart
// follows its box's width.

import type { EventCount } from '@herald/sdk/browser';
import { type RefObject, useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** A theme colour, read now (the theme may have changed since the last draw). */
export const themeColour = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';

export interface BarChartOptions {
  height: number;
  /** Space above the tallest bar, as a factor (1 = none). */
  headroom?: number;
  cursor?: uPlot.Cursor;
  /** Read once, at mount: hooks that need fresh values read them from refs. */
  hooks?: uPlot.Hooks.Arrays;
}

/**
 * Mounts a bar chart in `box` and keeps it showing `counts` over [since, until] (epoch ms);
 * returns the uPlot instance's ref (null until mounted). `overlay` is what the options' draw hooks
 * add (the backtest's markers): the chart redraws when it changes.
 */
export function useBarChart(
  box: RefObject<HTMLDivElement | null>,
  options: BarChartOptions,
  counts: EventCount[] | undefined,
  since: number,
  until: number,
  overlay?: unknown,
): RefObject<uPlot | null> {
  const plot = useRef<uPlot | null>(null);
  const mountOptions = useRef(options);

  useEffect(() => {
    const el = box.current!;
    const { height, headroom = 1, cursor, hooks } = mountOptions.current;
    const u = new uPlot(
      {
        width: el.clientWidth || 600,
        height,
        legend: { show: false },
        cursor: cursor ?? { drag: { x: false, y: false }, points: { show: false } },
        scales: {
          x: { time: true, auto: false },
          y: { auto: true, range: (_u, _min, max) => [0, Math.ceil(Math.max(1, max) * headroom)] },
        },
        axes: [
          { stroke: () => themeColour('--muted'), grid: { show: false }, ticks: { stroke: () => themeColour('--border') } },
          {
            stroke: () => themeColour('--muted'),
            grid: { stroke: () => themeColour('--grid'), width: 1 },
            ticks: { show: false },
            size: 44,
          },
        ],
        series: [
          {},
          {
            fill: () => themeColour('--bar'),
            stroke: () => themeColour('--bar'),
            paths: uPlot.paths.bars!({ size: [0.9, 60], align: 1 }),
            points: { show: false },
          },
        ],
        hooks,
      },
      [[], []],
      el,
    );
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: el.clientWidth, height }));
    resize.observe(el);
    const redraw = () => u.redraw(false);
    window.addEventListener('herald-theme', redraw);
    return () => {
      window.removeEventListener('herald-theme', redraw);
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [box]);

  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    const rows = counts ?? [];
    u.setData([rows.map((r) => Date.parse(r.start_time) / 1000), rows.map((r) => r.count)], false);
    u.setScale('x', { min: since / 1000, max: until / 1000 });
  }, [counts, since, until]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `overlay` is read by the draw hooks, not here; its change is the reason to redraw.
  useEffect(() => plot.current?.redraw(false), [overlay]);

  return plot;
}
