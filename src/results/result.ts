import type { Survey } from '../surveys';
import type { WaveFigures } from './aggregate';

/** A closed wave's result as stored: the privacy-safe figures and what is needed to show them. */
export interface WaveResult {
  readonly surveyId: string;
  readonly waveId: string;
  readonly surveyName: string;
  readonly waveNumber: number;
  readonly closedAt: string;
  readonly computedAt: string;
  readonly recipients: number;
  readonly figures: WaveFigures;
  /**
   * Set when the wave's responses came through teams, with the `k` its teams were judged by; each team's result is
   * stored in a row of its own (result.store.ts). Absent, as in results from before team results: no teams.
   */
  readonly teams?: { readonly k: number };
  /** When a weekly digest first carried this result (kept beside the figures, never in them); unset until then. */
  readonly digestedAt?: string;
  /** When the leads of the wave's teams were sent their cards (kept beside the figures); unset until then. */
  readonly teamsAnnouncedAt?: string;
}

/** A survey's results as a reader sees them: the latest closed wave, the one before it, and the trend. */
export interface SurveyResults {
  readonly survey: Pick<Survey, 'id' | 'name' | 'questions' | 'commentsInDigest'>;
  readonly latest: WaveResult;
  readonly previous?: WaveResult;
  /** Every closed wave's result, oldest first. */
  readonly trend: readonly WaveResult[];
}
