import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { PAGE_DIR } from '../../src/dashboard/web/page-files';
import { launchChromium } from '../dashboard-browser/browser';
import { startPageUnderTest } from '../dashboard-browser/page-under-test';

/** The page's part of `npm run bench -- dashboard`: how much JavaScript it sends and how soon it shows something. */
export interface PageMeasures {
  /** Every script the build writes (app.js and its chunks, the Teams-only one included), gzipped, in kB. */
  readonly jsGzipKb: number;
  /** Of those, what local mode loads (everything but the chunk only Teams needs), gzipped, in kB. */
  readonly localJsGzipKb: number;
  /** Median time from navigation to the surveys list on screen with its data, in ms. */
  readonly firstRenderMs: number;
  readonly samples: readonly number[];
}

/** The scripts in a built page's folder, gzipped as a server would send them (zlib's default level), in kB. */
export function scriptSizes(dir: string): { all: number; byFile: ReadonlyMap<string, number> } {
  const byFile = new Map<string, number>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.js')))
    byFile.set(file, gzipSync(readFileSync(path.join(dir, file))).length / 1024);
  return { all: [...byFile.values()].reduce((a, b) => a + b, 0), byFile };
}

/**
 * Loads the dashboard `loads` times in headless Chromium (each in a fresh context, so nothing is cached), signed in
 * locally as `personId`, and takes the median time to the page's first render: the `staff-voice:first-render` mark,
 * set when the first view has its data on screen (config, who the person is and the surveys list fetched and shown).
 * Against `baseUrl` (a Staff Voice in local mode, serving the page from `pageDir`) when given; otherwise against the
 * API contract's fixture server with the page built afresh.
 */
export async function measureDashboardPage(
  options: { baseUrl?: string; personId?: string; pageDir?: string; loads?: number } = {},
): Promise<PageMeasures> {
  const fixture = options.baseUrl ? undefined : await startPageUnderTest();
  const base = options.baseUrl ?? fixture!.server.url;
  const pageDir = options.baseUrl ? (options.pageDir ?? PAGE_DIR) : fixture!.pageDir;
  const browser = await launchChromium();
  try {
    const { localJsGzipKb, jsGzipKb } = sizes(pageDir);
    const token = await localToken(base, options.personId ?? 'evan');
    const samples: number[] = [];
    for (let i = 0; i < (options.loads ?? 7); i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addInitScript(
        (session) => (globalThis as any).sessionStorage.setItem('staff-voice-local-sign-in', session),
        JSON.stringify({ token, name: 'bench' }),
      );
      const page = await context.newPage();
      await page.goto(`${base}/dashboard`);
      const mark = await page.waitForFunction(
        () => (globalThis as any).performance.getEntriesByName('staff-voice:first-render')[0]?.startTime,
        undefined,
        { timeout: 30_000 },
      );
      samples.push(Number(await mark.jsonValue()));
      await context.close();
    }
    const sorted = [...samples].sort((a, b) => a - b);
    return { jsGzipKb, localJsGzipKb, firstRenderMs: sorted[Math.floor(sorted.length / 2)]!, samples };
  } finally {
    await browser.close();
    await fixture?.stop();
  }
}

/** All the build's scripts, and those local mode loads: index.html's app.js and what it imports statically. */
function sizes(pageDir: string): { jsGzipKb: number; localJsGzipKb: number } {
  const { all, byFile } = scriptSizes(pageDir);
  const app = readFileSync(path.join(pageDir, 'app.js'), 'utf8');
  const imported = [...app.matchAll(/import\s*[^"'()]*?["']\.\/(chunk-[A-Z0-9]+\.js)["']/g)].map((m) => m[1]!);
  const local = ['app.js', ...new Set(imported)].reduce((sum, file) => sum + (byFile.get(file) ?? 0), 0);
  return { jsGzipKb: all, localJsGzipKb: local };
}

async function localToken(base: string, id: string): Promise<string> {
  const response = await fetch(`${base}/dashboard/local-sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id }),
  });
  if (!response.ok) throw new Error(`Local sign-in as ${id} failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}
