// Prebuilt text frames of the fan-out fast path must be exactly what RFC 6455 (and ws) expect.
import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { textFrame } from '../../src/stream/ws-channel.js';

// ws exports its frame parser at runtime but @types/ws does not declare it.
type ReceiverLike = Writable & { on(event: 'message', fn: (data: Buffer, isBinary: boolean) => void): ReceiverLike };
const { Receiver } = createRequire(import.meta.url)('ws') as { Receiver: new (options: { isServer: boolean }) => ReceiverLike };

/** Decodes frames with ws's own client-side Receiver (server frames are unmasked). */
function decode(wire: Buffer): string[] {
  const out: string[] = [];
  const receiver = new Receiver({ isServer: false });
  receiver.on('message', (data: Buffer, isBinary: boolean) => out.push(`${isBinary ? 'binary' : 'text'}:${data.toString()}`));
  receiver.write(wire);
  return out;
}

describe('textFrame', () => {
  it.each([0, 1, 125, 126, 127, 65_535, 65_536, 300_000])('frames a %i-byte payload', (n) => {
    const payload = Buffer.from('é'.repeat(Math.floor(n / 2)) + 'x'.repeat(n % 2));
    expect(decode(textFrame(payload))).toEqual([`text:${payload.toString()}`]);
  });

  it('concatenated frames decode as separate messages, and frames are built once per payload', () => {
    const a = Buffer.from('{"a":1}');
    const b = Buffer.from('{"b":2}');
    expect(textFrame(a)).toBe(textFrame(a));
    expect(decode(Buffer.concat([textFrame(a), textFrame(b)]))).toEqual(['text:{"a":1}', 'text:{"b":2}']);
  });
});
