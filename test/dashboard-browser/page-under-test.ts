import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildPage } from '../../src/dashboard/web/build';
import { launchChromium, watchForFaults } from './browser';
import { startFixtureServer, type FixtureServer } from './fixture-server';

/** The page freshly built into a folder of its own, served by the fixture server, and a Chromium to open it in. */
export interface PageUnderTest {
  readonly server: FixtureServer;
  /** Where this page was built. */
  readonly pageDir: string;
  /** A new page at the sign-in, with a list that collects uncaught errors and anything the CSP refused. */
  open(): Promise<{ page: Page; faults: string[] }>;
  /** A new page signed in locally as `name` (one of the fixture's people), on the surveys list. */
  signedInAs(name: string): Promise<{ page: Page; faults: string[] }>;
  stop(): Promise<void>;
}

export async function startPageUnderTest(): Promise<PageUnderTest> {
  const pageDir = mkdtempSync(path.join(tmpdir(), 'dashboard-page-'));
  await buildPage(pageDir);
  const server = await startFixtureServer(pageDir);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
  } catch (error) {
    await server.stop();
    throw error;
  }
  const chromium = browser;
  const open = async () => {
    const page = await chromium.newPage({ viewport: { width: 1280, height: 900 } });
    const faults = watchForFaults(page);
    await page.goto(`${server.url}/dashboard`);
    return { page, faults };
  };
  return {
    server,
    pageDir,
    open,
    async signedInAs(name) {
      const opened = await open();
      await opened.page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
      await opened.page.getByText(`Signed in as ${name}`).waitFor();
      return opened;
    },
    async stop() {
      await chromium.close();
      await server.stop();
      rmSync(pageDir, { recursive: true, force: true });
    },
  };
}
