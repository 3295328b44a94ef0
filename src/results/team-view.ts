import type { GroupFigures, TeamMovement, TeamResult } from './figures';
import type { WaveResult } from './result';

/**
 * What one team's leads see for a closed wave: the team's figures with the organisation's beside them and the
 * movement since the team's previous wave, or why there are none. Read from stored results only.
 */
export type TeamView =
  | {
      readonly kind: 'shown';
      readonly team: string;
      readonly waveNumber: number;
      readonly invited?: number;
      readonly responseRate?: number;
      readonly figures: GroupFigures;
      readonly movement?: TeamMovement;
      readonly comments: Readonly<Record<string, readonly string[]>>;
      /** The organisation's figures for the same wave (everyone, the team's people included). */
      readonly organisation: GroupFigures;
      readonly organisationResponseRate?: number;
    }
  | { readonly kind: 'fewer-than-k'; readonly team: string; readonly k: number; readonly invited?: number }
  | { readonly kind: 'withheld'; readonly team: string; readonly k: number }
  /** The wave was not sent through this team (or its result is from before team results). */
  | { readonly kind: 'not-asked'; readonly team: string };

/** One team's view of a stored wave result, given the team's stored result there (undefined if it has none). */
export function teamView(result: WaveResult, team: string, own: TeamResult | undefined): TeamView {
  if (!result.teams || !own) return { kind: 'not-asked', team };
  const { k } = result.teams;
  switch (own.status) {
    case 'fewer-than-k':
      return { kind: 'fewer-than-k', team, k, ...(own.invited === undefined ? {} : { invited: own.invited }) };
    case 'withheld':
      return { kind: 'withheld', team, k };
    case 'shown': {
      const { status: _, ...shown } = own;
      const organisation = result.figures.overall;
      // A team is shown only with k or more people, so everyone's figures (k or more too) are there as well.
      if (!organisation) throw new Error(`Results: wave ${result.waveId} shows team figures without everyone's`);
      const rate = result.figures.responseRate;
      return {
        kind: 'shown',
        ...shown,
        waveNumber: result.waveNumber,
        organisation,
        ...(rate === undefined ? {} : { organisationResponseRate: rate }),
      };
    }
  }
}

/** A row of the executives' table of teams: response rate and figures, or why there are none. */
export type TeamRow = Pick<TeamResult, 'team' | 'status' | 'invited'> & {
  readonly responseRate?: number;
  readonly figures?: GroupFigures;
};

/** The executives' table from a wave's stored team results, in team id order: no comments, no movement. */
export function teamsTable(teams: readonly TeamResult[]): TeamRow[] {
  return teams.map((t) =>
    t.status === 'shown'
      ? {
          team: t.team,
          status: t.status,
          ...(t.invited === undefined ? {} : { invited: t.invited }),
          ...(t.responseRate === undefined ? {} : { responseRate: t.responseRate }),
          figures: t.figures,
        }
      : t,
  );
}
