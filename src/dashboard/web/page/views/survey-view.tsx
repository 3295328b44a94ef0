import { Body1, Field, Radio, RadioGroup } from '@fluentui/react-components';
import type { DashboardApi } from '../api';
import { ORGANISATION_ROW, type HeatmapBy, type Me, type SurveyPage } from '../contract';
import { formatDate } from '../format';
import { ActionsTable } from '../parts/actions-table';
import { Breadcrumbs } from '../parts/breadcrumbs';
import { Comments } from '../parts/comments';
import { ExportCsv } from '../parts/export-csv';
import { HeatmapTable } from '../parts/heatmap';
import { Headlines } from '../parts/headlines';
import { Section } from '../parts/section';
import { Failed, Loading } from '../parts/status';
import { Trend } from '../parts/trend';
import { useLoad } from '../parts/use-load';
import { ViewHeading } from '../parts/view-heading';
import { hrefOf } from '../route';

const BY_LABELS: Readonly<Record<HeatmapBy, string>> = {
  team: 'Teams',
  staffGroup: 'Staff groups',
  directorate: 'Directorates',
};

/** A survey: headline figures, their trend, the heatmap, comments, actions and (for the organisation) the CSV. */
export function SurveyView(props: {
  readonly api: DashboardApi;
  readonly me: Me;
  readonly surveyId: string;
  readonly by: HeatmapBy;
}) {
  const { api, me, surveyId, by } = props;
  const page = useLoad(() => api.survey(surveyId, by), `${surveyId}?by=${by}`);
  if (page.kind === 'loading') return <Loading what="the survey" />;
  if (page.kind === 'failed') return <Failed message={page.message} retry={page.reload} />;
  return <SurveyPageView api={api} me={me} page={page.data} by={by} busy={page.refreshing === true} />;
}

function SurveyPageView(props: { api: DashboardApi; me: Me; page: SurveyPage; by: HeatmapBy; busy: boolean }) {
  const { api, me, page, by } = props;
  const { survey, trend, heatmap } = page;
  const latest = trend[trend.length - 1];
  const organisationView = me.view === 'organisation';
  const mine = new Set(me.teams.map((t) => t.id));
  const linkOf = (rowId: string) =>
    heatmap.by === 'team' && rowId !== ORGANISATION_ROW && (organisationView || mine.has(rowId))
      ? hrefOf({ kind: 'team', surveyId: survey.id, teamId: rowId })
      : undefined;
  const rowsBy = organisationView ? (
    <Field label="Rows">
      <RadioGroup
        layout="horizontal"
        value={by}
        onChange={(_, data) =>
          (window.location.hash = hrefOf({ kind: 'survey', surveyId: survey.id, by: data.value as HeatmapBy }))
        }
      >
        {Object.entries(BY_LABELS).map(([value, label]) => (
          <Radio key={value} value={value} label={label} />
        ))}
      </RadioGroup>
    </Field>
  ) : null;
  return (
    <div aria-busy={props.busy}>
      <Breadcrumbs steps={[{ label: 'Surveys', href: hrefOf({ kind: 'surveys' }) }, { label: survey.name }]} />
      <ViewHeading title={survey.name}>{survey.name}</ViewHeading>
      <Body1 as="p" block>
        {latest
          ? `${trend.length} closed ${trend.length === 1 ? 'wave' : 'waves'}; the latest, wave ${latest.number}, closed ${formatDate(latest.closedAt)}.`
          : 'No wave of this survey has closed yet.'}
      </Body1>
      <Section title="Headline measures">
        <Headlines measures={heatmap.measures} trend={trend} />
        <Trend title="Trend across waves" whose="the organisation" measures={heatmap.measures} trend={trend} />
      </Section>
      <Section title={organisationView ? 'Heatmap' : 'Your teams against the organisation'}>
        {rowsBy}
        <HeatmapTable
          heatmap={heatmap}
          organisation={latest?.measures ?? {}}
          caption={`${BY_LABELS[heatmap.by]} against each measure${latest ? `, wave ${latest.number}` : ''}`}
          linkOf={linkOf}
        />
      </Section>
      <Section title="Comments">
        <Comments groups={page.comments} none="No comments can be shown for this survey: too few people wrote one." />
      </Section>
      <Section title="Actions">
        <ActionsTable actions={page.actions} caption={`Actions for ${survey.name}`} />
      </Section>
      {organisationView ? (
        <Section title="Download">
          <ExportCsv api={api} surveyId={survey.id} waves={trend} />
        </Section>
      ) : null}
    </div>
  );
}
