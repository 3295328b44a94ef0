import type { GroupFigures, WaveFigures } from '../../src/results/aggregate';
import type { WaveResult } from '../../src/results/result';
import { ACTION_VERBS } from '../../src/actions/actions.cards';
import { digestCard } from '../../src/digest/digest.cards';
import { resultsCard } from '../../src/results/results.cards';
import type { SurveyResults } from '../../src/results/result';
import { card } from '../../src/platform/cards';
import { problemCard } from '../../src/platform/teams/system.cards';
import { CBI_WORK_BURNOUT, INTENTION_TO_STAY, NQPS_ENGAGEMENT } from '../../src/surveys/authoring/templates';
import { teamResultsCard, teamChoiceCard, type TeamCardData } from '../../src/results/team.cards';
import { teamRefusalCard } from '../../src/results/team.routes';
import type { TeamRow } from '../../src/results/team-view';
import type { GalleryEntry } from './card-gallery';

const view = { k: 10, timeZone: 'Europe/London', maxComments: 3 };

function group(people: number, engagement: number, burnout: number): GroupFigures {
  return {
    people,
    engagement,
    themes: { motivation: engagement + 0.4, involvement: engagement - 0.6, advocacy: engagement + 0.2 },
    burnout,
    burnoutShare: Math.round(burnout * 0.7),
    favourable: {},
    means: {},
    choices: {},
    counts: {},
  };
}

function wave(n: number, engagement: number, burnout: number): WaveResult {
  const figures: WaveFigures = {
    responses: 412,
    showable: true,
    responseRate: 58,
    overall: group(412, engagement, burnout),
    breakdowns: [
      {
        dimension: 'directorate',
        shown: [
          { group: 'Medicine', ...group(160, engagement - 0.3, burnout + 4) },
          { group: 'Surgery', ...group(131, engagement + 0.2, burnout - 2) },
          { group: 'Women and children', ...group(109, engagement + 0.4, burnout - 5) },
        ],
        hidden: ['Estates', 'Pharmacy'],
      },
      {
        dimension: 'staffGroup',
        shown: [
          { group: 'Nursing and midwifery', ...group(190, engagement - 0.2, burnout + 3) },
          { group: 'Medical and dental', ...group(88, engagement + 0.1, burnout) },
          { group: 'Not said', ...group(134, engagement, burnout) },
        ],
        hidden: [],
      },
    ],
    comments: {
      its3: [
        'More staff on nights so breaks actually happen.',
        'Dr [name] on ward 7 makes everyone feel heard.',
        'Rotas a month ahead, not a week.',
      ],
    },
  };
  return {
    surveyId: 'a1b2c3d4e5',
    waveId: `a1b2c3d4e5-w00${n}`,
    surveyName: 'Winter staff pulse',
    waveNumber: n,
    closedAt: `2026-${String(8 + n).padStart(2, '0')}-20T09:00:00Z`,
    computedAt: '',
    recipients: 710,
    figures,
  };
}

function sample(): SurveyResults[] {
  const trend = [wave(1, 6.4, 49), wave(2, 6.6, 51), wave(3, 6.1, 57)];
  return [
    {
      survey: {
        id: 'a1b2c3d4e5',
        name: 'Winter staff pulse',
        questions: [...NQPS_ENGAGEMENT.questions, ...CBI_WORK_BURNOUT.questions, ...INTENTION_TO_STAY.questions],
        commentsInDigest: true,
      },
      latest: trend[2]!,
      previous: trend[1],
      trend,
    },
  ];
}

const WARD_7 = '19:8f0e2a5c3b7d4e6f9a1b2c3d4e5f6a7b@thread.tacv2';
const WARD_9 = '19:1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d@thread.tacv2';
const TEAM_NAMES = ['Ward 7 (Acute medicine)', 'Ward 9 (Care of older people)', 'Theatres and recovery', 'Maternity'];
const teamIds = TEAM_NAMES.map((_, i) => (i === 0 ? WARD_7 : i === 1 ? WARD_9 : `19:team${i}@thread.tacv2`));

/** Ward 7's view of wave 3 of the sample survey: 14 of 18 answered, with its movement since wave 2 and comments. */
function teamSample(view: TeamCardData['view']): TeamCardData {
  const survey = sample()[0]!;
  return {
    teamName: TEAM_NAMES[0]!,
    survey: { id: survey.survey.id, name: survey.survey.name, questions: survey.survey.questions },
    wave: { id: survey.latest.waveId, number: 3, closedAt: survey.latest.closedAt },
    view,
    k: 10,
    timeZone: 'Europe/London',
    maxComments: 5,
  };
}

