import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEMO_PEOPLE } from '../../src/local/demo';
import { TableResultStore } from '../../src/results/result.store';
import { teamInstall, team } from '../support/activities';
import { startHarness, type Harness } from '../support/harness';
import { dashboardConfig } from '../dashboard/dashboard-helpers';
import { EntraEmulator } from '../dashboard/entra-emulator';
import { seedSurvey, seedWaveRows, seedWaves, type SeedTeam } from '../dashboard/seed';
import { withStorage } from './bench-env';
import { pool, range } from './measure';

const WAVES = Number(process.env.BENCH_WAVES ?? 24);
const TEAMS = Number(process.env.BENCH_TEAMS ?? 200);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 100);
const SURVEY = { id: 'b1b2b3b4b5', name: 'Trust pulse' };
// What the page engineer's part of this bench exports (docs/dashboard.md, "The bench"): the page's script gzipped and
// its first render in headless Chromium, against the server this bench runs. Until it exists, the line says `-`.
const PAGE_BENCH = path.join(__dirname, 'dashboard-page.ts');

/**
 * `npm run bench -- dashboard`: a trust with 24 closed waves of a survey sent through 200 teams, stored as results
 * stores them (and the waves' rows, which actions' overview reads), and an executive's dashboard over HTTP with an
 * Entra token checked against a local key endpoint. Reported: the p95 of the survey page (its trend over every wave,
 * the heatmap of all 200 teams against its measures, comments, actions), and its ratio to the p95 of reading the same
 * stored results straight from the store (the wave rows, then the latest wave's team rows): what the API adds in
 * checks, roles, names, actions and JSON. The other endpoints' p95 are printed beside it; each team page is a team not
 * opened before (nothing of it kept yet). Calls are interleaved in rotated rounds (`p95s`).
 */
export async function runDashboardBench(): Promise<string> {
  return withStorage(async () => {
    const entra = await EntraEmulator.start();
    const h = await startHarness({ config: dashboardConfig('local', entra) });
    try {
      const teams = await seed(h);
      const evan = DEMO_PEOPLE.find((p) => p.roles.includes('executive') && !p.roles.includes('admin'))!;
      const token = entra.token({ oid: evan.aadObjectId, name: evan.name });
      const get = async (p: string) => {
        const res = await fetch(`${h.url}${p}`, { headers: { authorization: `Bearer ${token}` } });
        if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
        return res.json() as Promise<any>;
      };
      const survey = `/api/dashboard/surveys/${SURVEY.id}`;
      const cold = process.hrtime.bigint();
      const page = await get(survey);
      const coldMs = Number(process.hrtime.bigint() - cold) / 1e6;
      if (page.heatmap.rows.length !== TEAMS + 1 || page.trend.length !== WAVES)
        throw new Error(`the survey page shows ${page.heatmap.rows.length} rows and ${page.trend.length} waves`);

      const store = new TableResultStore(h.table('results'));
      const direct = async () => {
        const results = await store.ofSurvey(SURVEY.id);
        await store.teamsOf(results.at(-1)!.waveId);
      };
      const timings = await p95s({
        direct,
        survey: () => get(survey),
        staffGroup: () => get(`${survey}?by=staffGroup`),
        team: (i) => get(`${survey}/teams/${encodeURIComponent(teams[i % teams.length]!.id)}`),
        me: () => get('/api/dashboard/me'),
        surveys: () => get('/api/dashboard/surveys'),
      });
      console.log(
        `dashboard: ${WAVES} waves, ${TEAMS} teams, ${SAMPLES} calls each, p95 (ms): ` +
          Object.entries(timings)
            .map(([name, ms]) => `${name} ${ms.toFixed(1)}`)
            .join(', ') +
          `; the survey page's first call (nothing kept yet) ${coldMs.toFixed(1)}`,
      );
      const pageFigures = await measurePage(h.url, evan.aadObjectId);
      const ratio = timings.survey / timings.direct;
      return `dashboard p95-ms=${timings.survey.toFixed(1)} ratio=${ratio.toFixed(2)} js-gzip-kb=${pageFigures.jsGzipKb} first-render-ms=${pageFigures.firstRenderMs}`;
    } finally {
      await h.stop();
      await entra.stop();
    }
  });
}

/**
 * Each call's 95th percentile over `SAMPLES` rounds, after two rounds to warm up. A round makes every call once, one
 * after another, in an order rotated each round, so a busy moment on a shared machine falls on each call alike.
 */
async function p95s<K extends string>(calls: Record<K, (i: number) => Promise<unknown>>): Promise<Record<K, number>> {
  const names = Object.keys(calls) as K[];
  const ms = new Map<K, number[]>(names.map((n) => [n, []]));
  for (const round of range(SAMPLES + 2))
    for (const j of range(names.length)) {
      const name = names[(round + j) % names.length]!;
      const started = process.hrtime.bigint();
      await calls[name](round);
      if (round >= 2) ms.get(name)!.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(0.95 * xs.length) - 1]!;
  return Object.fromEntries(names.map((n) => [n, p95(ms.get(n)!)])) as Record<K, number>;
}

/** The survey, its waves and their stored results, the teams installed (for their names), the demo roles. */
async function seed(h: Harness): Promise<SeedTeam[]> {
  const seeded = Date.now();
  const teams = range(TEAMS).map((i) => team(`Ward ${i + 1}`));
  const admin = DEMO_PEOPLE[0]!;
  await pool(teams, 8, async (t) => {
    h.emulator.addTeam({ id: t.id, name: t.name, channels: t.channels, members: [] });
    const by = { aadObjectId: admin.aadObjectId, id: `29:${admin.aadObjectId}`, name: admin.name };
    await h.post(teamInstall({ serviceUrl: h.emulator.url, team: t, by }));
  });
  for (const person of DEMO_PEOPLE) await h.app.people.roles.seed(person.aadObjectId, person.roles);
  await seedSurvey(h.table('surveys'), SURVEY);
  // One team in ten too small, one in twenty withheld, the rest shown, as in a large trust.
  const seedTeams: SeedTeam[] = teams.map((t, i) => ({
    id: t.id,
    status: i % 10 === 9 ? 'fewer-than-k' : i % 20 === 3 ? 'withheld' : 'shown',
    level: 5 + (i % 30) / 10,
    comments: ['Handovers run late.', 'Good team spirit.'],
  }));
  const results = await seedWaves(h.table('results'), {
    ...{ surveyId: SURVEY.id, surveyName: SURVEY.name, waves: WAVES },
    teams: seedTeams,
  });
  await seedWaveRows(h.table('waves'), results);
  console.log(`seeded ${WAVES} waves × ${TEAMS} teams in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);
  return seedTeams;
}

/**
 * The page's figures from its own part of the bench (`measureDashboardPage` in dashboard-page.ts: every script of the
 * build gzipped, and the median first render in headless Chromium, signed in locally as `personId` on this server),
 * when that part is there; `-` until then.
 */
async function measurePage(baseUrl: string, personId: string): Promise<{ jsGzipKb: string; firstRenderMs: string }> {
  if (!existsSync(PAGE_BENCH)) return { jsGzipKb: '-', firstRenderMs: '-' };
  const part = (await import(PAGE_BENCH)) as {
    measureDashboardPage(options: { baseUrl: string; personId: string }): Promise<{
      jsGzipKb: number;
      firstRenderMs: number;
    }>;
  };
  const measured = await part.measureDashboardPage({ baseUrl, personId });
  return { jsGzipKb: measured.jsGzipKb.toFixed(0), firstRenderMs: measured.firstRenderMs.toFixed(0) };
}
