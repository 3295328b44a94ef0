import type { GroupFigures, WaveFigures } from '../../src/results/aggregate';
import type { WaveResult } from '../../src/results/result';
import { ACTION_VERBS } from '../../src/actions/actions.cards';
import { digestCard } from '../../src/digest/digest.cards';
import { resultsCard } from '../../src/results/results.cards';
import type { SurveyResults } from '../../src/results/result';
import { card } from '../../src/platform/cards';
import { problemCard } from '../../src/platform/teams/system.cards';
import { CBI_WORK_BURNOUT, INTENTION_TO_STAY, NQPS_ENGAGEMENT } from '../../src/surveys/authoring/templates';
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
      file: 'results-refused',
      title: 'results, refused to someone without the role',
      card: problemCard(
        'Results are for executives and survey admins',
        'Nothing was shown. Results of closed surveys reach leaders in the weekly digest. Type "help" to see what you can do.',
      ),
    },
  ];
}
