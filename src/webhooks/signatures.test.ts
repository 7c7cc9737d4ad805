// Signature presets against real senders: the standardwebhooks library signs for standard-webhooks;
// GitHub, Stripe, Slack and generic HMAC signatures are computed with node:crypto the way each
// provider documents them, plus the published test vectors we could find.

import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import type { ValidationIssue } from '../events/index.js';
import {
  generateSecret,
  parseSignatureConfig,
  secretProblem,
  verifySignature,
  type SignatureConfig,
  type SignaturePreset,
  type SignedRequest,
} from './signatures.js';

const T = 1_700_000_000;
const NOW = T * 1000;
const BODY = Buffer.from('{"event":"push","n":1}');

const hex = (alg: string, key: string | Buffer, ...parts: (string | Buffer)[]): string => {
  const mac = createHmac(alg, key);
  for (const p of parts) mac.update(p);
  return mac.digest('hex');
};
const request = (headers: SignedRequest['headers'], body: Buffer = BODY): SignedRequest => ({ headers, body });
const failure = (message: string) => ({ ok: false, message });
const OK = { ok: true };

// ---------------------------------------------------------------------------------------------
// standard-webhooks

describe('standard-webhooks', () => {
  const config: SignatureConfig = { preset: 'standard-webhooks' };
  const secret = generateSecret('standard-webhooks');
  const sender = new Webhook(secret);
  const signed = (opts: { id?: string; at?: number; body?: Buffer; by?: Webhook } = {}): SignedRequest => {
    const id = opts.id ?? 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
    const at = opts.at ?? T;
    const body = opts.body ?? BODY;
    const by = opts.by ?? sender;
    return request(
      { 'webhook-id': id, 'webhook-timestamp': String(at), 'webhook-signature': by.sign(id, new Date(at * 1000), body) },
      body,
    );
  };

  it('accepts the published Standard Webhooks test vector', () => {
    const vector = request(
      {
        'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
        'webhook-timestamp': '1614265330',
        'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
      },
      Buffer.from('{"test": 2432232314}'),
    );
    expect(verifySignature(config, ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], vector, 1614265330_000)).toEqual(OK);
    // The bare base64 form of the same secret, as the library accepts it.
    expect(verifySignature(config, ['MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], vector, 1614265330_000)).toEqual(OK);
  });

  it('accepts a request signed by the standardwebhooks library', () => {
    expect(verifySignature(config, [secret], signed(), NOW)).toEqual(OK);
  });

  it('accepts an empty body', () => {
    expect(verifySignature(config, [secret], signed({ body: Buffer.alloc(0) }), NOW)).toEqual(OK);
  });

  it('refuses a tampered body', () => {
    const r = signed();
    expect(verifySignature(config, [secret], { ...r, body: Buffer.from('{"event":"push","n":2}') }, NOW)).toEqual(
      failure('no signature matched'),
    );
  });

  it('refuses a tampered webhook-id (it is part of the signed content)', () => {
    const r = signed();
    expect(verifySignature(config, [secret], request({ ...r.headers, 'webhook-id': 'msg_other' }), NOW)).toEqual(
      failure('no signature matched'),
    );
  });

  it('refuses a request signed with another secret', () => {
    expect(verifySignature(config, [generateSecret('standard-webhooks')], signed(), NOW)).toEqual(failure('no signature matched'));
  });

  it('accepts the second secret of a rotation overlap', () => {
    const next = generateSecret('standard-webhooks');
    expect(verifySignature(config, [secret, next], signed({ by: new Webhook(next) }), NOW)).toEqual(OK);
  });

  it('accepts a header listing several signatures when any one matches', () => {
    const r = signed();
    const other = new Webhook(generateSecret('standard-webhooks')).sign('x', new Date(NOW), BODY);
    const headers = { ...r.headers, 'webhook-signature': `${other}  v1a,c29tZSBlZDI1NTE5 ${r.headers['webhook-signature']}` };
    expect(verifySignature(config, [secret], request(headers), NOW)).toEqual(OK);
  });

  it('ignores signatures of other versions', () => {
    const r = signed();
    const v1 = String(r.headers['webhook-signature']);
    const headers = { ...r.headers, 'webhook-signature': v1.replace('v1,', 'v1a,') };
    expect(verifySignature(config, [secret], request(headers), NOW)).toEqual(failure('webhook-signature header has no v1 signature'));
  });

  it('refuses v1 entries that are not base64 SHA-256 digests', () => {
    const r = signed();
    for (const bad of ['v1,', 'v1,%%%', 'v1,c2hvcnQ=', `v1,${'A'.repeat(88)}`]) {
      expect(verifySignature(config, [secret], request({ ...r.headers, 'webhook-signature': bad }), NOW)).toEqual(
        failure('malformed webhook-signature header: v1 signatures must be base64 HMAC-SHA256 digests'),
      );
    }
  });

  it('names each missing header', () => {
    const r = signed();
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      const headers = { ...r.headers, [name]: undefined };
      expect(verifySignature(config, [secret], request(headers), NOW)).toEqual(failure(`missing header ${name}`));
    }
  });

  it('refuses a timestamp older than the tolerance', () => {
    expect(verifySignature(config, [secret], signed({ at: T - 301 }), NOW)).toEqual(
      failure(`timestamp ${T - 301} is 301 s away from now; tolerance is 300 s`),
    );
  });

  it('refuses a timestamp further in the future than the tolerance', () => {
    expect(verifySignature(config, [secret], signed({ at: T + 612 }), NOW)).toEqual(
      failure(`timestamp ${T + 612} is 612 s away from now; tolerance is 300 s`),
    );
  });

  it('accepts timestamps exactly at the tolerance bound in both directions', () => {
    expect(verifySignature(config, [secret], signed({ at: T - 300 }), NOW)).toEqual(OK);
    expect(verifySignature(config, [secret], signed({ at: T + 300 }), NOW)).toEqual(OK);
    // Milliseconds of the clock do not count: the sender signs whole seconds.
    expect(verifySignature(config, [secret], signed({ at: T - 300 }), NOW + 999)).toEqual(OK);
    expect(verifySignature(config, [secret], signed({ at: T - 300 }), NOW + 1000)).toMatchObject({ ok: false });
  });

  it('uses the configured tolerance', () => {
    const tight = { ...config, tolerance_seconds: 10 };
    expect(verifySignature(tight, [secret], signed({ at: T - 10 }), NOW)).toEqual(OK);
    expect(verifySignature(tight, [secret], signed({ at: T - 11 }), NOW)).toEqual(
      failure(`timestamp ${T - 11} is 11 s away from now; tolerance is 10 s`),
    );
    const zero = { ...config, tolerance_seconds: 0 };
    expect(verifySignature(zero, [secret], signed({ at: T }), NOW + 500)).toEqual(OK);
    expect(verifySignature(zero, [secret], signed({ at: T - 1 }), NOW)).toMatchObject({ ok: false });
  });

  it('refuses a timestamp that is not unix seconds', () => {
    const r = signed();
    for (const bad of ['1.7e9', '-1700000000', '1700000000.5', 'now', '0x6553f100', '١٧٠٠٠٠٠٠٠٠']) {
      expect(verifySignature(config, [secret], request({ ...r.headers, 'webhook-timestamp': bad }), NOW)).toEqual(
        failure('malformed webhook-timestamp header: expected unix seconds'),
      );
    }
  });

  it('verifies a non-ASCII webhook-id as the bytes the sender signed', () => {
    const id = 'msg_café_☕';
    const r = signed({ id });
    // Node hands header bytes over as latin1 text.
    const asNodeSees = Buffer.from(id, 'utf8').toString('latin1');
    expect(verifySignature(config, [secret], request({ ...r.headers, 'webhook-id': asNodeSees }), NOW)).toEqual(OK);
  });

  it('skips stored secrets that are not valid and fails when none is', () => {
    expect(verifySignature(config, ['whsec_not base64!', secret], signed(), NOW)).toEqual(OK);
    expect(verifySignature(config, ['whsec_not base64!', 'whsec_'], signed(), NOW)).toEqual(
      failure('no valid standard-webhooks secret configured'),
    );
  });

  it('agrees with the library on random ids, bodies and clocks', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
        fc.uint8Array({ maxLength: 256 }),
        fc.integer({ min: -400, max: 400 }),
        (id, bytes, skew) => {
          const body = Buffer.from(bytes);
          const r = signed({ id, body, at: T + skew });
          const ours = verifySignature(config, [secret], r, NOW);
          expect(ours.ok).toBe(Math.abs(skew) <= 300);
        },
      ),
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// github

describe('github', () => {
  const config: SignatureConfig = { preset: 'github' };
  const secret = 'It\u2019s not the docs secret';
  const signed = (body: Buffer = BODY, key: string = secret): SignedRequest =>
    request({ 'x-hub-signature-256': `sha256=${hex('sha256', key, body)}` }, body);

  it('accepts the published GitHub test vector', () => {
    const vector = request(
      { 'x-hub-signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17' },
      Buffer.from('Hello, World!'),
    );
    expect(verifySignature(config, ["It's a Secret to Everybody"], vector, NOW)).toEqual(OK);
  });

  it('accepts a valid signature with a UTF-8 secret', () => {
    expect(verifySignature(config, [secret], signed(), NOW)).toEqual(OK);
  });

  it('accepts upper-case hex', () => {
    const upper = `sha256=${hex('sha256', secret, BODY).toUpperCase()}`;
    expect(verifySignature(config, [secret], request({ 'x-hub-signature-256': upper }), NOW)).toEqual(OK);
  });

  it('refuses a tampered body and does not reveal the expected signature', () => {
    const result = verifySignature(config, [secret], { ...signed(), body: Buffer.from('{"event":"push","n":2}') }, NOW);
    expect(result).toEqual(failure('no signature matched'));
    expect(JSON.stringify(result)).not.toContain(hex('sha256', secret, '{"event":"push","n":2}'));
  });

  it('refuses a wrong secret and accepts the second secret of a rotation overlap', () => {
    expect(verifySignature(config, ['other'], signed(), NOW)).toEqual(failure('no signature matched'));
    expect(verifySignature(config, ['old-secret', secret], signed(), NOW)).toEqual(OK);
  });

  it('ignores the timestamp clock entirely', () => {
    expect(verifySignature(config, [secret], signed(), 0)).toEqual(OK);
  });

  it('names the missing header', () => {
    expect(verifySignature(config, [secret], request({ 'x-hub-signature': 'sha1=abc' }), NOW)).toEqual(
      failure('missing header X-Hub-Signature-256'),
    );
  });

  it('refuses malformed X-Hub-Signature-256 values', () => {
    const digest = hex('sha256', secret, BODY);
    for (const bad of [digest, `sha1=${digest}`, `sha256=${digest.slice(2)}`, `sha256=${digest}00`, `sha256=${digest.slice(1)}g`]) {
      expect(verifySignature(config, [secret], request({ 'x-hub-signature-256': bad }), NOW)).toEqual(
        failure('malformed X-Hub-Signature-256 header: expected sha256= followed by 64 hex characters'),
      );
    }
  });
});

// ---------------------------------------------------------------------------------------------
// stripe

describe('stripe', () => {
  const config: SignatureConfig = { preset: 'stripe' };
  const secret = 'whsec_test_3bd2f0a1c9e84d7f';
  const v1 = (key: string, t: number | string, body: Buffer = BODY): string => hex('sha256', key, `${t}.`, body);
  const signed = (header: string, body: Buffer = BODY): SignedRequest => request({ 'stripe-signature': header }, body);

  it('accepts a signature computed as Stripe documents it', () => {
    expect(verifySignature(config, [secret], signed(`t=${T},v1=${v1(secret, T)}`), NOW)).toEqual(OK);
  });

  it('uses the whsec_ secret as-is, not base64-decoded', () => {
    const secretB64 = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const decodedKey = Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64');
    const wrong = hex('sha256', decodedKey, `${T}.`, BODY);
    expect(verifySignature(config, [secretB64], signed(`t=${T},v1=${wrong}`), NOW)).toEqual(failure('no signature matched'));
    expect(verifySignature(config, [secretB64], signed(`t=${T},v1=${v1(secretB64, T)}`), NOW)).toEqual(OK);
  });

  it('ignores v0 and unknown schemes and accepts any matching v1', () => {
    const header = `t=${T},v0=${'0'.repeat(64)},v1=${v1('other', T)},scheme9=xyz,v1=${v1(secret, T)}`;
    expect(verifySignature(config, [secret], signed(header), NOW)).toEqual(OK);
  });

  it('tolerates spaces around the items', () => {
    expect(verifySignature(config, [secret], signed(` t=${T} , v1=${v1(secret, T)} `), NOW)).toEqual(OK);
  });

  it('refuses a tampered body, a wrong secret and a changed timestamp', () => {
    const header = `t=${T},v1=${v1(secret, T)}`;
    expect(verifySignature(config, [secret], signed(header, Buffer.from('{}')), NOW)).toEqual(failure('no signature matched'));
    expect(verifySignature(config, ['whsec_other'], signed(header), NOW)).toEqual(failure('no signature matched'));
    expect(verifySignature(config, [secret], signed(`t=${T + 1},v1=${v1(secret, T)}`), NOW)).toEqual(failure('no signature matched'));
  });

  it('accepts the second secret of a rotation overlap', () => {
    expect(verifySignature(config, ['whsec_old', secret], signed(`t=${T},v1=${v1(secret, T)}`), NOW)).toEqual(OK);
  });

  it('applies the tolerance in both directions, inclusive at the bound', () => {
    const at = (t: number) => signed(`t=${t},v1=${v1(secret, t)}`);
    expect(verifySignature(config, [secret], at(T - 300), NOW)).toEqual(OK);
    expect(verifySignature(config, [secret], at(T + 300), NOW)).toEqual(OK);
    expect(verifySignature(config, [secret], at(T - 612), NOW)).toEqual(
      failure(`timestamp ${T - 612} is 612 s away from now; tolerance is 300 s`),
    );
    expect(verifySignature(config, [secret], at(T + 301), NOW)).toEqual(
      failure(`timestamp ${T + 301} is 301 s away from now; tolerance is 300 s`),
    );
    expect(verifySignature({ ...config, tolerance_seconds: 1000 }, [secret], at(T - 612), NOW)).toEqual(OK);
  });

  it('names the missing header', () => {
    expect(verifySignature(config, [secret], request({}), NOW)).toEqual(failure('missing header Stripe-Signature'));
  });

  it('says what is malformed in the Stripe-Signature header', () => {
    const sig = v1(secret, T);
    const cases: [string, string][] = [
      ['garbage', 'malformed Stripe-Signature header: expected one t= timestamp, found 0'],
      [`v1=${sig}`, 'malformed Stripe-Signature header: expected one t= timestamp, found 0'],
      [`t=${T},t=${T},v1=${sig}`, 'malformed Stripe-Signature header: expected one t= timestamp, found 2'],
      [`t=${T}`, 'Stripe-Signature header has no v1 signature'],
      [`t=${T},v0=${sig}`, 'Stripe-Signature header has no v1 signature'],
      [`t=abc,v1=${sig}`, 'malformed Stripe-Signature header: t: expected unix seconds'],
      [`t=,v1=${sig}`, 'malformed Stripe-Signature header: t: expected unix seconds'],
      [`t=${T},v1=${sig.slice(4)}`, 'malformed Stripe-Signature header: v1 signatures must be 64 hex characters'],
      [`t=${T},v1=zz${sig.slice(2)}`, 'malformed Stripe-Signature header: v1 signatures must be 64 hex characters'],
    ];
    for (const [header, message] of cases) expect(verifySignature(config, [secret], signed(header), NOW)).toEqual(failure(message));
  });
});

// ---------------------------------------------------------------------------------------------
// slack

describe('slack', () => {
  const config: SignatureConfig = { preset: 'slack' };
  const secret = generateSecret('slack');
  const signed = (ts: number | string, body: Buffer = BODY, key: string = secret): SignedRequest =>
    request({ 'x-slack-request-timestamp': String(ts), 'x-slack-signature': `v0=${hex('sha256', key, `v0:${ts}:`, body)}` }, body);

  it('accepts the example of the Slack documentation', () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar' +
      '&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
      '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
      '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    const vector = request(
      {
        'x-slack-request-timestamp': '1531420618',
        'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
      },
      Buffer.from(body),
    );
    expect(verifySignature(config, ['8f742231b10e8888abcd99yyyzzz85a5'], vector, 1531420618_000 + 60_000)).toEqual(OK);
  });

  it('accepts a valid signature and refuses a tampered body or wrong secret', () => {
    expect(verifySignature(config, [secret], signed(T), NOW)).toEqual(OK);
    expect(verifySignature(config, [secret], { ...signed(T), body: Buffer.from('x') }, NOW)).toEqual(failure('no signature matched'));
    expect(verifySignature(config, [generateSecret('slack')], signed(T), NOW)).toEqual(failure('no signature matched'));
  });

  it('accepts the second secret of a rotation overlap', () => {
    expect(verifySignature(config, [generateSecret('slack'), secret], signed(T), NOW)).toEqual(OK);
  });

  it('refuses a signature over another timestamp', () => {
    const r = signed(T);
    const headers = { ...r.headers, 'x-slack-request-timestamp': String(T + 1) };
    expect(verifySignature(config, [secret], request(headers), NOW)).toEqual(failure('no signature matched'));
  });

  it('applies the tolerance, inclusive at the bound', () => {
    expect(verifySignature(config, [secret], signed(T - 300), NOW)).toEqual(OK);
    expect(verifySignature(config, [secret], signed(T + 300), NOW)).toEqual(OK);
    expect(verifySignature(config, [secret], signed(T - 301), NOW)).toEqual(
      failure(`timestamp ${T - 301} is 301 s away from now; tolerance is 300 s`),
    );
    expect(verifySignature(config, [secret], signed(T + 3600), NOW)).toEqual(
      failure(`timestamp ${T + 3600} is 3600 s away from now; tolerance is 300 s`),
    );
  });

  it('names each missing header', () => {
    const r = signed(T);
    expect(verifySignature(config, [secret], request({ ...r.headers, 'x-slack-request-timestamp': undefined }), NOW)).toEqual(
      failure('missing header X-Slack-Request-Timestamp'),
    );
    expect(verifySignature(config, [secret], request({ ...r.headers, 'x-slack-signature': undefined }), NOW)).toEqual(
      failure('missing header X-Slack-Signature'),
    );
  });

  it('refuses malformed X-Slack-Signature and timestamp values', () => {
    const r = signed(T);
    const sig = String(r.headers['x-slack-signature']);
    for (const bad of [sig.replace('v0=', 'v1='), sig.slice(3), `${sig}ab`]) {
      expect(verifySignature(config, [secret], request({ ...r.headers, 'x-slack-signature': bad }), NOW)).toEqual(
        failure('malformed X-Slack-Signature header: expected v0= followed by 64 hex characters'),
      );
    }
    expect(verifySignature(config, [secret], request({ ...r.headers, 'x-slack-request-timestamp': 'yesterday' }), NOW)).toEqual(
      failure('malformed X-Slack-Request-Timestamp header: expected unix seconds'),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// hmac

describe('hmac', () => {
  const base = { preset: 'hmac', header: 'X-Signature' } as const;

  it('matches the RFC 2202 and RFC 4231 test vectors (key "Jefe")', () => {
    const body = Buffer.from('what do ya want for nothing?');
    const vectors: [SignatureConfig['algorithm'], string][] = [
      ['sha1', 'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79'],
      ['sha256', '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'],
      [
        'sha512',
        '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737',
      ],
    ];
    for (const [algorithm, digest] of vectors) {
      expect(verifySignature({ ...base, algorithm }, ['Jefe'], request({ 'x-signature': digest }, body), NOW)).toEqual(OK);
    }
  });

  it('verifies GitHub deliveries when configured like GitHub', () => {
    const config: SignatureConfig = { preset: 'hmac', header: 'X-Hub-Signature-256', prefix: 'sha256=' };
    const vector = request(
      { 'x-hub-signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17' },
      Buffer.from('Hello, World!'),
    );
    expect(verifySignature(config, ["It's a Secret to Everybody"], vector, NOW)).toEqual(OK);
  });

  it('supports every algorithm with hex and base64, with a prefix', () => {
    for (const algorithm of ['sha1', 'sha256', 'sha512'] as const) {
      for (const encoding of ['hex', 'base64'] as const) {
        const config: SignatureConfig = { ...base, algorithm, encoding, prefix: `${algorithm}=` };
        const digest = createHmac(algorithm, 's3cret').update(BODY).digest(encoding);
        const good = request({ 'x-signature': `${algorithm}=${digest}` });
        expect(verifySignature(config, ['s3cret'], good, NOW)).toEqual(OK);
        expect(verifySignature(config, ['s3cret'], { ...good, body: Buffer.from('other') }, NOW)).toEqual(failure('no signature matched'));
        expect(verifySignature(config, ['wrong', 'also wrong'], good, NOW)).toEqual(failure('no signature matched'));
        expect(verifySignature(config, ['old', 's3cret'], good, NOW)).toEqual(OK);
      }
    }
  });

  it('accepts unpadded and URL-safe base64', () => {
    const config: SignatureConfig = { ...base, encoding: 'base64' };
    const digest = createHmac('sha256', 'k').update(BODY).digest('base64url');
    expect(verifySignature(config, ['k'], request({ 'x-signature': digest }), NOW)).toEqual(OK);
  });

  it('reads the configured header case-insensitively', () => {
    const digest = hex('sha256', 'k', BODY);
    expect(verifySignature({ preset: 'hmac', header: 'X-SIGNATURE' }, ['k'], request({ 'x-signature': digest }), NOW)).toEqual(OK);
  });

  it('names the missing header as configured', () => {
    expect(verifySignature(base, ['k'], request({ 'x-other': 'abc' }), NOW)).toEqual(failure('missing header X-Signature'));
  });

  it('says which prefix, encoding and algorithm were expected', () => {
    const digest = hex('sha256', 'k', BODY);
    expect(verifySignature({ ...base, prefix: 'sha256=' }, ['k'], request({ 'x-signature': digest }), NOW)).toEqual(
      failure('malformed X-Signature header: expected "sha256=" followed by a hex HMAC-SHA256 digest'),
    );
    expect(verifySignature({ ...base, algorithm: 'sha512' }, ['k'], request({ 'x-signature': digest }), NOW)).toEqual(
      failure('malformed X-Signature header: expected a hex HMAC-SHA512 digest'),
    );
    expect(verifySignature({ ...base, encoding: 'base64' }, ['k'], request({ 'x-signature': digest }), NOW)).toEqual(
      failure('malformed X-Signature header: expected a base64 HMAC-SHA256 digest'),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Hostile input, for every preset

describe('hostile input', () => {
  const configs: SignatureConfig[] = [
    { preset: 'standard-webhooks' },
    { preset: 'github' },
    { preset: 'stripe' },
    { preset: 'slack' },
    { preset: 'hmac', header: 'x-signature', encoding: 'base64', prefix: 'sig=' },
  ];
  const HEADERS = [
    'webhook-id',
    'webhook-timestamp',
    'webhook-signature',
    'x-hub-signature-256',
    'stripe-signature',
    'x-slack-signature',
    'x-slack-request-timestamp',
    'x-signature',
  ];
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const hostile: (string | string[])[] = [
    '',
    '   ',
    'x'.repeat(100_000),
    'ü€☃\u0000\r\n',
    'v1,\u00ff\u00fe',
    't=\u0661\u0662,v1=é',
    'sha256=' + 'é'.repeat(64),
    [],
    ['a', 'b'],
    [`t=${T},v1=${'a'.repeat(64)}`, `t=${T},v1=${'b'.repeat(64)}`],
    '=,=,=,,,t==,v1==',
    'v0=',
    'sig=====',
  ];

  it('never throws, never accepts and never echoes the secret', () => {
    for (const config of configs) {
      for (const value of hostile) {
        const headers = Object.fromEntries(HEADERS.map((h) => [h, h.endsWith('timestamp') ? String(T) : value]));
        const result = verifySignature(config, [secret], request(headers), NOW);
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.message).not.toContain(secret);
          expect(result.message).not.toContain('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
          expect(result.message.length).toBeLessThan(200);
        }
      }
    }
  });

  it('reports empty, too long and repeated headers precisely', () => {
    const config: SignatureConfig = { preset: 'github' };
    const sig = `sha256=${hex('sha256', 'k', BODY)}`;
    expect(verifySignature(config, ['k'], request({ 'x-hub-signature-256': '  ' }), NOW)).toEqual(
      failure('header X-Hub-Signature-256 is empty'),
    );
    expect(verifySignature(config, ['k'], request({ 'x-hub-signature-256': 'a'.repeat(9000) }), NOW)).toEqual(
      failure('header X-Hub-Signature-256 is too long (9000 characters; at most 8192)'),
    );
    expect(verifySignature(config, ['k'], request({ 'x-hub-signature-256': [sig, sig] }), NOW)).toEqual(
      failure('header X-Hub-Signature-256 was sent 2 times; expected once'),
    );
    expect(verifySignature(config, ['k'], request({ 'x-hub-signature-256': [sig] }), NOW)).toEqual(OK);
    expect(verifySignature(config, ['k'], request({ 'x-hub-signature-256': [] }), NOW)).toEqual(
      failure('missing header X-Hub-Signature-256'),
    );
  });

  it('does not read headers named like Object.prototype members', () => {
    const config: SignatureConfig = { preset: 'hmac', header: 'constructor' };
    expect(verifySignature(config, ['k'], request({}), NOW)).toEqual(failure('missing header constructor'));
  });

  it('refuses to verify without a secret', () => {
    const sig = `sha256=${hex('sha256', '', BODY)}`;
    expect(verifySignature({ preset: 'github' }, [], request({ 'x-hub-signature-256': sig }), NOW)).toEqual(
      failure('no signing secret configured'),
    );
    expect(verifySignature({ preset: 'github' }, [''], request({ 'x-hub-signature-256': sig }), NOW)).toEqual(
      failure('no signing secret configured'),
    );
  });

  it('fails instead of throwing on a stored config that is not valid', () => {
    const bad = [
      { preset: 'md5' },
      { preset: 'hmac' },
      { preset: 'hmac', header: 'x-sig', algorithm: 'md5' },
      { preset: 'stripe', tolerance_seconds: -1 },
      null,
    ] as unknown as SignatureConfig[];
    for (const config of bad) {
      const result = verifySignature(config, ['k'], request({ 'x-sig': 'a' }), NOW);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/^invalid signature config/);
    }
    expect(verifySignature({ preset: 'hmac' } as SignatureConfig, ['k'], request({}), NOW)).toEqual(
      failure('invalid signature config (header): Field required'),
    );
  });

  it('never throws on arbitrary headers and bodies', () => {
    const headerValue = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.array(fc.string({ maxLength: 50 }), { maxLength: 3 }),
      fc.constant(undefined),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...configs),
        fc.dictionary(fc.constantFrom(...HEADERS), headerValue),
        fc.uint8Array({ maxLength: 128 }),
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        (config, headers, body, now) => {
          expect(verifySignature(config, [secret, 'plain'], request(headers, Buffer.from(body)), now).ok).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// parseSignatureConfig

describe('parseSignatureConfig', () => {
  const LOC = ['body', 'signature'];
  const parse = (value: unknown) => {
    const issues: ValidationIssue[] = [];
    const config = parseSignatureConfig(value, LOC, issues);
    return { config, issues };
  };

  it('fills in the defaults of each preset', () => {
    expect(parse({ preset: 'github' })).toEqual({ config: { preset: 'github' }, issues: [] });
    for (const preset of ['standard-webhooks', 'stripe', 'slack'] as const) {
      expect(parse({ preset })).toEqual({ config: { preset, tolerance_seconds: 300 }, issues: [] });
    }
    expect(parse({ preset: 'hmac', header: 'X-Signature' })).toEqual({
      config: { preset: 'hmac', header: 'X-Signature', algorithm: 'sha256', encoding: 'hex', prefix: '' },
      issues: [],
    });
  });

  it('keeps explicit settings and is idempotent', () => {
    const full = { preset: 'hmac', header: 'x-sig', algorithm: 'sha512', encoding: 'base64', prefix: 'sha512=' };
    expect(parse(full).config).toEqual(full);
    expect(parse(parse(full).config).config).toEqual(full);
    expect(parse({ preset: 'slack', tolerance_seconds: 0 }).config).toEqual({ preset: 'slack', tolerance_seconds: 0 });
    expect(parse({ preset: 'stripe', tolerance_seconds: 86_400 }).config).toEqual({ preset: 'stripe', tolerance_seconds: 86_400 });
  });

  it('refuses a value that is not an object', () => {
    for (const value of [null, 'github', 42, ['github']]) {
      expect(parse(value)).toEqual({
        config: null,
        issues: [{ loc: LOC, msg: 'Input should be an object', type: 'model_type', input: value, ctx: { class_name: 'SignatureConfig' } }],
      });
    }
  });

  it('requires the preset', () => {
    expect(parse({}).issues).toEqual([{ loc: [...LOC, 'preset'], msg: 'Field required', type: 'missing', input: {} }]);
  });

  it('refuses an unknown preset', () => {
    const expected = "'standard-webhooks', 'github', 'stripe', 'slack' or 'hmac'";
    expect(parse({ preset: 'gitlab' })).toEqual({
      config: null,
      issues: [{ loc: [...LOC, 'preset'], msg: `Input should be ${expected}`, type: 'literal_error', input: 'gitlab', ctx: { expected } }],
    });
  });

  it('refuses an unknown key, naming it', () => {
    expect(parse({ preset: 'github', secret: 'x' })).toEqual({
      config: null,
      issues: [{ loc: [...LOC, 'secret'], msg: 'Extra inputs are not permitted', type: 'extra_forbidden', input: 'x' }],
    });
  });

  it('refuses unknown keys even when the preset is unknown too', () => {
    expect(parse({ preset: 'nope', hedaer: 'x' }).issues.map((i) => [i.loc, i.type])).toEqual([
      [[...LOC, 'preset'], 'literal_error'],
      [[...LOC, 'hedaer'], 'extra_forbidden'],
    ]);
  });

  it('refuses settings of another preset, naming them', () => {
    expect(parse({ preset: 'github', header: 'x-sig' }).issues).toEqual([
      {
        loc: [...LOC, 'header'],
        msg: "Value error, 'header' only applies to the 'hmac' preset",
        type: 'value_error',
        input: 'x-sig',
        ctx: { error: {} },
      },
    ]);
    expect(parse({ preset: 'github', tolerance_seconds: 60 }).issues).toEqual([
      {
        loc: [...LOC, 'tolerance_seconds'],
        msg: "Value error, 'tolerance_seconds' does not apply to the 'github' preset, which signs no timestamp",
        type: 'value_error',
        input: 60,
        ctx: { error: {} },
      },
    ]);
    expect(parse({ preset: 'hmac', header: 'x', tolerance_seconds: 60 }).issues.map((i) => i.loc)).toEqual([[...LOC, 'tolerance_seconds']]);
    expect(parse({ preset: 'stripe', prefix: 'v1=' }).issues.map((i) => i.loc)).toEqual([[...LOC, 'prefix']]);
  });

  it('refuses a bad algorithm or encoding', () => {
    expect(parse({ preset: 'hmac', header: 'x', algorithm: 'md5' }).issues).toEqual([
      {
        loc: [...LOC, 'algorithm'],
        msg: "Input should be 'sha1', 'sha256' or 'sha512'",
        type: 'literal_error',
        input: 'md5',
        ctx: { expected: "'sha1', 'sha256' or 'sha512'" },
      },
    ]);
    expect(parse({ preset: 'hmac', header: 'x', encoding: 'base32' }).issues.map((i) => [i.loc, i.type])).toEqual([
      [[...LOC, 'encoding'], 'literal_error'],
    ]);
    expect(parse({ preset: 'hmac', header: 'x', algorithm: 'SHA256' }).issues.map((i) => i.loc)).toEqual([[...LOC, 'algorithm']]);
  });

  it('requires a valid header for hmac', () => {
    expect(parse({ preset: 'hmac' }).issues).toEqual([
      { loc: [...LOC, 'header'], msg: 'Field required', type: 'missing', input: { preset: 'hmac' } },
    ]);
    expect(parse({ preset: 'hmac', header: 7 }).issues).toEqual([
      { loc: [...LOC, 'header'], msg: 'Input should be a valid string', type: 'string_type', input: 7 },
    ]);
    for (const header of ['', 'x signature', 'x-sig:', 'é', 'x'.repeat(129)]) {
      expect(parse({ preset: 'hmac', header }).issues).toEqual([
        {
          loc: [...LOC, 'header'],
          msg: 'Value error, must be an HTTP header name of at most 128 characters',
          type: 'value_error',
          input: header,
          ctx: { error: {} },
        },
      ]);
    }
  });

  it('refuses a prefix that is not short printable ASCII', () => {
    for (const prefix of ['é=', 'a\nb', 'p'.repeat(65)]) {
      expect(parse({ preset: 'hmac', header: 'x', prefix }).issues.map((i) => [i.loc, i.type])).toEqual([
        [[...LOC, 'prefix'], 'value_error'],
      ]);
    }
    expect(parse({ preset: 'hmac', header: 'x', prefix: null }).issues.map((i) => [i.loc, i.type])).toEqual([
      [[...LOC, 'prefix'], 'string_type'],
    ]);
  });

  it('refuses a negative, fractional, non-numeric or too large tolerance', () => {
    const at = [...LOC, 'tolerance_seconds'];
    expect(parse({ preset: 'stripe', tolerance_seconds: -1 }).issues).toEqual([
      { loc: at, msg: 'Input should be greater than or equal to 0', type: 'greater_than_equal', input: -1, ctx: { ge: 0 } },
    ]);
    expect(parse({ preset: 'slack', tolerance_seconds: 1.5 }).issues.map((i) => i.type)).toEqual(['int_from_float']);
    expect(parse({ preset: 'slack', tolerance_seconds: '300' }).issues.map((i) => i.type)).toEqual(['int_type']);
    expect(parse({ preset: 'slack', tolerance_seconds: null }).issues.map((i) => i.type)).toEqual(['int_type']);
    expect(parse({ preset: 'slack', tolerance_seconds: Number.POSITIVE_INFINITY }).issues.map((i) => i.type)).toEqual(['int_type']);
    expect(parse({ preset: 'standard-webhooks', tolerance_seconds: 86_401 }).issues).toEqual([
      { loc: at, msg: 'Input should be less than or equal to 86400', type: 'less_than_equal', input: 86_401, ctx: { le: 86_400 } },
    ]);
  });

  it('reports every problem of one body at once', () => {
    const { config, issues } = parse({ preset: 'hmac', algorithm: 'md5', encoding: 'b64', extra: 1 });
    expect(config).toBeNull();
    expect(issues.map((i) => i.loc.at(-1))).toEqual(['extra', 'header', 'algorithm', 'encoding']);
  });

  it('appends to issues already collected by the caller', () => {
    const issues: ValidationIssue[] = [{ loc: ['body', 'slug'], msg: 'x', type: 'missing' }];
    expect(parseSignatureConfig({ preset: 'github' }, LOC, issues)).toEqual({ preset: 'github' });
    expect(parseSignatureConfig({ preset: 'x' }, [], issues)).toBeNull();
    expect(issues.map((i) => i.loc)).toEqual([['body', 'slug'], ['preset']]);
  });
});

// ---------------------------------------------------------------------------------------------
// generateSecret / secretProblem

describe('generateSecret', () => {
  it('makes a whsec_ secret of 24 random bytes that the standardwebhooks library accepts', () => {
    const secret = generateSecret('standard-webhooks');
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(24);
    expect(secretProblem('standard-webhooks', secret)).toBeNull();
    const id = 'msg_1';
    const signature = new Webhook(secret).sign(id, new Date(), BODY);
    const headers = { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': signature };
    expect(() => new Webhook(secret).verify(BODY, headers)).not.toThrow();
  });

  it('makes 32 random bytes as hex for the other presets', () => {
    for (const preset of ['github', 'stripe', 'slack', 'hmac'] as SignaturePreset[]) {
      const secret = generateSecret(preset);
      expect(secret).toMatch(/^[0-9a-f]{64}$/);
      expect(secretProblem(preset, secret)).toBeNull();
    }
  });

  it('never repeats itself', () => {
    const seen = new Set(Array.from({ length: 50 }, () => generateSecret('standard-webhooks')));
    expect(seen.size).toBe(50);
  });
});

describe('secretProblem', () => {
  it('accepts standard-webhooks secrets with or without the whsec_ prefix', () => {
    expect(secretProblem('standard-webhooks', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBeNull();
    expect(secretProblem('standard-webhooks', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBeNull();
    expect(secretProblem('standard-webhooks', 'whsec_c2hvcnQ=')).toBeNull();
  });

  it('refuses standard-webhooks secrets that are not base64', () => {
    const message = 'must be "whsec_" followed by standard base64 (or the base64 alone)';
    for (const bad of ['whsec_', 'whsec_not base64', 'whsec_abc', 'whsec_ab-_', 'whsec_YQ', 'hunter2!']) {
      expect(secretProblem('standard-webhooks', bad)).toBe(message);
    }
  });

  it('refuses empty, padded, control-character and oversized secrets for every preset', () => {
    for (const preset of ['standard-webhooks', 'github', 'stripe', 'slack', 'hmac'] as SignaturePreset[]) {
      expect(secretProblem(preset, '')).toBe('must not be empty');
      expect(secretProblem(preset, 'abcd\n')).toBe('must not start or end with whitespace');
      expect(secretProblem(preset, ' abcd')).toBe('must not start or end with whitespace');
      expect(secretProblem(preset, 'ab\u0000cd')).toBe('must not contain control characters');
      expect(secretProblem(preset, 'a'.repeat(1025))).toBe('must be at most 1024 characters');
    }
  });

  it('accepts any other text as a GitHub, Stripe, Slack or hmac secret', () => {
    expect(secretProblem('github', "It's a Secret to Everybody")).toBeNull();
    expect(secretProblem('stripe', 'whsec_test_abc')).toBeNull();
    expect(secretProblem('slack', '8f742231b10e8888abcd99yyyzzz85a5')).toBeNull();
    expect(secretProblem('hmac', 'mot de passe très secret')).toBeNull();
  });
});
