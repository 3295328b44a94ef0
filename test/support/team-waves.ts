import { aggregateWaveAndTeams, type StoredResponse } from '../../src/results/aggregate';
import type { TeamResult } from '../../src/results/figures';
import type { WaveResult } from '../../src/results/result';
import { teamResults, type PreviousTeamResult } from '../../src/results/team-results';
import type { Question } from '../../src/surveys/authoring/questions';

/** A closed wave's result and its teams' as the results service stores them (the same two steps, and nothing else). */
export interface StoredWave {
  readonly result: WaveResult;
  readonly teams: readonly TeamResult[];
}

/** `count` responses through `team` (none: personal scope), each answering every question with `answers`. */
export const responsesThrough = (count: number, team: string | undefined, answers: Record<string, string>) =>
  Array.from({ length: count }, (): StoredResponse => ({ answers, about: {}, ...(team ? { team } : {}) }));

/** A wave's stored result computed by the pure functions from `responses`, as the results service would store it. */
export async function computedWave(
  questions: readonly Question[],
  responses: readonly StoredResponse[],
  options: {
    surveyId?: string;
    surveyName?: string;
    waveNumber?: number;
    k?: number;
    offered?: readonly string[];
    invited?: Record<string, number>;
    previous?: ReadonlyMap<string, PreviousTeamResult>;
  } = {},
): Promise<StoredWave> {
  const k = options.k ?? 10;
  const recipients = Math.max(
    responses.length,
    Object.values(options.invited ?? {}).reduce((a, b) => a + b, 0),
  );
  const aggregate = await aggregateWaveAndTeams(questions, responses, { recipients, k, kComments: k });
  const teams = teamResults(aggregate, {
    k,
    kComments: k,
    offered: options.offered ?? [],
    invited: new Map(Object.entries(options.invited ?? {})),
    previous: options.previous ?? new Map(),
  });
  const surveyId = options.surveyId ?? 'a1b2c3d4e5';
  const waveNumber = options.waveNumber ?? 1;
  const result: WaveResult = {
    surveyId,
    waveId: `${surveyId}-w${String(waveNumber).padStart(3, '0')}`,
    surveyName: options.surveyName ?? 'Team pulse',
    waveNumber,
    closedAt: `2026-${String(9 + waveNumber).padStart(2, '0')}-20T17:00:00Z`,
    computedAt: `2026-${String(9 + waveNumber).padStart(2, '0')}-20T17:05:00Z`,
    recipients,
    figures: aggregate.figures,
    ...(teams ? { teams: { k: teams.k } } : {}),
  };
  return { result, teams: teams?.teams ?? [] };
}
