/**
 * Bundles the dashboard page (page/main.tsx: React, Fluent UI, Chart.js, teams-js, MSAL) with esbuild into
 * `dist/` beside this file: `app.js`, `app.css` and `index.html`. Run by npm's `prepare` (so `npm install` or
 * `npm ci` leaves a built page behind), by `prestart`, by `npm run build` (into the compiled app) and by the browser
 * tests; `tsx src/dashboard/web/build.ts [--out DIR]` by hand. An ES module with one split: what only Teams needs
 * (teams-js, MSAL) is a chunk of its own, loaded in azure mode, so local mode never loads it (teams-js reaches out to
 * a CDN for its list of hosts as soon as it loads).
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { PAGE_DIR } from './page-files';

export interface BuiltPage {
  readonly outdir: string;
  /** Every JavaScript file written (app.js and its chunks), by name. */
  readonly scripts: readonly string[];
}

/** Builds the page into `outdir` (default: beside this file), minified as it is served. */
export async function buildPage(outdir: string = PAGE_DIR): Promise<BuiltPage> {
  // Chunk names change with their content: old ones are cleared so the folder holds one build.
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    entryPoints: { app: path.join(__dirname, 'page', 'main.tsx') },
    bundle: true,
    minify: true,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunk-[hash]',
    target: ['chrome120', 'edge120', 'firefox120', 'safari16'],
    outdir,
    // React and Fluent drop their development checks only when told they run in production.
    define: { 'process.env.NODE_ENV': '"production"' },
    jsx: 'automatic',
    legalComments: 'eof',
    metafile: true,
    logLevel: 'warning',
    tsconfig: path.join(__dirname, 'tsconfig.json'),
  });
  copyFileSync(path.join(__dirname, 'index.html'), path.join(outdir, 'index.html'));
  const scripts = Object.keys(result.metafile.outputs)
    .filter((file) => file.endsWith('.js'))
    .map((file) => path.basename(file));
  return { outdir, scripts };
}

if (require.main === module) {
  const at = process.argv.indexOf('--out');
  const outdir = at > 0 ? path.resolve(process.argv[at + 1] ?? '') : PAGE_DIR;
  buildPage(outdir).then(
    (page) => process.stdout.write(`Dashboard page built in ${page.outdir}: ${page.scripts.join(', ')}\n`),
    (error: unknown) => {
      process.stderr.write(`Dashboard page build failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
