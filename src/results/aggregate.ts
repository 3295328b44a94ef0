import { describesPerson, type Question } from '../surveys';
import { Accumulator, Layout } from './accumulator';
import type { Breakdown, GroupFigures, WaveFigures } from './figures';
import type { Group } from './overlap';
import { decidePublication } from './publication';
import { commentsToShow } from './redaction';
import { compileScoring } from './scoring';
import { effectiveK, isShowable } from './suppression';
import { NOT_SAID_GROUP, tallyBlocks, type Block, type Dimension, type StoredResponse } from './tally';

export type { GroupFigures, WaveFigures } from './figures';
export { NOT_SAID_GROUP, type StoredResponse } from './tally';

/**
 * One team's part of a closed wave as the privacy rules left it: in the process only, never stored as it is (the
 * team results in team-results.ts are what is kept).
 */
export interface TeamTally {
  readonly team: string;
  /** People asked through the team who answered: never stored or shown for a hidden team (a count is a figure too). */
  readonly people: number;
  /** Its figures, when overlap protection lets them be published with everything else; absent when hidden. */
  readonly figures?: GroupFigures;
  /** Every comment its people wrote, per free-text question, before any threshold. */
  readonly comments: ReadonlyMap<string, readonly string[]>;
}

/** A wave's published figures, and each team's part when its responses carry teams (none otherwise). */
export interface WaveAggregate {
  readonly figures: WaveFigures;
  readonly teams: readonly TeamTally[];
  /** How many people wrote a comment, per free-text question, in the whole wave (teams' or not). */
  readonly commenters: ReadonlyMap<string, number>;
}

/** The dimension of the team people were asked through; its "not said" cell is everyone asked through no team. */
export const TEAM_DIMENSION = 'team';
const EVERYONE = 'everyone';
// Digests and result cards show a handful; the result keeps a bounded, random sample of what passed the threshold.
export const MAX_COMMENTS_KEPT = 25;

function dimensionsOf(questions: readonly Question[]): Dimension[] {
  return [
    { key: 'staffGroup', groupOf: (r) => r.about.staffGroup },
    { key: 'directorate', groupOf: (r) => r.about.directorate },
    // Teams are one more breakdown to overlap protection, so a team is protected from every other published group;
    // they are published apart from the breakdowns (team-results.ts), and "no team" never is.
    { key: TEAM_DIMENSION, groupOf: (r) => r.team },
    ...questions
      .filter(describesPerson)
      .map((q): Dimension => ({ key: q.id, groupOf: (r) => optionOf(q.scale.options, r.answers[q.id]) })),
  ];
}

const optionOf = (options: readonly string[], value: string | undefined) =>
  value !== undefined && /^\d{1,2}$/.test(value) ? options[Number(value)] : undefined;

/**
 * Aggregates a closed wave's responses in one pass, then applies the privacy rules: nothing under `k` (per group, and
 * per figure for the people that figure is about), secondary suppression in each breakdown, overlap protection
 * across breakdowns and teams, one dimension at a time, comments only at `kComments` or more. The result holds only figures
 * that may be shown; it is safe to store and to send.
 *
 * The pass adds each person to one block: the people who share a group in every breakdown. Every group's figures
 * are sums of its blocks, and the blocks are what overlap protection reasons about.
 */
export async function aggregateWave(
  questions: readonly Question[],
  responses: AsyncIterable<StoredResponse> | Iterable<StoredResponse>,
  options: AggregateOptions,
): Promise<WaveFigures> {
  return (await aggregateWaveAndTeams(questions, responses, options)).figures;
}

export interface AggregateOptions {
  readonly recipients: number;
  readonly k: number;
  readonly kComments: number;
  /**
   * Every group each breakdown offered people (by dimension key: `staffGroup`, `directorate`, a describing question's
   * id). A breakdown lists as hidden every offered group it does not show, chosen or not, so its hidden list says
   * nothing about whether anyone from a small group answered.
   */
  readonly offered?: Readonly<Record<string, readonly string[]>>;
}

/**
 * `aggregateWave`, with each team's part when the responses carry teams: teams are protected in the same overlap
 * check as every breakdown, so what they publish is safe together with everything else (team-results.ts).
 */
