// Flag values of `herald webhooks …`: text given inline or as @file, rate limits, headers, the
// signature flags, and the [y/N] question asked before a change that breaks senders.

import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { type Command, Option } from 'commander';
import type { WebhookSignatureInput, WebhookWire } from '../../sdk/index.js';
import { UsageError } from './cli-error.js';

export const PRESETS = ['standard-webhooks', 'github', 'stripe', 'slack', 'hmac'] as const;

/** `TEXT`, or `@path` for a file's content (`@-`: standard input). Templates are multi-line: files are the usual way. */
export function readTextArg(flag: string, value: string, readStdin: () => string = () => readFileSync(0, 'utf8')): string {
  if (!value.startsWith('@')) return value;
  const path = value.slice(1);
  if (path === '-') return readStdin();
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`${flag} ${value}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** `PER_SECOND` or `PER_SECOND/BURST`, e.g. `5` or `0.5/10`; the server's default burst is ceil(per second). */
export function parseRateLimit(text: string): { per_second: number; burst?: number } {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(\d+)\s*)?$/.exec(text);
  if (!m || Number(m[1]) <= 0) {
    throw new UsageError(`--rate-limit expects PER_SECOND or PER_SECOND/BURST (e.g. 5 or 0.5/10), got "${text}"`);
  }
  return m[2] === undefined ? { per_second: Number(m[1]) } : { per_second: Number(m[1]), burst: Number(m[2]) };
}

/** `Name: value` (split at the first `:`). */
export function parseHeader(text: string): [string, string] {
  const at = text.indexOf(':');
  if (at <= 0) throw new UsageError(`-H expects 'Name: value', got "${text}" (e.g. -H 'X-GitHub-Event: push')`);
  return [text.slice(0, at).trim(), text.slice(at + 1).trim()];
}

export function parseSeconds(flag: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${flag} expects a whole number of seconds, got "${text}"`);
  return Number(text);
}

export interface SignatureFlags {
  signature?: string;
  secret?: string;
  signatureHeader?: string;
  signatureAlgorithm?: string;
  signatureEncoding?: string;
  signaturePrefix?: string;
  tolerance?: string;
}

/** --signature and the flags that refine it; `none` is offered only where a check can be removed. */
export function addSignatureOptions(command: Command, allowNone: boolean): Command {
  const presets = allowNone ? [...PRESETS, 'none'] : [...PRESETS];
  return command
    .addOption(
      new Option('--signature <preset>', `check senders' signatures${allowNone ? ' (none: remove the check)' : ''}`).choices(presets),
    )
    .addOption(new Option('--secret <secret>', 'the signing secret, or @file (default: one is generated and printed once)'))
    .addOption(new Option('--signature-header <name>', 'hmac: the header carrying the signature'))
    .addOption(new Option('--signature-algorithm <alg>', 'hmac: sha256 (default), sha1 or sha512').choices(['sha1', 'sha256', 'sha512']))
    .addOption(new Option('--signature-encoding <enc>', 'hmac: hex (default) or base64').choices(['hex', 'base64']))
    .addOption(new Option('--signature-prefix <text>', 'hmac: text before the digest, e.g. sha256='))
    .addOption(new Option('--tolerance <seconds>', 'timestamped presets: greatest age of a request (default 300)'));
}

const REFINEMENTS = ['secret', 'signatureHeader', 'signatureAlgorithm', 'signatureEncoding', 'signaturePrefix', 'tolerance'] as const;

/**
 * The `signature` to send: undefined when no signature flag was given, null for `--signature none`.
 * On an update, the current check is the base, so `--tolerance 60` alone keeps the preset and its
 * hmac settings (a signature in a PUT replaces the whole check); the same preset keeps its secret.
 */
export function signatureFromFlags(flags: SignatureFlags, current: WebhookWire['signature']): WebhookSignatureInput | null | undefined {
  const refined = REFINEMENTS.some((k) => flags[k] !== undefined);
  if (flags.signature === 'none') {
    if (refined) throw new UsageError('--signature none removes the check: it takes no --secret or other signature flag');
    return null;
  }
  if (flags.signature === undefined && !refined) return undefined;
  const preset = flags.signature ?? current?.preset;
  if (preset === undefined)
    throw new UsageError('--secret and the other signature flags need --signature <preset> (the webhook has no signature check)');
  const base: Record<string, unknown> = {};
  if (current && current.preset === preset) {
    const { secret_set: _set, previous_secret_expires: _expires, ...config } = current;
    Object.assign(base, config);
  }
  const given: Record<string, unknown> = {
    preset,
    secret: flags.secret === undefined ? undefined : readTextArg('--secret', flags.secret).trim(),
    header: flags.signatureHeader,
    algorithm: flags.signatureAlgorithm,
    encoding: flags.signatureEncoding,
    prefix: flags.signaturePrefix,
    tolerance_seconds: flags.tolerance === undefined ? undefined : parseSeconds('--tolerance', flags.tolerance),
  };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) base[k] = v;
  return base as unknown as WebhookSignatureInput;
}

/** Asks on a terminal; without one the caller must pass --yes (a script must not hang on a question). */
export async function confirm(verb: string, question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new UsageError(`${verb} needs --yes when standard input is not a terminal (nothing was changed)`);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
