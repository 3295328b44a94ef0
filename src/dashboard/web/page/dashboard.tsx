import { useEffect, useState, type ReactNode } from 'react';
import type { DashboardApi } from './api';
import type { Me } from './contract';
import { Failed, Loading } from './parts/status';
import { useLoad } from './parts/use-load';
import { parseRoute, type Route } from './route';
import { NothingToSee } from './views/nothing-to-see';
import { SurveyView } from './views/survey-view';
import { SurveysList } from './views/surveys-list';
import { TeamView } from './views/team-view';

/** The route in the address bar's hash, followed as it changes (links, Back, Forward). */
function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return route;
}

/**
 * The signed-in dashboard: who the person is decides what they may open (the server decides it again for every
 * call), and the hash decides which view. `frame` puts the banner around it once the person's name is known.
 */
export function Dashboard(props: {
  readonly api: DashboardApi;
  readonly frame: (who: string | undefined, body: ReactNode) => ReactNode;
  /** A refused token: local mode signs in again. */
  readonly onRefused: () => void;
}) {
  const { api, frame, onRefused } = props;
  const route = useRoute();
  const me = useLoad(() => api.me(), 'me');
  const refused = me.kind === 'failed' && me.status === 401;
  useEffect(() => {
    if (refused) onRefused();
  }, [refused, onRefused]);
  if (me.kind === 'loading') return frame(undefined, <Loading what="your dashboard" />);
  if (me.kind === 'failed') return frame(undefined, <Failed message={me.message} retry={me.reload} />);
  return frame(me.data.name, <View api={api} me={me.data} route={route} />);
}

function View({ api, me, route }: { api: DashboardApi; me: Me; route: Route }) {
  if (me.view === 'none') return <NothingToSee name={me.name} />;
  switch (route.kind) {
    case 'surveys':
      return <SurveysList api={api} me={me} />;
    case 'survey':
      return <SurveyView key={route.surveyId} api={api} me={me} surveyId={route.surveyId} by={route.by} />;
    case 'team':
      return (
        <TeamView key={`${route.surveyId}/${route.teamId}`} api={api} surveyId={route.surveyId} teamId={route.teamId} />
      );
  }
}
