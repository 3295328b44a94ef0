import { z } from 'zod';
import type { HttpReply, HttpRequest, HttpRoute } from '../platform/http';
import type { Log } from '../platform/log';
import type { CallerCheck } from './callers';
import type { DashboardService, Shown } from './dashboard.service';
import { HEATMAP_BY } from './heatmap';
import type { Refusal } from './token-check';
import { meOf, viewerOf, type Viewer, type ViewerDeps } from './viewers';

/** Headers on every API answer: never cached, never sniffed, never framed, no referrer. */
export const API_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
} as const;

const surveyId = z.string().regex(/^[a-f0-9]{10}$/);
const waveId = z.string().regex(/^[a-f0-9]{10}-w\d{3,4}$/);
// Teams' team ids are `19:…@thread.tacv2`: checked for length and spaces only, as people's own check does.
const teamId = z.string().min(1).max(400).regex(/^\S+$/);
const surveyQuery = z.object({ by: z.enum(HEATMAP_BY).default('team'), wave: waveId.optional() });

// What a refused caller is told: enough to act on, nothing about anyone else.
const SIGN_IN_AGAIN = 'Sign in again to see results.';
const REFUSALS: Record<Refusal, string> = {
  'no-token': 'Sign in to see results.',
  malformed: SIGN_IN_AGAIN,
  expired: 'Your sign-in has expired. Sign in again to see results.',
  'not-yet-valid': SIGN_IN_AGAIN,
  'wrong-audience': SIGN_IN_AGAIN,
  'wrong-issuer': SIGN_IN_AGAIN,
  'other-tenant': "Staff Voice does not serve your organisation's Microsoft 365 tenant.",
  'bad-signature': SIGN_IN_AGAIN,
  'not-for-this-api': SIGN_IN_AGAIN,
  'not-from-this-machine': 'Local sign-in works only on the machine running Staff Voice.',
  'sign-in-off': 'Sign-in to the results dashboard is not set up here yet. Ask your Staff Voice administrator.',
  'keys-unavailable': 'Sign-in could not be checked just now. Try again in a minute.',
};

type Handler = (viewer: Viewer, request: HttpRequest) => Promise<HttpReply>;

/**
 * The dashboard's API (docs/dashboard.md#the-api): every call carries `Authorization: Bearer <token>`, checked before
 * anything is read; a refused token gets 401 `{ error }` and nothing else. Parameters are checked with zod (400).
 */
export function dashboardApiRoutes(deps: {
  callers: CallerCheck;
  viewers: ViewerDeps;
  service: DashboardService;
  log: Log;
}): HttpRoute[] {
  const { service } = deps;
  const route = (method: HttpRoute['method'], path: string, handle: Handler): HttpRoute => ({
    method,
    path: `/api/dashboard${path}`,
    handle: (request) => signedIn(deps, request, handle),
  });
  return [
    route('GET', '/me', async (viewer) => json(200, await meOf(viewer, deps.viewers))),
    route('GET', '/surveys', async (viewer) => json(200, await service.surveys(viewer))),
    route('GET', '/surveys/:surveyId', async (viewer, request) => {
      const id = surveyId.safeParse(request.params.surveyId);
      const query = surveyQuery.safeParse(Object.fromEntries(request.query));
      if (!id.success) return badRequest('That is not a survey id.');
      if (!query.success) return badRequest('Choose rows by team, staffGroup or directorate, and a wave by its id.');
      return answer(await service.survey(viewer, id.data, query.data.by, query.data.wave));
    }),
    route('GET', '/surveys/:surveyId/teams/:teamId', async (viewer, request) => {
      const id = surveyId.safeParse(request.params.surveyId);
      const team = teamId.safeParse(request.params.teamId);
      if (!id.success || !team.success) return badRequest('That is not a survey and a team.');
      return answer(await service.team(viewer, id.data, team.data));
    }),
    route('POST', '/surveys/:surveyId/waves/:waveId/export', async (viewer, request) => {
      const id = surveyId.safeParse(request.params.surveyId);
      const wave = waveId.safeParse(request.params.waveId);
      if (!id.success || !wave.success) return badRequest('That is not a survey and one of its waves.');
      return answer(await service.exportWave(viewer, id.data, wave.data));
    }),
  ];
}

/** The token first, then the caller's roles, then the handler: nothing is read for a caller who is refused. */
async function signedIn(
  deps: { callers: CallerCheck; viewers: ViewerDeps; log: Log },
  request: HttpRequest,
  handle: Handler,
): Promise<HttpReply> {
  const checked = await deps.callers.check(request);
  if (!checked.ok) {
    deps.log.info({ reason: checked.reason }, 'dashboard request refused');
    const status = checked.reason === 'keys-unavailable' ? 503 : 401;
    const headers: Record<string, string> = { ...API_HEADERS };
    if (status === 401) headers['www-authenticate'] = 'Bearer error="invalid_token"';
    return { status, json: { error: REFUSALS[checked.reason] }, headers };
  }
  return handle(await viewerOf(checked.caller, deps.viewers), request);
}

function answer<T>(shown: Shown<T>): HttpReply {
  switch (shown.kind) {
    case 'shown':
      return json(200, shown.page);
    case 'not-found':
      return json(404, { error: shown.error });
    case 'not-allowed':
      return json(403, { error: 'These results are not yours to see: your roles in Staff Voice do not include them.' });
  }
}

export const json = (status: number, body: unknown): HttpReply => ({ status, json: body, headers: API_HEADERS });
const badRequest = (error: string) => json(400, { error });
