// The backtest drawn over its range: counts of the events the trigger names (count-by/time, the
// feed's bucket sizes) as bars, each firing as a vertical marker at its event time. The same uPlot
// approach as the feed's histogram (canvas, theme colours read at each draw); the list beside it is
// the accessible form of the markers.

import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { bucketFor } from '../events/range';
import { useApi } from '../lib/api';
import { formatAbsolute, numberFormat } from '../lib/time';
import { backtestEventFilter } from './backtest-filter';
import type { Trigger } from './types';

interface Props {
  trigger: Trigger;
  since: number;
  until: number;
  /** Firing times, epoch ms. */
  firings: number[];
}

const HEIGHT = 120;
const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';

export function BacktestChart({ trigger, since, until, firings }: Props) {
  const { client } = useApi();
  const bucket = bucketFor(until - since);
  const filter = {
    occurred: { since: new Date(since).toISOString(), until: new Date(until).toISOString() },
    event: backtestEventFilter(trigger),
  };
  const counts = useQuery({
    queryKey: ['count-by-time', filter, bucket.unit, bucket.interval],
    queryFn: ({ signal }) => client.countBy('time', filter, { timeUnit: bucket.unit, timeInterval: bucket.interval, signal }),
  });
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const marks = useRef(firings);

  useEffect(() => {
    const el = box.current!;
    const drawMarkers = (u: uPlot) => {
      const ctx = u.ctx;
      ctx.save();
      ctx.strokeStyle = css('--absence');
      ctx.fillStyle = css('--absence');
      ctx.lineWidth = 2 * devicePixelRatio;
      for (const ms of marks.current) {
        const x = Math.round(u.valToPos(ms / 1000, 'x', true));
        if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
        ctx.beginPath();
        ctx.moveTo(x, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + u.bbox.height);
        ctx.stroke();
        const s = 5 * devicePixelRatio;
        ctx.beginPath();
        ctx.moveTo(x - s, u.bbox.top);
        ctx.lineTo(x + s, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + s * 1.6);
        ctx.fill();
      }
      ctx.restore();
    };
    const u = new uPlot(
      {
        width: el.clientWidth || 600,
        height: HEIGHT,
        legend: { show: false },
        cursor: { drag: { x: false, y: false }, points: { show: false } },
        // Headroom above the tallest bar, so a marker's head never hides behind it.
        scales: { x: { time: true, auto: false }, y: { auto: true, range: (_u, _min, max) => [0, Math.ceil(Math.max(1, max) * 1.25)] } },
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
        hooks: { draw: [drawMarkers] },
      },
      [[], []],
      el,
    );
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: el.clientWidth, height: HEIGHT }));
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

  // New firings with the same counts: only the markers change.
  useEffect(() => {
    marks.current = firings;
    plot.current?.redraw(false);
  }, [firings]);

  const total = (counts.data ?? []).reduce((n, r) => n + r.count, 0);
  const label = `${numberFormat.format(total)} matching events from ${formatAbsolute(new Date(since).toISOString())} to ${formatAbsolute(new Date(until).toISOString())}, ${firings.length} firing${firings.length === 1 ? '' : 's'} marked`;
  return (
    <div className="histogram backtest-chart">
      <div ref={box} className="plot" role="img" aria-label={label} />
      <div className="chart-caption">
        <span>
          Bars: events the trigger names, per {bucket.interval > 1 ? `${bucket.interval} ` : ''}
          {bucket.unit}
          {bucket.interval > 1 ? 's' : ''}. <span className="marker-key">▼</span> firings.
        </span>
        {counts.isError && <span className="error">Counts unavailable.</span>}
      </div>
    </div>
  );
}
