// API-key authentication (off when no key is configured). Keys are compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';

/** The token from `Authorization: Bearer <key>` or Prefect's basic-auth form ([compat S2]), else ''. */
export function bearerOrBasicToken(header: string | undefined): string {
  if (!header) return '';
  const [scheme, ...rest] = header.trim().split(/\s+/);
  const value = rest.join(' ');
  if (/^bearer$/i.test(scheme ?? '')) return value;
  if (/^basic$/i.test(scheme ?? '')) {
    // Prefect sends base64(auth_string); accept that, or a user:password pair whose password is the key.
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return decoded;
  }
  return '';
}

/** Constant-time comparison (hashing first so lengths do not leak). */
export function apiKeyMatches(expected: string, given: string): boolean {
  if (!expected) return true;
  if (!given) return false;
  const a = createHash('sha256').update(expected).digest();
  const candidates = [given];
  const colon = given.indexOf(':');
  if (colon >= 0) candidates.push(given.slice(colon + 1));
  let ok = false;
  for (const candidate of candidates) {
    const b = createHash('sha256').update(candidate).digest();
    ok = timingSafeEqual(a, b) || ok;
  }
  return ok;
}
