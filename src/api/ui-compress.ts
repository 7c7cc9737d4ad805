// Compressed copies of the web UI's files (src/api/ui-static.ts): the bundle is ~500 kB of
// JavaScript that compresses to a third or less, and Herald is often reached without a reverse proxy
// that would compress it. Each file is compressed once per version (path, size and mtime) and kept
// in memory: the bundle is a handful of files, and a rebuilt file gets a new entry.

import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export type Encoding = 'br' | 'gzip';

/** Text formats worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = /\.(js|css|html|json|svg|map|txt)$/;
/** Below this a response fits in a packet or two either way. */
const MIN_BYTES = 1024;

/** The encoding to answer with for `accept-encoding`: Brotli where the browser takes it, else gzip. */
export function pickEncoding(acceptEncoding: string | undefined, path: string, size: number): Encoding | null {
  if (!acceptEncoding || size < MIN_BYTES || !COMPRESSIBLE.test(path)) return null;
  const accepted = new Set(
    acceptEncoding
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, q]) => !q || Number(q.trim().replace(/^q=/, '')) > 0)
      .map(([name]) => name.trim().toLowerCase()),
  );
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return null;
}

export class CompressedFiles {
  readonly #cache = new Map<string, Buffer>();

  /** `bytes` compressed with `encoding`, from the cache when this version of `path` was seen. */
  get(path: string, version: string, encoding: Encoding, bytes: Buffer): Buffer {
    const key = `${encoding} ${version} ${path}`;
    let out = this.#cache.get(key);
    if (!out) {
      out =
        encoding === 'br'
          ? brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } })
          : gzipSync(bytes, { level: 9 });
      for (const old of this.#cache.keys()) if (old.startsWith(`${encoding} `) && old.endsWith(` ${path}`)) this.#cache.delete(old);
      this.#cache.set(key, out);
    }
    return out;
  }
}
