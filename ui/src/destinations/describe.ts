// One line on where a destination delivers, for the list: its non-secret settings only.

import type { DestinationWire } from './types';

export function deliversTo(d: DestinationWire): string {
  const c = d.config;
  switch (d.type) {
    case 'webhook':
      return `${String(c.method ?? 'POST')} ${String(c.url ?? '')}`;
    case 'slack':
      return 'Slack channel (webhook URL hidden)';
    case 'teams':
      return 'Teams channel (webhook URL hidden)';
    case 'email': {
      const to = Array.isArray(c.to) ? c.to.map(String) : [];
      const list = to.length > 2 ? `${to.slice(0, 2).join(', ')} +${to.length - 2}` : to.join(', ');
      return `${list} via ${String(c.host ?? '')}`;
    }
  }
}
