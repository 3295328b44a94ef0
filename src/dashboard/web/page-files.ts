import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the built dashboard page lives and what is in it, for the server that serves it. The page is bundled by
 * build.ts (esbuild) into `dist/` beside this file: src/dashboard/web/dist when run from source (tsx), and
 * dist/dashboard/web/dist in the compiled app (`npm run build` bundles it there).
 */
export const PAGE_DIR = path.join(__dirname, 'dist');

/** The page's shell, served at `/dashboard`; everything else is served under `/dashboard/<name>`. */
export const PAGE_SHELL = 'index.html';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

// app.js, app.css, chunk-5XK2QWJ7.js: a plain name of the build's own, so no request can reach beyond the folder.
const PAGE_FILE = /^[A-Za-z0-9_-]+\.(html|js|css)$/;

/** One file of the built page and its content type, or undefined for a name the build did not write. */
export function readPageFile(
  name: string,
  dir: string = PAGE_DIR,
): { readonly body: Buffer; readonly contentType: string } | undefined {
  if (!PAGE_FILE.test(name)) return undefined;
  const file = path.join(dir, name);
  const contentType = TYPES[path.extname(name)];
  if (!contentType || !existsSync(file)) return undefined;
  return { body: readFileSync(file), contentType };
}
