import type {
  ExportLink,
  HeatmapBy,
  LocalPerson,
  Me,
  PageConfig,
  SurveyPage,
  SurveySummary,
  TeamPage,
} from './contract';

/** An API answer other than success, with the server's own polite words when it gave them. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Where the page's bearer tokens come from: MSAL in Teams, or the local sign-in. */
export interface TokenSource {
  token(options?: { fresh?: boolean }): Promise<string>;
}

/** The dashboard API (docs/dashboard.md) with the caller's token on every call. */
export function dashboardApi(tokens: TokenSource) {
  const call = async <T>(path: string, init: RequestInit = {}, fresh = false): Promise<T> => {
    const token = await tokens.token({ fresh });
    const response = await fetch(`/api/dashboard/${path}`, {
      ...init,
      headers: { accept: 'application/json', authorization: `Bearer ${token}`, ...init.headers },
    });
    // An expired token is asked for afresh once; a second refusal is the server's answer.
    if (response.status === 401 && !fresh) return call<T>(path, init, true);
    return readJson<T>(response);
  };
  const survey = (id: string) => `surveys/${encodeURIComponent(id)}`;
  return {
    me: () => call<Me>('me'),
    surveys: () => call<SurveySummary[]>('surveys'),
    survey: (id: string, by: HeatmapBy) => call<SurveyPage>(`${survey(id)}?by=${encodeURIComponent(by)}`),
    team: (id: string, teamId: string) => call<TeamPage>(`${survey(id)}/teams/${encodeURIComponent(teamId)}`),
    exportWave: (id: string, waveId: string) =>
      call<ExportLink>(`${survey(id)}/waves/${encodeURIComponent(waveId)}/export`, { method: 'POST' }),
  };
}

export type DashboardApi = ReturnType<typeof dashboardApi>;

/** How the page signs in: GET /dashboard/config. */
export async function pageConfig(): Promise<PageConfig> {
  return readJson<PageConfig>(await fetch('/dashboard/config', { headers: { accept: 'application/json' } }));
}

/** Local mode's demo people. */
export async function localPeople(): Promise<LocalPerson[]> {
  const body = await readJson<{ people: LocalPerson[] }>(
    await fetch('/dashboard/local-sign-in', { headers: { accept: 'application/json' } }),
  );
  return body.people;
}

/** A local token for one demo person (the server gives one only in local mode, on loopback). */
export async function localSignIn(id: string): Promise<string> {
  const response = await fetch('/dashboard/local-sign-in', {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({ id }),
  });
  return (await readJson<{ token: string }>(response)).token;
}

async function readJson<T>(response: Response): Promise<T> {
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return body as T;
  const error = body && typeof body === 'object' && 'error' in body ? String(body.error) : response.statusText;
  throw new ApiError(response.status, error || `The server answered ${response.status}`);
}
