// Ingest admission for an HTTP route (POST /events): Fastify hooks that reserve budget before the
// body is read, and give it back once the request's events are durable or refused.
//
//   onRequest   reserves the declared Content-Length; refused → 429 + Retry-After before a byte of
//               the body is read (Node discards the unread body, so the connection stays usable);
//   preParsing  a body without Content-Length (chunked) is counted as it streams in, and refused
//               mid-way once it no longer fits;
//   release     when the response has gone out — a 2xx is sent only after commit, an error after
//               refusal — or the client left; if it left while its events were being written, the
//               bytes stay counted until that write ends (they are still in memory).

import { Transform, type Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { AdmissionTicket, IngestAdmission } from './admission.js';

interface Held {
  ticket: AdmissionTicket;
  /** The ingest of this request's events, once started (see `holdAdmission`). */
  work?: Promise<unknown>;
}

const held = new WeakMap<FastifyRequest, Held>();

export interface AdmissionHooks {
  onRequest(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void;
  preParsing(request: FastifyRequest, reply: FastifyReply, payload: Readable, done: (err: Error | null, body?: Readable) => void): void;
}

/** Route hooks for `admission`; bodies declared larger than `bodyLimit` are left to Fastify's 413. */
export function admissionHooks(admission: IngestAdmission, bodyLimit: number): AdmissionHooks {
  return {
    onRequest(request, reply, done) {
      const declared = Number(request.headers['content-length']);
      // Fastify answers 413 for such a body without reading it: nothing to reserve.
      const bytes = Number.isFinite(declared) && declared >= 0 && declared <= bodyLimit ? declared : 0;
      const ticket = admission.tryAdmit(bytes);
      if (!ticket) {
        done(admission.overloaded());
        return;
      }
      const entry: Held = { ticket };
      held.set(request, entry);
      // 'close' comes after the response is finished, or when the client goes away first.
      reply.raw.once('close', () => {
        if (entry.work) void entry.work.then(ticket.release, ticket.release);
        else ticket.release();
      });
      done();
    },

    preParsing(request, _reply, payload, done) {
      const entry = held.get(request);
      if (!entry) {
        done(null, payload);
        return;
      }
      let refused = false;
      // Body fully received: what follows (parse, validate, write) is the server's time, which is
      // what the admission's throughput measures.
      payload.once('end', () => {
        if (!refused) entry.ticket.start();
      });
      if (request.headers['content-length'] !== undefined) {
        done(null, payload);
        return;
      }
      const counted = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          if (entry.ticket.grow(chunk.length)) callback(null, chunk);
          else {
            // Read and discard the rest, so the connection can carry the 429 and the next request.
            refused = true;
            payload.unpipe(counted);
            payload.resume();
            callback(admission.overloaded());
          }
        },
      });
      payload.on('error', (err) => counted.destroy(err));
      done(null, payload.pipe(counted));
    },
  };
}

/** Keeps this request's budget until `work` (the ingest of its events) settles, even if the client leaves. */
export function holdAdmission(request: FastifyRequest, work: Promise<unknown>): void {
  const entry = held.get(request);
  if (!entry) return;
  entry.ticket.start(); // normally already done when the body ended
  entry.work = work;
}
