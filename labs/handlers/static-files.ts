// Files under DocumentRoot (GET and HEAD). Nothing outside the root is ever served: "..",
// NUL and encoded slashes are refused before the file system is asked, and the file's real
// path (symlinks resolved) must still lie under the root's real path.
import fs from 'node:fs';
import path from 'node:path';
import { errorResponse, NOT_FOUND_MESSAGE } from '../http/error-page.ts';
import type { LabRequest, LabResponse } from '../http/types.ts';
import { contentType } from './content-types.ts';
import { RevalidatedCache } from './static-file-cache.ts';

export const MAX_FILE_BYTES = 16 * 1024 * 1024;

const realRoots = new Map<string, string>();

function realRoot(root: string): string | null {
  let real = realRoots.get(root);
  if (real === undefined) {
    try {
      real = fs.realpathSync(root);
    } catch {
      return null; // not cached: the folder may appear later
    }
    realRoots.set(root, real);
  }
  return real;
}

function inside(real: string, root: string): boolean {
  return real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/** The real path of `candidate` if it exists and lies under `root`, else null; a name too long
 * for the file system is 'forbidden' (httpd's directory walk answers 403 to it). */
function resolveInside(candidate: string, root: string): string | null | 'forbidden' {
  try {
    const real = fs.realpathSync(candidate);
    return inside(real, root) ? real : null;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENAMETOOLONG' ? 'forbidden' : null;
  }
}

const notFound = (): LabResponse => errorResponse(404, NOT_FOUND_MESSAGE);
const forbidden = (): LabResponse => errorResponse(403, "You don't have permission to access this resource.");

function refusedPath(req: LabRequest): LabResponse | null {
  const q = req.url.indexOf('?');
  const raw = (q === -1 ? req.url : req.url.slice(0, q)).toLowerCase();
  // httpd answers 404 to %00 and to an encoded slash (AllowEncodedSlashes Off)
  if (raw.includes('%00') || raw.includes('%2f') || req.path.includes('\0')) return notFound();
  if (req.path.split('/').includes('..') || req.path.includes('\\')) {
    return errorResponse(400, 'Your browser sent a request that this server could not understand: the path may not contain "..".');
  }
  const base = req.path.slice(req.path.lastIndexOf('/') + 1);
  if (base.toLowerCase().startsWith('.ht')) return forbidden();
  return null;
}

/** A file as served: what its response needs, and what tells whether it changed since. */
interface CachedFile {
  headers: Readonly<Record<string, string>>; // frozen: rendered once per thread (served-by.ts, response-head.ts)
  real: string;
  lastModified: string;
  contentType: string;
  body: Buffer;
  ino: number;
  size: number;
  mtimeMs: number;
}

// What each URL path served, checked against the file system at most once a second: a
// request for a cached file costs no system call. Every prefork child and every worker thread
// keeps its own, so it is small: files up to 64 KB, 1 MB of them in all (75 threads: 75 MB at
// most; a folder of large files is read from disk each time, as without a cache).
const CACHE_MAX_AGE_MS = 1000;
const CACHE_MAX_FILE_BYTES = 64 * 1024;
const CACHE_MAX_BYTES = 1024 * 1024;
const fileCache = new RevalidatedCache<CachedFile>(CACHE_MAX_AGE_MS, 256, CACHE_MAX_BYTES, (f) => f.body.length);

function responseOf(file: CachedFile): LabResponse {
  return { status: 200, headers: file.headers as Record<string, string>, body: file.body };
}

function fileResponse(real: string, shownName: string, stat: fs.Stats, cacheKey: string): LabResponse {
  if (stat.size > MAX_FILE_BYTES) {
    return errorResponse(500, `The file is ${stat.size} bytes; the lab serves files up to ${MAX_FILE_BYTES} bytes (16 MB).`);
  }
  const old = fileCache.stale(cacheKey);
  if (old && old.real === real && old.ino === stat.ino && old.size === stat.size && old.mtimeMs === stat.mtimeMs && old.contentType === contentType(shownName)) {
    fileCache.set(cacheKey, old, Date.now()); // unchanged: checked again, not read again
    return responseOf(old);
  }
  const read = fs.readFileSync(real); // small files, read at once
  if (read.length > CACHE_MAX_FILE_BYTES) {
    fileCache.delete(cacheKey);
    return { status: 200, headers: { 'Last-Modified': stat.mtime.toUTCString(), 'Content-Type': contentType(shownName) }, body: read };
  }
  // A buffer of its own: a small read may sit in Buffer's shared pool, whose whole slab a
  // postMessage to the listener would copy.
  const body = Buffer.alloc(read.length);
  read.copy(body);
  const lastModified = stat.mtime.toUTCString();
  const type = contentType(shownName);
  const headers = Object.freeze({ 'Last-Modified': lastModified, 'Content-Type': type });
  const file = { headers, real, lastModified, contentType: type, body, ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs };
  fileCache.set(cacheKey, file, Date.now());
  return responseOf(file);
}

/** What httpd 2.4.71's default handler allows (the order of its Allow list varies with its
 * method hash; TRACE is not listed, as with TraceEnable off: see handle-request.ts). */
export const FILE_METHODS = 'POST,OPTIONS,HEAD,GET';

/** A method other than GET, HEAD and POST: OPTIONS is answered, any other refused, whether the
 * file exists or not (default_handler's "unusual method" branch looks at no file). */
function otherMethod(req: LabRequest): LabResponse {
  if (req.method === 'OPTIONS') return { status: 200, headers: { Allow: FILE_METHODS }, body: '' };
  return errorResponse(405, `The requested method ${req.method} is not allowed for this URL.`, { Allow: FILE_METHODS });
}

/**
 * httpd's default handler (server/core.c default_handler), in its order: PUT is refused first;
 * then paths httpd refuses before any handler; then methods other than GET, HEAD and POST
 * (OPTIONS 200, the rest 405, measured on httpd 2.4.71 for existing and missing files alike);
 * then GET, HEAD and POST (its body was read and dropped) get the file or 404.
 */
export function serveFile(req: LabRequest, documentRoot: string): LabResponse {
  if (req.method === 'PUT') return otherMethod(req);
  const refused = refusedPath(req);
  if (refused) return refused;
  const readsFile = req.method === 'GET' || req.method === 'HEAD' || req.method === 'POST';
  const cacheKey = `${documentRoot}\0${req.path}`;
  const cached = fileCache.fresh(cacheKey, Date.now());
  if (cached) return readsFile ? responseOf(cached) : otherMethod(req);
  const root = realRoot(documentRoot);
  if (!root) return readsFile ? notFound() : otherMethod(req);
  const real = resolveInside(path.join(root, req.path), root);
  if (real === 'forbidden') return forbidden();
  if (!readsFile) return otherMethod(req);
  if (!real) return notFound();
  let stat = fs.statSync(real, { throwIfNoEntry: false });
  if (!stat) return notFound();
  if (stat.isDirectory()) {
    if (!req.path.endsWith('/')) {
      // mod_dir: a directory's URL ends with a slash, so relative links in its index work
      const q = req.url.indexOf('?');
      const location = encodeURI(`${req.path}/`) + (q === -1 ? '' : req.url.slice(q));
      return { ...errorResponse(301, 'The document has moved.'), headers: { 'Content-Type': 'text/html; charset=iso-8859-1', Location: location } };
    }
    const found = resolveInside(path.join(real, 'index.html'), root);
    const index = found === 'forbidden' ? null : found;
    stat = index ? fs.statSync(index, { throwIfNoEntry: false }) : undefined;
    if (!index || !stat?.isFile()) return notFound();
    return fileResponse(index, 'index.html', stat, cacheKey);
  }
  if (!stat.isFile()) return notFound(); // no FIFOs or devices: reading them could block
  // "/file.txt/" names something below a file (path info), which the default handler refuses
  if (req.path.endsWith('/')) return notFound();
  return fileResponse(real, req.path, stat, cacheKey);
}
