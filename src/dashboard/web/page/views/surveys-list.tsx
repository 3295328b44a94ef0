import { Body1, Link } from '@fluentui/react-components';
import type { DashboardApi } from '../api';
import type { Me } from '../contract';
import { formatDate } from '../format';
import { DataTable } from '../parts/data-table';
import { Failed, Loading } from '../parts/status';
import { useLoad } from '../parts/use-load';
import { ViewHeading } from '../parts/view-heading';
import { hrefOf } from '../route';
import { useFirstRender } from './first-render';

/** The surveys with results the person may see: the dashboard's home. */
export function SurveysList({ api, me }: { readonly api: DashboardApi; readonly me: Me }) {
  const surveys = useLoad(() => api.surveys(), 'surveys');
  useFirstRender(surveys.kind !== 'loading');
  const whose =
    me.view === 'organisation'
      ? 'Results for the whole organisation and every team.'
      : `Results for ${me.teams.map((t) => t.name).join(', ') || 'your teams'}, beside the organisation's.`;
  return (
    <>
      <ViewHeading title="Surveys">Surveys</ViewHeading>
      <Body1 as="p" block>
        {whose}
      </Body1>
      {surveys.kind === 'loading' ? <Loading what="surveys" /> : null}
      {surveys.kind === 'failed' ? <Failed message={surveys.message} retry={surveys.reload} /> : null}
      {surveys.kind === 'loaded' && surveys.data.length === 0 ? (
        <Body1 as="p" block>
          No survey has results to show yet. They appear here when a wave closes.
        </Body1>
      ) : null}
      {surveys.kind === 'loaded' && surveys.data.length > 0 ? (
        <DataTable
          caption="Surveys with results"
          corner="Survey"
          numeric={false}
          columns={['Closed waves', 'Latest closed']}
          rows={surveys.data.map((s) => ({
            key: s.id,
            header: <Link href={hrefOf({ kind: 'survey', surveyId: s.id, by: 'team' })}>{s.name}</Link>,
            cells: [String(s.waves), formatDate(s.latestClosedAt)],
          }))}
        />
      ) : null}
    </>
  );
}