export async function aggregateWaveAndTeams(
  questions: readonly Question[],
  responses: AsyncIterable<StoredResponse> | Iterable<StoredResponse>,
  options: AggregateOptions,
): Promise<WaveAggregate> {
  const k = effectiveK(options.k);
  const measured = questions.filter((q) => !describesPerson(q));
  const scoring = compileScoring(measured);
  const layout = new Layout(measured, scoring.themes);
  const dimensions = dimensionsOf(questions);
  const textQuestions = questions.filter((q) => q.scale.kind === 'text');
  const tally = await tallyBlocks(responses, { scoring, layout, dimensions, textQuestions });
  const { blockList, cells, comments } = tally;
  const responsesCount = blockList.reduce((n, b) => n + b.acc.people, 0);
  const commenters = new Map([...comments].map(([q, texts]) => [q, texts.length]));
  // Every team's people and comments; its figures only where they may be published (none if the wave may not be).
  const teamsWith = (figures: ReadonlyMap<string, GroupFigures>): TeamTally[] =>
    [...tally.teams].map(([team, part]) => ({
      team,
      ...part,
      ...(figures.has(team) ? { figures: figures.get(team)! } : {}),
    }));
  if (!isShowable(responsesCount, k))
    return {
      figures: { responses: responsesCount, showable: false, breakdowns: [], comments: {} },
      teams: teamsWith(new Map()),
      commenters,
    };

  const published = publishFigures(blockList, cells, dimensions, layout, k);
  const { overall, teams } = published;
  const breakdowns = published.breakdowns.map((b) => withEveryOfferedHidden(b, options.offered?.[b.dimension]));
  const shownComments = Object.fromEntries(
    [...comments]
      .map(([q, texts]) => [q, commentsToShow(texts, options.kComments).slice(0, MAX_COMMENTS_KEPT)] as const)
      .filter(([, texts]) => texts.length > 0),
  );
  const figures: WaveFigures = {
    responses: responsesCount,
    showable: true,
    ...(options.recipients > 0 ? { responseRate: responseRate(responsesCount, options.recipients) } : {}),
    overall,
    breakdowns,
    comments: shownComments,
  };
  return { figures, teams: teamsWith(teams), commenters };
}

/** Responses as a share of the people asked, in per cent to one decimal (never above 100). */
export const responseRate = (responses: number, asked: number): number =>
  Math.round(((100 * responses) / Math.max(asked, responses)) * 10) / 10;

/**
 * The figures that may be shown: everyone's, each declared breakdown's groups and each team's, after suppression and
 * overlap across all of them.
 */
function publishFigures(
  blockList: readonly Block[],
  cells: readonly Map<string, number>[],
  dimensions: readonly Dimension[],
  layout: Layout,
  k: number,
): { overall: GroupFigures; breakdowns: Breakdown[]; teams: Map<string, GroupFigures> } {
  // A breakdown nobody declared (everyone "not said") says nothing and is left out.
  const declared = dimensions.flatMap((d, i) => (cells[i]!.size > 1 ? [{ d, i }] : []));
  const groups: (Group & { label: string })[] = [{ id: EVERYONE, label: EVERYONE, blocks: blockList.map((_, b) => b) }];
  for (const { d, i } of declared) {
    for (const [label, cell] of cells[i]!) {
      const members = blockList.flatMap((b, index) => (b.cells[i] === cell ? [index] : []));
      // People asked through no team have no leads to show them to; their cell still counts in secondary suppression.
      const neverShown = d.key === TEAM_DIMENSION && label === NOT_SAID_GROUP;
      if (members.length > 0)
        groups.push({ id: `${d.key}\u001f${label}`, dimension: d.key, label, blocks: members, neverShown });
    }
  }
  const publication = decidePublication(
    blockList.map((b) => b.acc),
    groups,
    layout.populations(),
    k,
  );
  const figuresOf = (group: Group): GroupFigures => {
    const sum = new Accumulator(layout);
    for (const b of group.blocks) sum.addAll(blockList[b]!.acc);
    return sum.figures((population) => publication.shows(group.id, population));
  };

  const breakdowns = declared
    .filter(({ d }) => d.key !== TEAM_DIMENSION)
    .map(({ d }): Breakdown => {
      const own = groups.filter((g) => g.dimension === d.key).sort((a, b) => a.label.localeCompare(b.label));
      return {
        dimension: d.key,
        shown: own.filter((g) => !publication.hiddenGroups.has(g.id)).map((g) => ({ group: g.label, ...figuresOf(g) })),
        hidden: own.filter((g) => publication.hiddenGroups.has(g.id)).map((g) => g.label),
      };
    });
  const teams = new Map(
    groups
      .filter((g) => g.dimension === TEAM_DIMENSION && !g.neverShown && !publication.hiddenGroups.has(g.id))
      .map((g) => [g.label, figuresOf(g)]),
  );
  return { overall: figuresOf(groups[0]!), breakdowns, teams };
}

/**
 * A breakdown whose hidden list also names every offered group it does not show, whether or not anyone chose it:
 * otherwise the list would say that someone from a group of one to k−1 people answered.
 */
export function withEveryOfferedHidden(b: Breakdown, offered: readonly string[] | undefined): Breakdown {
  if (!offered) return b;
  const shown = new Set(b.shown.map((g) => g.group));
  const hidden = new Set([...b.hidden, ...offered.filter((label) => !shown.has(label))]);
  return { ...b, hidden: [...hidden].sort((x, y) => x.localeCompare(y)) };
}
