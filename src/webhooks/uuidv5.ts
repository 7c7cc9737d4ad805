// RFC 9562 UUIDv5 (SHA-1 of a namespace and a name): the same name always gives the same id, which
// is how a redelivered webhook request collapses into one event (the store keeps one event per id).

import { createHash } from 'node:crypto';

/** Herald's namespace for webhook-derived event ids (a fixed random UUID, never to change). */
export const WEBHOOK_NAMESPACE = '5f0c1c2e-8d0b-4c3e-9a59-6f3d2b7e4a11';

export function uuidv5(name: string, namespace: string = WEBHOOK_NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
