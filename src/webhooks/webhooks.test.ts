// The pure parts of inbound webhooks: the request context, CloudEvents mapping errors, UUIDv5,
// the token bucket and the slug directory's cache (on a fake clock).

import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import type { WebhookRecord, WebhookStore } from '../storage/webhook-store.js';
import { render, TemplateError } from '../templates/index.js';
import { cloudEventToEvent } from './cloudevents.js';
import { WebhookDirectory } from './directory.js';
import { caseInsensitive, parseBody, templateContext, visibleHeaders } from './http-context.js';
import { WebhookRateLimiter } from './rate-limit.js';
import { newWebhookSettings } from './parse.js';
import { compileWebhookTemplate } from './template-env.js';
import { uuidv5 } from './uuidv5.js';

describe('template context', () => {
  it('removes credentials, joins repeated headers and looks names up in any case', () => {
    const headers = visibleHeaders([
      'Authorization',
      'Bearer x',
      'Cookie',
      'a=b',
      'X-Tag',
      'one',
      'x-tag',
      'two',
      'Content-Type',
      'text/plain',
    ]);
    expect(headers).toEqual({ 'X-Tag': 'one, two', 'Content-Type': 'text/plain' });
    const lookup = caseInsensitive(headers);
    expect(lookup['content-type']).toBe('text/plain');
    expect('CONTENT-TYPE' in lookup).toBe(true);
    expect(Object.keys(lookup)).toEqual(['X-Tag', 'Content-Type']);
    expect(JSON.stringify(lookup)).toBe('{"X-Tag":"one, two","Content-Type":"text/plain"}');
  });

  it('parses JSON, forms (last value wins) and text; no body is an empty string', () => {
    expect(parseBody(Buffer.from('{"a":1}'), 'application/json; charset=utf-8')).toEqual({ a: 1 });
    expect(parseBody(Buffer.from('a=1&b=x+y&a=3'), 'application/x-www-form-urlencoded')).toEqual({ a: '3', b: 'x y' });
    expect(parseBody(Buffer.from('[1,2]'), 'text/plain')).toEqual([1, 2]);
    expect(parseBody(Buffer.from('hello'), undefined)).toBe('hello');
    expect(parseBody(Buffer.alloc(0), 'application/json')).toBe('');
    expect(() => parseBody(Buffer.from('{'), 'application/json')).toThrow(SyntaxError);
  });

  it('renders headers case-insensitively in a template, as Prefect Cloud documents', () => {
    const context = templateContext({
      method: 'post',
      rawHeaders: ['Content-Length', '2', 'X-Api', 'k'],
      body: Buffer.from('{}'),
      query: 'q=1',
    });
    const template = compileWebhookTemplate(
      "{{ method }} {{ headers['content-length'] }} {{ headers['X-API'] }} {{ headers.get('x-api') }} {{ query.q }}",
    );
    expect(render(template, context as unknown as Record<string, unknown>)).toBe('POST 2 k k 1');
  });
});

describe('CloudEvents', () => {
  const attributes = { specversion: '1.0', id: 'e1', source: '/s', type: 't.x' };

  it('names the missing attribute, refuses a batch, and derives a stable id from source and id', () => {
    const json = { 'content-type': 'application/cloudevents+json' };
    expect(() => cloudEventToEvent({ ...attributes, source: undefined }, json)).toThrow(/'source' attribute/);
    expect(() => cloudEventToEvent([attributes], { 'content-type': 'application/cloudevents-batch+json' })).toThrow(/batch/);
    expect(() => cloudEventToEvent({}, {})).toThrow(/neither a structured-mode/);
    const a = cloudEventToEvent(attributes, json);
    expect(a.id).toBe(cloudEventToEvent({ ...attributes, time: 'not a time' }, json).id);
    expect(a.id).not.toBe(cloudEventToEvent({ ...attributes, source: '/other' }, json).id);
    expect(cloudEventToEvent({ ...attributes, time: 'not a time' }, json)).not.toHaveProperty('occurred');
  });

  it('reports a template error with its line when the filter fails', () => {
    const template = compileWebhookTemplate('\n{{ body | from_cloud_event(headers) }}');
    try {
      render(template, { body: {}, headers: {} });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(TemplateError);
      expect((err as TemplateError).line).toBe(2);
    }
  });
});

describe('uuidv5', () => {
  it('matches the RFC 9562 example (DNS namespace, www.example.com)', () => {
    expect(uuidv5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});

describe('rate limiter', () => {
  it('takes a burst, then one request per refill, and says how long to wait', () => {
    const clock = new FakeClock();
    const limiter = new WebhookRateLimiter(clock);
    const limit = { perSecond: 0.5, burst: 2 };
    expect(limiter.take('w', limit)).toBeNull();
    expect(limiter.take('w', limit)).toBeNull();
    expect(limiter.take('w', limit)).toBe(2);
    clock.advance(1000);
    expect(limiter.take('w', limit)).toBe(1);
    clock.advance(1000);
    expect(limiter.take('w', limit)).toBeNull();
    expect(limiter.take('other', limit)).toBeNull();
    limiter.forget('w');
    expect(limiter.take('w', limit)).toBeNull();
  });
});

describe('slug directory', () => {
  const record = (enabled: boolean): WebhookRecord => ({
    id: 'id-1',
    workspaceId: 'ws',
    slug: 'slug',
    settings: { ...newWebhookSettings('n', '{}'), enabled },
    secrets: { current: null, previous: null },
    created: '',
    updated: '',
  });

  function countingStore(current: { record: WebhookRecord | null }) {
    const reads = { n: 0 };
    const store = {
      bySlug: async () => {
        reads.n++;
        return current.record;
      },
    } as unknown as WebhookStore;
    return { store, reads };
  }

  it('reads a slug once per TTL (unknown ones too), and again at once after forget', async () => {
    const clock = new FakeClock();
    const current = { record: record(true) as WebhookRecord | null };
    const { store, reads } = countingStore(current);
    const directory = new WebhookDirectory({ store, clock, ttlMs: 5000 });
    expect((await directory.find('slug'))?.record.id).toBe('id-1');
    current.record = record(false);
    expect(await directory.find('slug')).not.toBeNull();
    expect(reads.n).toBe(1);
    clock.advance(5000);
    expect(await directory.find('slug')).toBeNull(); // disabled looks like unknown
    expect(reads.n).toBe(2);
    current.record = record(true);
    directory.forget('slug');
    expect(await directory.find('slug')).not.toBeNull();
    expect(reads.n).toBe(3);
  });

  it('shares one read between concurrent lookups, and a saved template that no longer compiles fails loudly', async () => {
    const clock = new FakeClock();
    const broken = record(true);
    broken.settings.template = '{{ oops';
    const { store, reads } = countingStore({ record: broken });
    const directory = new WebhookDirectory({ store, clock, ttlMs: 0 });
    const [a, b] = await Promise.all([directory.find('slug'), directory.find('slug')]);
    expect(reads.n).toBe(1);
    expect(a).toBe(b);
    expect(a?.compiled).toEqual({ error: expect.stringContaining('no longer compiles') });
  });
});
