// Event counts over the window from `count-by/time`, as bars (lib/bar-chart.ts). Drag across it
// to zoom: the selection becomes an absolute range in the URL.

import type { EventFilterInput } from '@herald/sdk/browser';
import { useRef } from 'react';
import { useBarChart } from '../lib/bar-chart';
import { formatAbsolute, numberFormat } from '../lib/time';
import { bucketFor } from './range';
import { useTimeCounts } from './useFeed';

interface Props {
  filter: EventFilterInput;
  since: number;
  until: number;
  onZoom(since: number, until: number): void;
}

export function Histogram({ filter, since, until, onZoom }: Props) {
  const bucket = bucketFor(until - since);
  const counts = useTimeCounts(filter, bucket.unit, bucket.interval);
  const box = useRef<HTMLDivElement>(null);
  const hover = useRef<HTMLSpanElement>(null);
  const zoom = useRef(onZoom);
  zoom.current = onZoom;
  useBarChart(
    box,
    {
      height: 110,
      cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
      hooks: {
        // A drag selects a range: it becomes the view's absolute range (the URL), not a chart zoom.
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
    },
    counts.data,
    since,
    until,
  );

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
