import type { HeatmapBy } from './contract';

/** Where the page is: in the URL's hash, so Back, deep links and a reload all keep the place. */
export type Route =
  | { readonly kind: 'surveys' }
  | { readonly kind: 'survey'; readonly surveyId: string; readonly by: HeatmapBy }
  | { readonly kind: 'team'; readonly surveyId: string; readonly teamId: string };

const BYS: readonly HeatmapBy[] = ['team', 'staffGroup', 'directorate'];

/** The route a hash names; anything it does not recognise is the surveys list. */
export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'surveys' || !parts[1]) return { kind: 'surveys' };
  if (parts[2] === 'teams' && parts[3]) return { kind: 'team', surveyId: parts[1], teamId: parts[3] };
  const by = new URLSearchParams(query).get('by');
  return { kind: 'survey', surveyId: parts[1], by: BYS.find((b) => b === by) ?? 'team' };
}

/** The hash of a route, for links. */
export function hrefOf(route: Route): string {
  switch (route.kind) {
    case 'surveys':
      return '#/surveys';
    case 'survey':
      return `#/surveys/${encodeURIComponent(route.surveyId)}${route.by === 'team' ? '' : `?by=${route.by}`}`;
    case 'team':
      return `#/surveys/${encodeURIComponent(route.surveyId)}/teams/${encodeURIComponent(route.teamId)}`;
  }
}
