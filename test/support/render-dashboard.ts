/**
 * `npm run docs:dashboard`: screenshots of every view of the dashboard page, in Teams' light and dark themes (and
 * one in high contrast), into docs/dashboard/<view>-<theme>.png with docs/dashboard/README.md listing them. The page
 * is built afresh and served with the API contract's fixture (test/dashboard-browser/fixture-server.ts), in Debian's
 * headless Chromium; nothing is fetched from outside (local mode loads neither teams-js nor MSAL).
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startPageUnderTest } from '../dashboard-browser/page-under-test';

const OUT_DIR = path.resolve(__dirname, '../../docs/dashboard');

type ThemeName = 'light' | 'dark' | 'contrast';

interface Shot {
  readonly file: string;
  readonly title: string;
  readonly themes: readonly ThemeName[];
  /** Brings the page (signed in as `as`, or at the sign-in) to the view. */
  readonly as?: string;
  show(page: Page, base: string): Promise<void>;
}

const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();
const survey = '#/surveys/pulse-2026';
const both: readonly ThemeName[] = ['light', 'dark'];

const SHOTS: readonly Shot[] = [
  { file: 'sign-in', title: 'Local sign-in (local mode only)', themes: both, show: (p) => h1(p, /Sign in/) },
  {
    file: 'surveys',
    title: 'Surveys (an executive)',
    themes: both,
    as: 'Evan Executive',
    show: (p) => h1(p, 'Surveys'),
  },
  {
    file: 'survey',
    title: 'A survey: headlines, trend, heatmap, comments, actions, CSV (an executive)',
    themes: ['light', 'dark', 'contrast'],
    as: 'Evan Executive',
    show: (p, base) => go(p, `${base}${survey}`, 'Quarterly staff pulse'),
  },
  {
    file: 'survey-tables',
    title: 'The trend as a data table; the heatmap by staff group',
    themes: both,
    as: 'Evan Executive',
    async show(p, base) {
      await go(p, `${base}${survey}?by=staffGroup`, 'Quarterly staff pulse');
      await p.getByRole('button', { name: 'Show as table' }).first().click();
    },
  },
  {
    file: 'team',
    title: "A team's page: the team beside the organisation, its trend, comments, actions",
    themes: both,
    as: 'Evan Executive',
    show: (p, base) => go(p, `${base}${survey}/teams/team-ward-3`, 'Ward 3 (Older people)'),
  },
  {
    file: 'lead-survey',
    title: 'A survey as a team lead sees it: their team beside the organisation',
    themes: both,
    as: 'Lena Lead',
    show: (p, base) => go(p, `${base}${survey}`, 'Quarterly staff pulse'),
  },
  {
    file: 'nothing',
    title: 'A member of staff: nothing to see',
    themes: both,
    as: 'Sam Staff',
    show: (p) => h1(p, /nothing for you to see/),
  },
];

async function go(page: Page, url: string, heading: string): Promise<void> {
  await page.goto(url);
  await h1(page, heading);
}

async function main(): Promise<number> {
  const dashboard = await startPageUnderTest();
  mkdirSync(OUT_DIR, { recursive: true });
  const written: { file: string; title: string; theme: ThemeName }[] = [];
  let failed = 0;
  try {
    for (const shot of SHOTS)
      for (const theme of shot.themes) {
        const { page, faults } = shot.as ? await dashboard.signedInAs(shot.as) : await dashboard.open();
        await page.evaluate((chosen) => (globalThis as any).localStorage.setItem('staff-voice-theme', chosen), theme);
        await page.reload();
        await shot.show(page, `${dashboard.server.url}/dashboard`);
        // The heading has focus after navigation; a screenshot shows the page as it first looks instead.
        await page.evaluate(() => (globalThis as any).document.activeElement?.blur());
        const file = `${shot.file}-${theme}.png`;
        await page.screenshot({ path: path.join(OUT_DIR, file), fullPage: true });
        failed += faults.length;
        console.log(`${faults.length > 0 ? '✗' : '✓'} ${file}  ${shot.title}`);
        for (const fault of faults) console.log(`    ${fault}`);
        written.push({ file, title: shot.title, theme });
        await page.close();
      }
  } finally {
    await dashboard.stop();
  }
  const keep = new Set(written.map((w) => w.file));
  for (const old of readdirSync(OUT_DIR)) if (old.endsWith('.png') && !keep.has(old)) rmSync(path.join(OUT_DIR, old));
  writeFileSync(path.join(OUT_DIR, 'README.md'), readme(written));
  return failed > 0 ? 1 : 0;
}

function readme(shots: readonly { file: string; title: string; theme: ThemeName }[]): string {
  const lines = shots.map((s) => `| ${s.title} | ${s.theme} | ![${s.title}, ${s.theme}](${s.file}) |`);
  return [
    '# The dashboard page',
    '',
    "Made by `npm run docs:dashboard` (test/support/render-dashboard.ts): the page built afresh, in Debian's headless",
    "Chromium, signed in locally, with the API contract's fixture data (test/dashboard-browser/fixture-data.ts): one",
    'survey, three closed waves, six teams (one with fewer than 5 answers, one withheld). See docs/dashboard.md.',
    '',
    '| view | theme | screenshot |',
    '|---|---|---|',
    ...lines,
    '',
  ].join('\n');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
