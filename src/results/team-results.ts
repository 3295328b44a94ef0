import { MAX_COMMENTS_KEPT, responseRate, type WaveAggregate } from './aggregate';
import type { GroupFigures, TeamMovement, TeamResult, TeamsSection } from './figures';
import { commentsToShow } from './redaction';
import { completeSuppression, effectiveK } from './suppression';

/**
 * Team results: each team's figures for a closed wave, for its leads. Every response belongs to at most one team (the
 * one its card was sent through), so teams split the respondents like any breakdown, and their figures were decided
 * in the same overlap check as everyone's and every breakdown's (aggregate.ts): no sum or difference of published
 * team, organisation, staff group and directorate figures isolates fewer than k people or a hidden team. This file
 * adds what only teams have: the response rate per team, the movement since the team's previous wave, and comments
 * per team. See docs/results.md, "Team results".
 */

/** What a team's latest earlier wave published for it (shown or not). */
export interface PreviousTeamResult {
  readonly waveNumber: number;
  readonly result: TeamResult;
}

// Never a team id (those come from Teams and hold no control characters): the cell of comments from no team.
const NO_TEAM = '\u001fno team';

/**
 * The teams section of a closed wave's result, or undefined when no response came through a team (a wave not sent to
 * teams, or one from before responses carried their team). Every team the wave was sent through is listed, answered
 * through or not, so the list never says which small team answered.
 */
export function teamResults(
  wave: WaveAggregate,
  options: {
    readonly k: number;
    readonly kComments: number;
    /** The teams the wave was sent through. */
    readonly offered: readonly string[];
    /** How many people were asked through each team: for its response rate. */
    readonly invited: ReadonlyMap<string, number>;
    /** Each team's latest earlier wave: for its movement. */
    readonly previous: ReadonlyMap<string, PreviousTeamResult>;
  },
): TeamsSection | undefined {
  if (wave.teams.length === 0) return undefined;
  const k = effectiveK(options.k);
  const tallies = new Map(wave.teams.map((t) => [t.team, t]));
  const ids = [...new Set([...options.offered, ...tallies.keys()])].sort();
  const comments = teamComments(wave, options.kComments);
  const teams = ids.map((team): TeamResult => {
    const tally = tallies.get(team);
    const invited = options.invited.get(team);
    const asked = invited === undefined ? {} : { invited };
    if (!tally || tally.people < k) return { team, status: 'fewer-than-k', ...asked };
    if (!tally.figures) return { team, status: 'withheld', ...asked };
    const rate = invited ? responseRate(tally.people, invited) : undefined;
    const movement = movementSince(options.previous.get(team), tally.figures, rate);
    return {
      team,
      status: 'shown',
      ...asked,
      ...(rate === undefined ? {} : { responseRate: rate }),
      figures: tally.figures,
      ...(movement ? { movement } : {}),
      comments: comments.get(team) ?? {},
    };
  });
  return { k, teams };
}

/** Each team's latest result among earlier waves' (in any order): what its movement is measured from. */
export function previousTeamResults(
  earlier: readonly { readonly waveNumber: number; readonly teams: readonly TeamResult[] }[],
): Map<string, PreviousTeamResult> {
  const out = new Map<string, PreviousTeamResult>();
  for (const wave of [...earlier].sort((a, b) => a.waveNumber - b.waveNumber))
    for (const result of wave.teams) out.set(result.team, { waveNumber: wave.waveNumber, result });
  return out;
}

/**
 * Latest minus previous for every figure both waves published for the team; nothing when the team was not shown in
 * its previous wave. A movement beside a hidden figure would give that figure away (shown now + movement = then).
 */
function movementSince(
  previous: PreviousTeamResult | undefined,
  now: GroupFigures,
  rate: number | undefined,
): TeamMovement | undefined {
  if (previous?.result.status !== 'shown') return undefined;
  const then = previous.result;
  const delta = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? undefined : Math.round((a - b) * 10) / 10;
  const one = <K extends string>(key: K, a: number | undefined, b: number | undefined) => {
    const d = delta(a, b);
    return d === undefined ? {} : ({ [key]: d } as Record<K, number>);
  };
  const each = (a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>) => {
    const out: Record<string, number> = {};
    for (const key of Object.keys(a)) {
      const d = delta(a[key], b[key]);
      if (d !== undefined) out[key] = d;
    }
    return out;
  };
  return {
    sinceWave: previous.waveNumber,
    ...one('engagement', now.engagement, then.figures.engagement),
    themes: each(now.themes, then.figures.themes),
    ...one('burnout', now.burnout, then.figures.burnout),
    ...one('burnoutShare', now.burnoutShare, then.figures.burnoutShare),
    favourable: each(now.favourable, then.figures.favourable),
    means: each(now.means, then.figures.means),
    ...one('responseRate', rate, then.responseRate),
  };
}

/**
 * Comments per shown team and free-text question, where at least `kComments` of the team wrote one. Secondary
 * suppression over the teams' commenters, as for figures: everyone's comments minus the teams' would otherwise be
 * those of one team left out (or of the few people asked through no team), so the comments left out together come
 * from at least `kComments` people. Comments from no team are never shown, and are the first to cover another.
 */
function teamComments(wave: WaveAggregate, kComments: number): Map<string, Record<string, string[]>> {
  const out = new Map<string, Record<string, string[]>>();
  const hiddenTeams = new Set(wave.teams.filter((t) => !t.figures).map((t) => t.team));
  for (const [question, writers] of wave.commenters) {
    const cells = wave.teams.map((t) => ({ key: t.team, people: t.comments.get(question)?.length ?? 0 }));
    const inTeams = cells.reduce((n, c) => n + c.people, 0);
    const withheld = completeSuppression(
      [...cells, { key: NO_TEAM, people: writers - inTeams, free: true }],
      hiddenTeams,
      kComments,
    );
    for (const t of wave.teams) {
      if (withheld.has(t.team) || hiddenTeams.has(t.team)) continue;
      const shown = commentsToShow(t.comments.get(question) ?? [], kComments).slice(0, MAX_COMMENTS_KEPT);
      if (shown.length === 0) continue;
      const own = out.get(t.team) ?? {};
      out.set(t.team, { ...own, [question]: shown });
    }
  }
  return out;
}
