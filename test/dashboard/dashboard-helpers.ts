import type { AppConfig } from '../../src/app';
import type { Clock } from '../../src/platform/clock';
import { teamInstall } from '../support/activities';
import { startHarness, type Harness } from '../support/harness';
import { chat, people, rosters, setRoster, teams } from '../people/lead-helpers';
import { API_URI, CLIENT_ID, TENANT, type EntraEmulator } from './entra-emulator';
import { seedSurvey, seedWaveRows, seedWaves } from './seed';

export { people, teams };

/** The survey every dashboard test reads: three closed waves through Ward 7 (shown), Ward 9 (too few), Theatres (withheld). */
export const SURVEY = { id: 'a1b2c3d4e5', name: 'Staff pulse' };

/** The config of a trust whose tab signs in with Entra (the stand-in), in azure mode or local mode. */
export function dashboardConfig(mode: 'local' | 'azure', entra?: EntraEmulator): Partial<AppConfig> {
  return {
    mode,
    tenants: { allowed: [TENANT] },
    ...(entra ? { dashboard: { clientId: CLIENT_ID, apiUri: API_URI, authority: entra.url } } : {}),
  };
}

/**
 * A running app with the three teams installed, Evan an executive, Wendy the lead of Ward 7, Nora of Ward 9, and the
 * survey's stored results (no responses: every figure the API shows comes from them).
 */
export async function startDashboard(config: Partial<AppConfig>, clock?: Clock): Promise<Harness> {
  const h = await startHarness({ firstAdmins: [people.admin.aadObjectId], config, clock });
  for (const key of Object.keys(teams) as (keyof typeof teams)[]) {
    setRoster(h, key, rosters[key]);
    await h.post(teamInstall({ serviceUrl: h.emulator.url, team: teams[key], by: people.admin }));
  }
  await h.app.people.roles.seed(people.evan.aadObjectId, ['executive']);
  const c = chat(h);
  await c.click(people.admin, 'leads.name', { team: teams.ward7.id, person: people.wendy.aadObjectId });
  await c.click(people.admin, 'leads.name', { team: teams.ward9.id, person: people.nora.aadObjectId });
  await seedSurvey(h.table('surveys'), SURVEY);
  const results = await seedWaves(h.table('results'), {
    surveyId: SURVEY.id,
    surveyName: SURVEY.name,
    waves: 3,
    teams: [
      { id: teams.ward7.id, status: 'shown', level: 7, comments: ['Handovers run late.', 'Good team spirit.'] },
      { id: teams.ward9.id, status: 'fewer-than-k' },
      { id: teams.theatres.id, status: 'withheld' },
    ],
  });
  await seedWaveRows(h.table('waves'), results);
  return h;
}

/** An API call as the page makes it. */
export async function call(
  h: Harness,
  path: string,
  options: { token?: string; method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${h.url}${path}`, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // a page, not JSON
  }
  return { status: response.status, body, headers: response.headers };
}
