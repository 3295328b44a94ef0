import { Body1, MessageBar, MessageBarBody } from '@fluentui/react-components';
import type { DashboardApi } from '../api';
import type { MeasureInfo, TeamFigure, TeamPage } from '../contract';
import { formatFigure, formatMovement, formatRate, labelWithUnit, sentence } from '../format';
import { ActionsTable } from '../parts/actions-table';
import { Breadcrumbs } from '../parts/breadcrumbs';
import { SeriesChart } from '../parts/chart';
import { ChartFigure } from '../parts/chart-figure';
import { Comments } from '../parts/comments';
import { DataTable } from '../parts/data-table';
import { Section } from '../parts/section';
import { Failed, Loading } from '../parts/status';
import { Trend } from '../parts/trend';
import { useLoad } from '../parts/use-load';
import { ViewHeading } from '../parts/view-heading';
import { hrefOf } from '../route';

/** One team's own page: its figures with the organisation's beside them, its trend, comments and actions. */
export function TeamView(props: { readonly api: DashboardApi; readonly surveyId: string; readonly teamId: string }) {
  const { api, surveyId, teamId } = props;
  const page = useLoad(() => api.team(surveyId, teamId), `${surveyId}/${teamId}`);
  if (page.kind === 'loading') return <Loading what="the team's results" />;
  if (page.kind === 'failed' && page.status === 403)
    return (
      <>
        <ViewHeading title="Not your team">Not your team</ViewHeading>
        <Body1 as="p" block>
          {page.message || "You can see the results of the teams you lead. This isn't one of them."}
        </Body1>
        <Body1 as="p" block>
          <a href={hrefOf({ kind: 'surveys' })}>Back to your surveys</a>
        </Body1>
      </>
    );
  if (page.kind === 'failed') return <Failed message={page.message} retry={page.reload} />;
  return <TeamPageView page={page.data} />;
}

function TeamPageView({ page }: { page: TeamPage }) {
  const { survey, team, latest } = page;
  return (
    <>
      <Breadcrumbs
        steps={[
          { label: 'Surveys', href: hrefOf({ kind: 'surveys' }) },
          { label: survey.name, href: hrefOf({ kind: 'survey', surveyId: survey.id, by: 'team' }) },
          { label: team.name },
        ]}
      />
      <ViewHeading title={`${team.name}: ${survey.name}`}>{team.name}</ViewHeading>
      <Body1 as="p" block>
        {survey.name}
        {latest
          ? `, wave ${latest.number}: ${formatRate(latest.responseRate)} of the team answered (the organisation: ${formatRate(latest.organisationResponseRate)}).`
          : '.'}
      </Body1>
      <Section title="The team beside the organisation">
        {latest?.reason ? (
          <MessageBar intent="info">
            <MessageBarBody>{sentence(latest.reason)}</MessageBarBody>
          </MessageBar>
        ) : null}
        {latest && latest.figures.length > 0 ? (
          <Beside measures={page.measures} figures={latest.figures} team={team.name} wave={latest.number} />
        ) : null}
        <Trend title="The team's trend across waves" whose={team.name} measures={page.measures} trend={page.trend} />
      </Section>
      <Section title="Comments">
        <Comments groups={page.comments} none={page.commentsNote ?? 'No comments can be shown for this team.'} />
      </Section>
      <Section title="Actions">
        <ActionsTable actions={page.actions} caption={`Actions for ${team.name}`} />
      </Section>
    </>
  );
}

function Beside(props: {
  measures: readonly MeasureInfo[];
  figures: readonly TeamFigure[];
  team: string;
  wave: number;
}) {
  const measureOf = (key: string) => props.measures.find((m) => m.key === key);
  const label = (key: string) => measureOf(key)?.label ?? key;
  const figure = (key: string, value: number | null | undefined, reason?: string) =>
    value === null || value === undefined ? sentence(reason ?? 'not shown') : formatFigure(measureOf(key), value);
  // Bars share one axis, so the chart takes the measures on the 0–10 scale or the 0–100 one, whichever are more.
  const tens = props.figures.filter((f) => (measureOf(f.measure)?.scale ?? 10) === 10);
  const charted = tens.length * 2 >= props.figures.length ? tens : props.figures.filter((f) => !tens.includes(f));
  const chart = (
    <SeriesChart
      kind="bar"
      labels={charted.map((f) => label(f.measure))}
      series={[
        { label: props.team, values: charted.map((f) => f.team) },
        { label: 'Organisation', values: charted.map((f) => f.organisation) },
      ]}
      max={charted === tens ? 10 : 100}
      description={`Bar chart of ${props.team} beside the organisation in wave ${props.wave}, ${charted.length} measures. Press "Show as table" for every figure.`}
    />
  );
  const table = (
    <DataTable
      caption={`${props.team} beside the organisation, wave ${props.wave}`}
      corner="Measure"
      columns={[props.team, 'Organisation', 'Change since last wave']}
      rows={props.figures.map((f) => {
        const measure = measureOf(f.measure);
        return {
          key: f.measure,
          header: measure ? labelWithUnit(measure) : f.measure,
          cells: [
            figure(f.measure, f.team, f.reason),
            figure(f.measure, f.organisation),
            f.movement === null || f.movement === undefined ? 'Not shown' : formatMovement(measure, f.movement),
          ],
        };
      })}
    />
  );
  return <ChartFigure title={`Wave ${props.wave}`} chart={chart} table={table} />;
}
