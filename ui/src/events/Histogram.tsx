// Event counts over the window from `count-by/time`, drawn with uPlot (docs/ui.md "Chart": canvas,
// ~50 kB, stays fast at the 1,000-bucket cap). Drag across it to zoom: the selection becomes an
// absolute range in the URL. Colours come from the theme's CSS variables at each draw.

import type { EventFilterInput } from '@herald/sdk/browser';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatAbsolute, numberFormat } from '../lib/time';
import { bucketFor } from './range';
import { useTimeCounts } from './useFeed';

interface Props {
  filter: EventFilterInput;
  since: number;
  until: number;
  onZoom(since: number, until: number): void;
}

const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';

export function Histogram({ filter, since, until, onZoom }: Props) {
  const bucket = bucketFor(until - since);
  const counts = useTimeCounts(filter, bucket.unit, bucket.interval);
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const hover = useRef<HTMLSpanElement>(null);
  const zoom = useRef(onZoom);
  zoom.current = onZoom;

  // One uPlot per mounted chart; data and scale change through setData/setScale below.
  useEffect(() => {
    const el = box.current!;
    const opts: uPlot.Options = {
      width: el.clientWidth || 600,
      height: 110,
      legend: { show: false },
      cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
      scales: { x: { time: true, auto: false }, y: { auto: true, range: (_u, _min, max) => [0, Math.max(1, max)] } },
      axes: [
        { stroke: () => css('--muted'), grid: { show: false }, ticks: { stroke: () => css('--border') } },
        { stroke: () => css('--muted'), grid: { stroke: () => css('--grid'), width: 1 }, ticks: { show: false }, size: 44 },
      ],
      series: [
        {},
        {
          fill: () => css('--bar'),
          stroke: () => css('--bar'),
          paths: uPlot.paths.bars!({ size: [0.9, 60], align: 1 }),
          points: { show: false },
        },
      ],
      hooks: {
        setSelect: [
          (u) => {
            if (u.select.width > 3) {
              const from = u.posToVal(u.select.left, 'x') * 1000;
              const to = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
              zoom.current(Math.round(from), Math.round(to));
            }
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          },
        ],
        setCursor: [
          (u) => {
            const i = u.cursor.idx;
            if (!hover.current) return;
            hover.current.textContent =
              i == null ? '' : `${formatAbsolute(new Date(u.data[0][i] * 1000).toISOString())}: ${numberFormat.format(u.data[1][i] ?? 0)}`;
          },
        ],
      },
    };
    const u = new uPlot(opts, [[], []], el);
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: el.clientWidth, height: 110 }));
    resize.observe(el);
    const redraw = () => u.redraw(false);
    window.addEventListener('herald-theme', redraw);
    return () => {
      window.removeEventListener('herald-theme', redraw);
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, []);

  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    const rows = counts.data ?? [];
    u.setData([rows.map((r) => Date.parse(r.start_time) / 1000), rows.map((r) => r.count)], false);
    u.setScale('x', { min: since / 1000, max: until / 1000 });
  }, [counts.data, since, until]);

  const total = (counts.data ?? []).reduce((n, r) => n + r.count, 0);
  const label = counts.data
    ? `Histogram of ${numberFormat.format(total)} events per ${bucket.interval > 1 ? `${bucket.interval} ` : ''}${bucket.unit}${bucket.interval > 1 ? 's' : ''}; drag across it to zoom in`
    : 'Histogram loading';
  return (
    <div className="histogram">
      <div ref={box} className="plot" role="img" aria-label={label} />
      <div className="chart-caption">
        <span>
          {counts.isError ? 'Counts unavailable.' : `${bucket.interval > 1 ? bucket.interval : 1} ${bucket.unit} buckets · drag to zoom`}
        </span>
        <span ref={hover} className="mono" aria-hidden="true" />
      </div>
    </div>
  );
}
