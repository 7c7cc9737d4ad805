// The Node transport: `ws`, which can put the API key on the upgrade request (for proxies that
// authenticate there, Prefect Cloud style), pause reading (TCP back-pressure), cork bursts and
// unref the socket so an idle worker never keeps a process alive. Node entry only.

import WebSocket from 'ws';
import type { SocketTransport } from './transport.js';

export const wsTransport: SocketTransport = {
  open(url, apiKey) {
    const headers: Record<string, string> = {};
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    const socket = new WebSocket(url, 'prefect', { headers, perMessageDeflate: false });
    let raw: { ref(): void; unref(): void; cork(): void; uncork(): void } | undefined;
    socket.once('upgrade', (res) => {
      raw = res.socket;
    });
    return {
      listen(l) {
        socket.on('open', () => l.open());
        socket.on('message', (data) => l.message(data.toString()));
        socket.on('close', (code, reason) => l.close(code, reason.toString()));
        // Always listened to: ws throws an 'error' nobody listens for.
        socket.on('error', (err: Error & { code?: string }) => l.error(err.code ?? err.message, err));
      },
      send(data, onWritten) {
        socket.send(data, onWritten && (() => onWritten()));
      },
      close: (code, reason) => socket.close(code, reason),
      terminate: () => socket.terminate(),
      pause: () => socket.pause(),
      resume: () => socket.resume(),
      get isPaused() {
        return socket.isPaused;
      },
      setKeepsProcessAlive(alive) {
        if (alive) raw?.ref();
        else raw?.unref();
      },
      corked(write) {
        raw?.cork();
        try {
          write();
        } finally {
          raw?.uncork();
        }
      },
    };
  },
};