const ward7Shown = (): TeamCardData['view'] => ({
  kind: 'shown',
  team: WARD_7,
  waveNumber: 3,
  invited: 18,
  responseRate: 77.8,
  figures: group(14, 7.1, 44),
  movement: {
    sinceWave: 2,
    engagement: 0.6,
    themes: { motivation: 0.6, involvement: 0.4, advocacy: 0.9 },
    burnout: -7,
    burnoutShare: -5,
    favourable: {},
    means: {},
    responseRate: 11.1,
  },
  comments: {
    its3: [
      'Handovers on time since the new board went up.',
      'More staff on nights so breaks actually happen.',
      'Ask [name] about the rota: it works now.',
    ],
  },
  organisation: group(412, 6.1, 57),
  organisationResponseRate: 58,
});

/** The executives' table: shown teams with their rate and headline measures, one under k, one withheld. */
const teamRows = (): TeamRow[] => [
  { team: teamIds[0]!, status: 'shown', invited: 18, responseRate: 77.8, figures: group(14, 7.1, 44) },
  { team: teamIds[1]!, status: 'fewer-than-k', invited: 12 },
  { team: teamIds[2]!, status: 'shown', invited: 40, responseRate: 62.5, figures: group(25, 5.8, 61) },
  { team: teamIds[3]!, status: 'withheld', invited: 30 },
];

/** The results cards, with sample data, for `npm run docs:cards`. */
export function resultsGallery(): GalleryEntry[] {
  return [
    {
      file: 'digest',
      title: 'Weekly leadership digest (charts show as a FactSet where a client has no charts)',
      card: digestCard(sample(), { ...view, since: '2026-11-16T08:00:00Z' }),
    },
    {
      file: 'digest-nothing-new',
      title: 'Weekly digest when no wave closed',
      card: digestCard([], { ...view, since: '2026-11-16T08:00:00Z' }),
    },
    {
      file: 'results',
      title: 'results, for an executive',
      card: resultsCard(sample(), { ...view, maxComments: 5 }, { respond: ACTION_VERBS.form }),
    },
    {
      file: 'export',
      title: 'export: download links',
      card: card(
        [
          { type: 'TextBlock', text: 'Export: Winter staff pulse, wave 3', weight: 'Bolder', wrap: true },
          {
            type: 'TextBlock',
            text: 'The same figures as the results card, with small groups hidden: never individual answers. Each link works once, until Monday 23 November at 09:15.',
            wrap: true,
          },
        ],
        [
          {
            type: 'Action.OpenUrl',
            title: 'Download results (CSV)',
            url: 'https://staff-voice.example.nhs.uk/downloads/0f3c',
          },
          {
            type: 'Action.OpenUrl',
            title: 'Download the NQPS return (CSV)',
            url: 'https://staff-voice.example.nhs.uk/downloads/9a1b',
          },
        ],
      ),
    },
    {
      file: 'results-team-lead',
      title: "A team lead's card when the team's results are ready (also `results team`)",
      card: teamResultsCard(teamSample(ward7Shown()), { kind: 'lead', respondVerb: ACTION_VERBS.form }),
    },
    {
      file: 'results-team-channel',
      title: "The same card posted to the team's General channel (no comments, no buttons)",
      card: teamResultsCard(teamSample(ward7Shown()), { kind: 'channel', sharedBy: 'Liam Lead' }),
    },
    {
      file: 'results-team-fewer-than-k',
      title: "A team lead's card when fewer than k of the team answered",
      card: teamResultsCard(teamSample({ kind: 'fewer-than-k', team: WARD_7, k: 10, invited: 18 }), {
        kind: 'lead',
        respondVerb: ACTION_VERBS.form,
      }),
    },
    {
      file: 'results-team-withheld',
      title: "A team lead's card when the team's figures are withheld (overlap with another group)",
      card: teamResultsCard(teamSample({ kind: 'withheld', team: WARD_7, k: 10 }), {
        kind: 'lead',
        respondVerb: ACTION_VERBS.form,
      }),
    },
    {
      file: 'results-team-choose',
      title: 'results team, for someone who leads two teams',
      card: teamChoiceCard([
        { teamId: WARD_7, name: TEAM_NAMES[0]! },
        { teamId: WARD_9, name: TEAM_NAMES[1]! },
      ]),
    },
    {
      file: 'results-team-refused',
      title: 'results team, refused to a lead of another team (audited)',
      card: teamRefusalCard({ kind: 'not-their-team', teamName: TEAM_NAMES[1]!, led: [TEAM_NAMES[0]!] }),
    },
    {
      file: 'results-teams-table',
      title: "results, for an executive: the survey's table of teams",
      card: resultsCard(
        sample(),
        { ...view, maxComments: 2 },
        { respond: ACTION_VERBS.form },
        new Map([
          [
            sample()[0]!.latest.waveId,
            { rows: teamRows(), names: new Map(teamIds.map((id, i) => [id, TEAM_NAMES[i]!])), k: 10 },
          ],
        ]),
      ),
    },
    {
      file: 'results-refused',
      title: 'results, refused to someone without the role',
      card: problemCard(
        'Results are for executives and survey admins',
        'Nothing was shown. Results of closed surveys reach leaders in the weekly digest, and a team’s leads see their team’s with "results team". Type "help" to see what you can do.',
      ),
    },
  ];
}
