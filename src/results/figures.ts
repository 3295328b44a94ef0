/** The shapes of a closed wave's published figures: everything here has already passed the privacy rules. */

/** Figures for one group of people. A figure is absent when its own population (e.g. a question's answerers) is hidden. */
export interface GroupFigures {
  readonly people: number;
  /** NQPS engagement, 0–10. */
  readonly engagement?: number;
  /** Theme scores, 0–10 (motivation, involvement, advocacy, belonging…). */
  readonly themes: Readonly<Record<string, number>>;
  /** CBI work-related burnout, 0–100, and the share of people scoring 50 or more. */
  readonly burnout?: number;
  readonly burnoutShare?: number;
  /** % favourable per agreement/frequency question. */
  readonly favourable: Readonly<Record<string, number>>;
  /** Mean per 0–10 question. */
  readonly means: Readonly<Record<string, number>>;
  /** % choosing each option, per single-choice question (never for a question that describes the person). */
  readonly choices: Readonly<Record<string, readonly number[]>>;
  /** How many chose each point, per five-point question (least to most): what the NQPS return asks for. */
  readonly counts: Readonly<Record<string, readonly number[]>>;
}

/**
 * A one-dimension breakdown (never crossed with another): shown groups with figures, hidden ones named only.
 * `dimension` is `staffGroup` or `directorate` ("about you"), or the id of a custom question that describes the person.
 */
export interface Breakdown {
  readonly dimension: string;
  readonly shown: readonly (GroupFigures & { readonly group: string })[];
  readonly hidden: readonly string[];
}

/** The privacy-safe result of a closed wave: what may be shown, and nothing else. */
export interface WaveFigures {
  readonly responses: number;
  /** False when fewer than k people answered: then nothing else is filled in. */
  readonly showable: boolean;
  readonly responseRate?: number;
  readonly overall?: GroupFigures;
  readonly breakdowns: readonly Breakdown[];
  /** Redacted, shuffled comments per free-text question, only where at least `kComments` people wrote one. */
  readonly comments: Readonly<Record<string, readonly string[]>>;
}

/** The figures a change can be shown for: the scores, shares and means (not counts or option shares). */
export type HeadlineFigures = Pick<
  GroupFigures,
  'engagement' | 'themes' | 'burnout' | 'burnoutShare' | 'favourable' | 'means'
>;

/**
 * A team's change since its previous wave: latest minus previous, for each figure both waves published (a
 * difference of two published figures, so it tells nothing new; never given for a team hidden in either wave).
 */
export interface TeamMovement extends HeadlineFigures {
  /** The wave compared with: the latest earlier wave sent through the team. */
  readonly sinceWave: number;
  readonly responseRate?: number;
}

/**
 * One team's part of a closed wave: its figures (with the same privacy rules as every breakdown, and overlap
 * protection across teams, breakdowns and everyone), or why it has none. A hidden team shows no count: a count is a
 * figure too. `invited` (how many were asked through the team) says nothing about answers and is kept for all.
 */
export type TeamResult =
  | {
      readonly team: string;
      readonly status: 'shown';
      readonly invited?: number;
      readonly responseRate?: number;
      readonly figures: GroupFigures;
      readonly movement?: TeamMovement;
      /** Redacted, shuffled comments per free-text question, where at least `kComments` of the team wrote one. */
      readonly comments: Readonly<Record<string, readonly string[]>>;
    }
  /** Fewer than k answered through the team (none, perhaps). */
  | { readonly team: string; readonly status: 'fewer-than-k'; readonly invited?: number }
  /** k or more answered, but showing the team would let a smaller group be worked out by subtraction. */
  | { readonly team: string; readonly status: 'withheld'; readonly invited?: number };

/** The teams of a wave sent to teams, in team id order, with the `k` they were judged by. */
export interface TeamsSection {
  readonly k: number;
  readonly teams: readonly TeamResult[];
}
