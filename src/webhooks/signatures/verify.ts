// verifySignature: the entry point the receive route calls. The stored config is parsed again here
// rather than trusted, so a row written by an older version (or edited by hand) yields a clear
// failure instead of an exception from node:crypto.

import type { ValidationIssue } from '../../events/index.js';
import { parseSignatureConfig } from './config.js';
import { VERIFIERS, type ResolvedConfig } from './presets.js';
import {
  DEFAULT_TOLERANCE_SECONDS,
  fail,
  isFailure,
  type Failure,
  type SignatureConfig,
  type SignatureResult,
  type SignedRequest,
} from './types.js';

function resolve(config: SignatureConfig): (ResolvedConfig & { preset: SignatureConfig['preset'] }) | Failure {
  const issues: ValidationIssue[] = [];
  const parsed = parseSignatureConfig(config, [], issues);
  if (parsed === null) {
    const first = issues[0];
    const where = first && first.loc.length > 0 ? ` (${first.loc.join('.')})` : '';
    return fail(`invalid signature config${where}: ${first?.msg ?? 'unknown problem'}`);
  }
  return {
    preset: parsed.preset,
    header: parsed.header ?? '',
    algorithm: parsed.algorithm ?? 'sha256',
    encoding: parsed.encoding ?? 'hex',
    prefix: parsed.prefix ?? '',
    tolerance: parsed.tolerance_seconds ?? DEFAULT_TOLERANCE_SECONDS,
  };
}

/** Checks the request against any of `secrets` (several during a rotation overlap). nowMs: injected clock (epoch ms). Never throws on hostile input. */
export function verifySignature(
  config: SignatureConfig,
  secrets: readonly string[],
  request: SignedRequest,
  nowMs: number,
): SignatureResult {
  const resolved = resolve(config);
  if (isFailure(resolved)) return resolved;
  // An empty secret would be a known HMAC key: anyone could sign with it.
  const usable = secrets.filter((s) => typeof s === 'string' && s !== '');
  if (usable.length === 0) return fail('no signing secret configured');
  if (!Buffer.isBuffer(request.body)) return fail('request body is not raw bytes');
  return VERIFIERS[resolved.preset](resolved, usable, request, nowMs);
}
