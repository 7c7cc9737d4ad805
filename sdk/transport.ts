// The WebSocket underneath the SDK, injected so that one protocol core (prefect-socket.ts,
// subscribe.ts) serves both entries: the Node entry passes `ws` (headers on the upgrade, TCP
// back-pressure, ref/unref), the browser entry the platform's WebSocket. Only this interface is
// shared; each implementation lives with its entry (ws-transport.ts, browser-transport.ts).

export interface SocketTransport {
  /** Starts opening `url` with subprotocol `prefect`; `apiKey` also goes on the upgrade request where headers are possible. */
  open(url: string, apiKey: string | undefined): TransportSocket;
}

/** What a transport reports; installed once, right after open(). */
export interface SocketListeners {
  open(): void;
  /** A text message (binary frames are not part of the protocol and are passed on as text). */
  message(text: string): void;
  close(code: number, reason: string): void;
  /** A connection failure; `close` may or may not follow. */
  error(detail: string, cause?: unknown): void;
}

export interface TransportSocket {
  listen(listeners: SocketListeners): void;
  /** Sends a text frame; `onWritten` runs once the frame has left user-space buffers. */
  send(data: string, onWritten?: () => void): void;
  close(code: number, reason: string): void;
  /** Drops the connection at once (a failed handshake). */
  terminate(): void;
  /** Stops reading (TCP back-pressure) where the platform allows it; a no-op in browsers. */
  pause(): void;
  resume(): void;
  readonly isPaused: boolean;
  /** Whether this open socket keeps a Node process alive; a no-op in browsers. */
  setKeepsProcessAlive(alive: boolean): void;
  /** Runs `write` with the TCP socket corked, so a burst of frames leaves in few packets (Node only). */
  corked(write: () => void): void;
}
