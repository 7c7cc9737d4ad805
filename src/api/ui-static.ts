// The web UI (ui/, docs/ui.md) served at `/` from its built bundle: files as they are, every other
// GET that asks for HTML answered with index.html (history-API fallback: the UI routes in the
// browser), long caching for Vite's hashed assets and none for index.html, Brotli or gzip where the
// browser takes it (ui-compress.ts). About 90 lines of our own
// instead of @fastify/static, because the fallback, the API-path rule and the meta rewrite would be
// most of the code either way.
//
// The page itself is public (it asks for the API key when the API answers 401); every API route keeps
// its authentication. Paths under the API prefix never fall back to the UI: they stay the API's 404.

import { type Stats, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HeraldError } from '../errors.js';
import { type Authenticator, bearerOrBasicToken } from './auth.js';
import { wantsChallenge } from './auth-hook.js';
import { uiStatic } from './schemas/server.js';
import { CompressedFiles, pickEncoding } from './ui-compress.js';

/** The routes this module adds; the auth hook treats them as public. */
export const UI_ROUTES = ['/', '/*'] as const;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Vite puts content-hashed files under assets/: their URL changes when they do, so cache them for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

export interface UiStaticOptions {
  /** The built bundle; empty = ui/dist of this installation. */
  dir: string;
  /** The API prefix (`/api`), written into index.html so the UI finds the API. */
  apiBase: string;
  authenticator: Authenticator;
}

/** ui/dist beside src/ (running from source) or beside dist/src/ (the compiled server). */
export function defaultUiDir(): string {
  const candidates = ['../../ui/dist', '../../../ui/dist'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  return candidates.find((dir) => isFile(resolve(dir, 'index.html'))) ?? candidates[0];
}

export async function uiStaticRoutes(app: FastifyInstance, options: UiStaticOptions): Promise<void> {
  const root = resolve(options.dir || defaultUiDir());
  const apiBase = options.apiBase;
  const compressed = new CompressedFiles();
  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    const raw = request.url.split('?')[0];
    const path = decodedPath(raw);
    if (apiBase && (raw === apiBase || raw.startsWith(`${apiBase}/`))) {
      // Not a UI path: the API's own 404 — after the authentication it would have had.
      if (!options.authenticator.authenticate(bearerOrBasicToken(request.headers.authorization))) {
        if (wantsChallenge(request)) reply.header('WWW-Authenticate', 'Basic realm="herald", charset="UTF-8"');
        throw new HeraldError('HERALD_ERR_UNAUTHORIZED');
      }
      return reply.callNotFound();
    }
    const file = path === null || path === '/' ? null : resolve(root, `.${path}`);
    const stat = path && file?.startsWith(root + sep) ? fileStat(file) : null;
    if (file && stat) {
      const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
      const cache = path?.startsWith('/assets/') ? IMMUTABLE : 'no-cache';
      reply.type(type).header('Cache-Control', cache).header('Vary', 'Accept-Encoding');
      const bytes = await readFile(file);
      const encoding = pickEncoding(request.headers['accept-encoding'], file, bytes.length);
      if (!encoding) return reply.send(bytes);
      return reply.header('Content-Encoding', encoding).send(compressed.get(file, `${stat.size}:${stat.mtimeMs}`, encoding, bytes));
    }
    if (!acceptsHtml(request)) return reply.callNotFound();
    const index = resolve(root, 'index.html');
    if (!isFile(index))
      return reply.code(404).type(CONTENT_TYPES['.html']).header('Cache-Control', 'no-cache').send(missingBundlePage(root));
    const html = (await readFile(index, 'utf8')).replace(
      /<meta name="herald-api-base" content="[^"]*"/,
      `<meta name="herald-api-base" content="${escapeAttr(apiBase)}"`,
    );
    return reply.type(CONTENT_TYPES['.html']).header('Cache-Control', 'no-cache').send(html);
  };
  for (const url of UI_ROUTES) app.get(url, { schema: uiStatic }, serve);
}

/** The path part of a request URL, decoded; null when it cannot be a file name (bad escape, NUL). */
function decodedPath(raw: string): string | null {
  try {
    const path = decodeURIComponent(raw);
    return path.includes('\0') ? null : path;
  } catch {
    return null;
  }
}

/** A navigation (browsers send text/html); a script or fetch asking `*\/*` for a missing file gets a 404, not a page. */
function acceptsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

/** Stat without throwing; index.html is looked up per request so a rebuilt bundle is served at once. */
function isFile(path: string): boolean {
  return fileStat(path) !== null;
}

/** The file's stat, or null when it is not a regular file (missing, a directory, a bad name). */
function fileStat(path: string): Stats | null {
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    return stat?.isFile() ? stat : null;
  } catch {
    return null; // e.g. ENAMETOOLONG, ENOTDIR
  }
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function missingBundlePage(dir: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Herald: UI not built</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;line-height:1.5">
<h1>Herald's web UI is not built</h1>
<p>No bundle was found in <code>${escapeAttr(dir)}</code>. Build it from the repository root with</p>
<pre>npm run build -w ui</pre>
<p>(<code>npm install</code> builds it too), or point <code>HERALD_UI_DIR</code> at a built bundle.
The API is available at <a href="/docs">/docs</a> meanwhile; <code>HERALD_UI=false</code> turns the UI off.</p>
</body></html>`;
}
