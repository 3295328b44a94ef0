import type { TableClient } from '@azure/data-tables';
import type { GroupFigures, TeamResult } from '../../src/results/figures';
import type { WaveResult } from '../../src/results/result';
import { TableResultStore } from '../../src/results/result.store';
import type { Question } from '../../src/surveys/authoring/questions';
import { TableSurveyStore, TableWaveStore } from '../../src/surveys/authoring/survey.store';
import { NQPS_ENGAGEMENT } from '../../src/surveys/authoring/templates';

/**
 * Stored results written straight into Azurite through results' own store (and a survey through surveys' store):
 * the dashboard's input. No responses exist at all, so every figure the API returns came from these rows.
 */
export const QUESTIONS: readonly Question[] = [
  ...NQPS_ENGAGEMENT.questions,
  {
    id: 'safe',
    text: 'I feel safe to speak up about anything that concerns me.',
    scale: { kind: 'agreement' },
    required: false,
  },
  {
    id: 'better',
    text: 'What one thing would make work better?',
    scale: { kind: 'text', maxLength: 500 },
    required: false,
  },
];

/** A survey definition, as an admin would have created it. */
export async function seedSurvey(table: TableClient, survey: { id: string; name: string }): Promise<void> {
  await new TableSurveyStore(table).create({
    ...survey,
    templateId: NQPS_ENGAGEMENT.id,
    questions: QUESTIONS,
    status: 'active',
    createdBy: '00000000-0000-4000-8000-000000000001',
    createdAt: '2026-01-05T09:00:00.000Z',
    waveCount: 0,
    cadence: 'monthly',
    windowDays: 7,
    sendTime: '09:00',
    reminderDays: 3,
    audience: { kind: 'everyone' },
    aboutYou: true,
    directorates: ['Surgery', 'Medicine', 'Estates'],
    commentsInDigest: true,
  });
}

/** A group's figures at a level (a wave's organisation, a team): engagement, themes, % favourable. */
export function figuresAt(people: number, level: number, options: { noSafe?: boolean } = {}): GroupFigures {
  return {
    people,
    engagement: level,
    themes: { motivation: level + 0.3, involvement: level - 0.2, advocacy: level + 0.1 },
    favourable: options.noSafe ? {} : { safe: Math.round(level * 9) },
    means: {},
    choices: {},
    counts: {},
  };
}

/** A team as it stands in every seeded wave. */
export interface SeedTeam {
  readonly id: string;
  readonly status: TeamResult['status'];
  /** Its engagement (shown teams). */
  readonly level?: number;
  readonly comments?: readonly string[];
}

/** `waves` closed waves of a survey, a month apart, each with its teams; the organisation improves a little each time. */
export async function seedWaves(
  table: TableClient,
  args: { surveyId: string; surveyName: string; waves: number; teams: readonly SeedTeam[]; k?: number },
): Promise<WaveResult[]> {
  const store = new TableResultStore(table);
  const out: WaveResult[] = [];
  for (let n = 1; n <= args.waves; n++) {
    const result = waveResult(args.surveyId, args.surveyName, n, args.teams.length > 0 ? (args.k ?? 10) : undefined);
    const teams = args.teams.map((t) => teamResult(t, n));
    out.push(await store.putOnce(result, teams));
  }
  return out;
}

/** The waves' own rows, closed and settled, as surveys keeps them (actions read results through them). */
export async function seedWaveRows(table: TableClient, results: readonly WaveResult[]): Promise<void> {
  const waves = new TableWaveStore(table);
  for (const r of results) {
    const opened = await waves.create({
      ...{ id: r.waveId, surveyId: r.surveyId, number: r.waveNumber, status: 'open', recipients: r.recipients },
      ...{ opensAt: r.closedAt, closesAt: r.closedAt, fannedOut: true, reminded: true },
    });
    // Closed and settled as the survey job leaves a wave: its closing and its final mix are updates of the row.
    await waves.update(opened!, { status: 'closed', closedAt: r.closedAt, mixedAt: r.closedAt });
  }
}

export function waveResult(surveyId: string, surveyName: string, n: number, k?: number): WaveResult {
  const closedAt = new Date(Date.UTC(2026, 0, 12) + (n - 1) * 30 * 86_400_000).toISOString();
  const level = 6 + n * 0.05;
  return {
    surveyId,
    waveId: `${surveyId}-w${String(n).padStart(3, '0')}`,
    surveyName,
    waveNumber: n,
    closedAt,
    computedAt: closedAt,
    recipients: 4000,
    figures: {
      responses: 2400,
      showable: true,
      responseRate: 60,
      overall: figuresAt(2400, level),
      breakdowns: [
        {
          dimension: 'staffGroup',
          shown: [
            { ...figuresAt(1100, level + 0.4), group: 'Nursing and midwifery' },
            { ...figuresAt(700, level - 0.3), group: 'Medical and dental' },
          ],
          hidden: ['Allied health professionals', 'Prefer not to say'],
        },
        { dimension: 'directorate', shown: [{ ...figuresAt(1500, level), group: 'Surgery' }], hidden: ['Estates'] },
      ],
      comments: { better: ['More staff on nights.', 'Somewhere to rest on breaks.'] },
    },
    ...(k ? { teams: { k } } : {}),
  };
}

function teamResult(t: SeedTeam, n: number): TeamResult {
  if (t.status !== 'shown') return { team: t.id, status: t.status, invited: 40 };
  const level = (t.level ?? 6.5) + n * 0.1;
  return {
    team: t.id,
    status: 'shown',
    invited: 40,
    responseRate: 55,
    figures: figuresAt(22, level, { noSafe: true }),
    ...(n > 1 ? { movement: { sinceWave: n - 1, themes: {}, favourable: {}, means: {}, engagement: 0.1 } } : {}),
    comments: t.comments ? { better: [...t.comments] } : {},
  };
}
