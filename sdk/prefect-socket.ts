// Opens a WebSocket with Prefect's handshake ([compat S2.6]): subprotocol `prefect`, then
// `{"type":"auth","token":…}` → `{"type":"auth_success"}`; close 1008 means a bad key.
// Messages that arrive after the handshake are buffered until the caller attaches its handler, so
// nothing is lost between "connected" and "listening". The socket itself comes from the injected
// transport (transport.ts), so this handshake is written once for Node and browsers.

import type { Clock } from './clock.js';
import { webSocketUrl } from './endpoint.js';
import { HeraldSdkError } from './errors.js';
import type { SocketTransport, TransportSocket } from './transport.js';

export interface PrefectSocketOptions {
  url: string;
  path: string;
  query?: Record<string, string>;
  apiKey?: string;
  clock: Clock;
  /** Give up on connect + handshake after this long (default 10 s). */
  timeoutMs?: number;
  transport: SocketTransport;
}

export interface PrefectSocket {
  readonly socket: TransportSocket;
  /** Receives every message after `auth_success`, including any that arrived before this call. */
  onMessage(handler: (message: unknown) => void): void;
  /** Called once when the socket closes after the handshake (at once if it already has). */
  onClose(handler: (code: number, reason: string) => void): void;
}

export function openPrefectSocket(options: PrefectSocketOptions): Promise<PrefectSocket> {
  const target = webSocketUrl(options.url, options.path, options.query);
  const socket = options.transport.open(target, options.apiKey);

  return new Promise<PrefectSocket>((resolve, reject) => {
    let state: 'handshake' | 'open' | 'failed' = 'handshake';
    const buffered: unknown[] = [];
    let messageHandler: ((message: unknown) => void) | undefined;
    let closeHandler: ((code: number, reason: string) => void) | undefined;
    let closedWith: [number, string] | undefined;

    const fail = (err: HeraldSdkError) => {
      if (state !== 'handshake') return;
      state = 'failed';
      timer.cancel();
      socket.terminate();
      reject(err);
    };
    const timer = options.clock.setTimeout(
      () => fail(new HeraldSdkError('HERALD_SDK_UNREACHABLE', `Timed out connecting to ${target}`)),
      options.timeoutMs ?? 10_000,
    );

    socket.listen({
      open() {
        socket.send(JSON.stringify({ type: 'auth', token: options.apiKey || null }));
      },
      // Errors after the handshake surface as `close`; before it they mean "cannot connect".
      error(detail, cause) {
        fail(new HeraldSdkError('HERALD_SDK_UNREACHABLE', `Cannot connect to ${target}: ${detail}`, { cause }));
      },
      close(code, reason) {
        if (state === 'open') {
          if (closeHandler) closeHandler(code, reason);
          else closedWith ??= [code, reason];
          return;
        }
        if (code === 1008)
          fail(
            new HeraldSdkError(
              'HERALD_SDK_UNAUTHORIZED',
              `Herald refused the WebSocket: ${reason || 'authentication failed'} (check the API key)`,
            ),
          );
        else
          fail(
            new HeraldSdkError(
              'HERALD_SDK_UNREACHABLE',
              `Herald closed the WebSocket during the handshake (${code}${reason ? ' ' + reason : ''})`,
            ),
          );
      },
      message(text) {
        if (state === 'failed') return;
        let message: unknown;
        try {
          message = JSON.parse(text);
        } catch {
          message = text;
        }
        if (state === 'open') {
          if (messageHandler) messageHandler(message);
          else buffered.push(message);
          return;
        }
        if ((message as { type?: unknown })?.type !== 'auth_success') {
          fail(
            new HeraldSdkError('HERALD_SDK_PROTOCOL', `Expected auth_success from ${target}, got ${JSON.stringify(message).slice(0, 200)}`),
          );
          return;
        }
        state = 'open';
        timer.cancel();
        resolve({
          socket,
          onMessage(h) {
            messageHandler = h;
            for (const m of buffered.splice(0)) h(m);
          },
          onClose(h) {
            closeHandler = h;
            if (closedWith) h(...closedWith);
          },
        });
      },
    });
  });
}
