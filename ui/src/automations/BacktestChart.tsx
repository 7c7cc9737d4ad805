// The backtest drawn over its range: counts of the events the trigger names (count-by/time, the
// feed's bucket sizes) as bars (lib/bar-chart.ts, like the feed's histogram), each firing as a
// vertical marker at its event time; the list beside it is the accessible form of the markers.

import { useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import type uPlot from 'uplot';
import { bucketFor } from '../events/range';
import { useApi } from '../lib/api';
import { themeColour, useBarChart } from '../lib/bar-chart';
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
  const marks = useRef(firings);
  // Each firing as a vertical marker with a head, at its event time.
  const drawMarkers = (u: uPlot) => {
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = themeColour('--absence');
    ctx.fillStyle = themeColour('--absence');
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
  // Headroom above the tallest bar, so a marker's head never hides behind it.
  marks.current = firings;
  useBarChart(box, { height: HEIGHT, headroom: 1.25, hooks: { draw: [drawMarkers] } }, counts.data, since, until, firings);

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
