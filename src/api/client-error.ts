// Requests Node cannot parse (headers over the size limit, malformed lines) or that time out never
// reach a route; this answers them. Fastify's default does the same with a JSON body — also to a
// HEAD request, whose client then reads that body as the start of the next response and reports
// a broken connection. A HEAD request (recognised from the bytes Node had read) gets the status alone.

import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

/** Node's parse error: `code`, and at run time `rawPacket`, the bytes read so far (a Buffer). */
type ClientError = Error & { code?: string; rawPacket?: unknown };

export function clientErrorHandler(error: Error, socket: Socket): void {
  const err = error as ClientError;
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Client Timeout']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Exceeded maximum allowed HTTP header size']
        : [400, 'Client Error'];
  const reason = STATUS_CODES[status];
  const head = Buffer.isBuffer(err.rawPacket) && err.rawPacket.subarray(0, 5).toString('latin1') === 'HEAD ';
  const body = head ? '' : JSON.stringify({ error: reason, message, statusCode: status });
  if (socket.writable) {
    const type = head ? '' : 'Content-Type: application/json\r\n';
    socket.write(`HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${type}Connection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}
