// Opens a WebSocket with Prefect's handshake ([compat S2.6]): subprotocol `prefect`, then
// `{"type":"auth","token":…}` → `{"type":"auth_success"}`; close 1008 means a bad key.
// Messages that arrive after the handshake are buffered until the caller attaches its handler, so
// nothing is lost between "connected" and "listening".

import WebSocket from 'ws';
import type { Clock } from './clock.js';
import { webSocketUrl } from './endpoint.js';
import { HeraldSdkError } from './errors.js';

export interface PrefectSocketOptions {
  url: string;
  path: string;
  query?: Record<string, string>;
  apiKey?: string;
  clock: Clock;
  /** Give up on connect + handshake after this long (default 10 s). */
  timeoutMs?: number;
}

export interface PrefectSocket {
  readonly socket: WebSocket;
  /** Receives every text message after `auth_success`, including any that arrived before this call. */
  onMessage(handler: (message: unknown) => void): void;
  /** Whether this open socket keeps the process alive (Node's ref/unref of the TCP socket). */
  setKeepsProcessAlive(alive: boolean): void;
  /** Runs `write` with the TCP socket corked, so a burst of frames leaves in few packets. */
  corked(write: () => void): void;
}

export function openPrefectSocket(options: PrefectSocketOptions): Promise<PrefectSocket> {
  const target = webSocketUrl(options.url, options.path, options.query);
  const headers: Record<string, string> = {};
  // Also on the upgrade request, for proxies that authenticate there (Prefect Cloud style).
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const socket = new WebSocket(target, 'prefect', { headers, perMessageDeflate: false });
  let rawSocket: { ref(): void; unref(): void; cork(): void; uncork(): void } | undefined;
  socket.once('upgrade', (res) => {
    rawSocket = res.socket;
  });

  return new Promise<PrefectSocket>((resolve, reject) => {
    let settled = false;
    const buffered: unknown[] = [];
    let handler: ((message: unknown) => void) | undefined;
    const fail = (err: HeraldSdkError) => {
      if (settled) return;
      settled = true;
      timer.cancel();
      socket.removeAllListeners('message');
      socket.terminate();
      reject(err);
    };
    const timer = options.clock.setTimeout(
      () => fail(new HeraldSdkError('HERALD_SDK_UNREACHABLE', `Timed out connecting to ${target}`)),
      options.timeoutMs ?? 10_000,
    );

    socket.on('error', (err: Error & { code?: string }) => {
      fail(new HeraldSdkError('HERALD_SDK_UNREACHABLE', `Cannot connect to ${target}: ${err.code ?? err.message}`, { cause: err }));
    });
    socket.on('close', (code, reason) => {
      const text = reason.toString();
      if (code === 1008)
        fail(
          new HeraldSdkError(
            'HERALD_SDK_UNAUTHORIZED',
            `Herald refused the WebSocket: ${text || 'authentication failed'} (check the API key)`,
          ),
        );
      else
        fail(
          new HeraldSdkError(
            'HERALD_SDK_UNREACHABLE',
            `Herald closed the WebSocket during the handshake (${code}${text ? ' ' + text : ''})`,
          ),
        );
    });
    socket.on('open', () => {
      socket.send(JSON.stringify({ type: 'auth', token: options.apiKey || null }));
    });
    socket.on('message', (data) => {
      let message: unknown;
      try {
        message = JSON.parse(data.toString());
      } catch {
        message = data.toString();
      }
      if (!settled) {
        if ((message as { type?: unknown })?.type !== 'auth_success') {
          fail(
            new HeraldSdkError('HERALD_SDK_PROTOCOL', `Expected auth_success from ${target}, got ${JSON.stringify(message).slice(0, 200)}`),
          );
          return;
        }
        settled = true;
        timer.cancel();
        socket.removeAllListeners('error');
        socket.removeAllListeners('close');
        // Errors after the handshake surface as 'close'; keep a listener so ws never throws them.
        socket.on('error', () => {});
        resolve({
          socket,
          onMessage(h) {
            handler = h;
            for (const m of buffered.splice(0)) h(m);
          },
          setKeepsProcessAlive(alive) {
            if (alive) rawSocket?.ref();
            else rawSocket?.unref();
          },
          corked(write) {
            rawSocket?.cork();
            try {
              write();
            } finally {
              rawSocket?.uncork();
            }
          },
        });
        return;
      }
      if (handler) handler(message);
      else buffered.push(message);
    });
  });
}
