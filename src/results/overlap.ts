import { findSmallRecoverableSet } from './overlap-search';
import { combinationOf, contains, rowSpaceOf, TooComplexError, type RowSpace } from './row-space';
import { completeSuppression } from './suppression';

/**
 * Overlap protection across every breakdown of a wave (as Workday Peakon does it), computed from the responses' own
 * attributes. A reader who knows which groups overlap can add and subtract published figures: directorate D1 (12
 * people) minus Nursing (the 11 of them who are nurses) is one clerk. So the published groups must not combine into
 * any set of 1 to k−1 people, nor into a group that was hidden. See docs/results.md for the attacker model.
 */

/** A group figures may be published for: everyone (no dimension), or one cell of a breakdown, as the blocks it holds. */
export interface Group {
  readonly id: string;
  readonly dimension?: string;
  readonly blocks: readonly number[];
  /**
   * Never published, whatever the check decides (the people asked through no team): it is no row a reader can use,
   * but a cell of its breakdown all the same, hidden like any other when small and taken first to cover another.
   */
  readonly neverShown?: boolean;
}

/** One population's question: its people by block, the groups over those blocks, and what is hidden already. */
export interface OverlapProblem {
  /** How many people of this population are in each block (a block: people every group either holds or misses). */
  readonly sizes: readonly number[];
  readonly groups: readonly Group[];
  /** Groups hidden before this check (for a question's figures: the groups hidden for the wave as a whole). */
  readonly hidden: ReadonlySet<string>;
  /** False for the wave's own groups (the wave was shown, so "everyone" is); true for one measure's figures. */
  readonly everyoneHideable: boolean;
  readonly k: number;
  /** Search nodes per check before giving up and withdrawing a breakdown instead. */
  readonly budget?: number;
}

export interface OverlapDecision {
  /** Every group whose figures must not be published (including groups with nobody in this population). */
  readonly hidden: ReadonlySet<string>;
  /** Breakdowns withdrawn whole because the check ran past its budget (the safe way out, never a guess). */
  readonly withdrawn: readonly string[];
}

const DEFAULT_BUDGET = 200_000;

/**
 * Protects people in overlapping breakdowns: the groups to hide so that no combination of the published ones isolates
 * fewer than k people or a hidden group. Greedy: while a violating combination exists, hide the smallest group it uses
 * (never "everyone" unless allowed), with secondary suppression within each breakdown redone around it. Every round
 * hides one more group for good, so it ends; what it returns is exactly what the last check passed.
 */
export function groupsToHide(problem: OverlapProblem): OverlapDecision {
  const { groups, sizes, k } = problem;
  const size = new Map(groups.map((g) => [g.id, g.blocks.reduce((n, b) => n + sizes[b]!, 0)]));
  // Hidden for a reason of their own: given, under k, or chosen below. Secondary suppression is worked out afresh
  // from these each round, so a group hidden earlier only to cover another is shown again if it is no longer needed.
  const forced = new Set([
    ...problem.hidden,
    ...groups
      .filter((g) => size.get(g.id)! < k && (g.dimension !== undefined || problem.everyoneHideable))
      .map((g) => g.id),
  ]);
  const dimensions = [...new Set(groups.flatMap((g) => (g.dimension === undefined ? [] : [g.dimension])))];
  const hiddenNow = () => {
    const hidden = new Set(forced);
    for (const dimension of dimensions) {
      const cells = groups
        .filter((g) => g.dimension === dimension)
        .map((g) => ({ key: g.id, people: size.get(g.id)!, free: g.neverShown }));
      for (const id of completeSuppression(cells, forced, k)) hidden.add(id);
    }
    return hidden;
  };
  const withdrawn: string[] = [];
  const total = sizes.reduce((n, s) => n + s, 0);

  for (;;) {
    const hidden = hiddenNow();
    const published = groups.filter((g) => !hidden.has(g.id) && size.get(g.id)! > 0 && !g.neverShown);
    // A group that holds the whole population says no more than "everyone": while everyone is shown, hiding it
    // would change nothing, and seeing it again in everyone's figures is no leak.
    const wholeShown = (g: Group) => size.get(g.id) === total && published.some((p) => p.dimension === undefined);
    const hiddenGroups = groups.filter((g) => hidden.has(g.id) && size.get(g.id)! > 0 && !wholeShown(g));
    const check = checkPublished(published, hiddenGroups, sizes, k, problem.budget ?? DEFAULT_BUDGET);
    if (check.kind === 'safe') return { hidden, withdrawn };
    const candidates =
      check.kind === 'leak'
        ? published
            .filter(
              (g, i) =>
                check.combination[i] !== 0 && (g.dimension === undefined ? problem.everyoneHideable : !wholeShown(g)),
            )
            .sort(
              (a, b) =>
                Number(a.dimension === undefined) - Number(b.dimension === undefined) ||
                size.get(a.id)! - size.get(b.id)! ||
                a.id.localeCompare(b.id),
            )
        : [];
    if (candidates.length > 0) {
      forced.add(candidates[0]!.id);
      continue;
    }
    // Too complex to search (or, which should not happen, nothing to hide for a leak): withdraw a breakdown whole.
    const dimension = finestDimension(published);
    if (dimension === undefined)
      throw new Error(`Results: the overlap check failed (${check.kind}) with only "everyone" published`);
    withdrawn.push(dimension);
    published.filter((g) => g.dimension === dimension).forEach((g) => forced.add(g.id));
  }
}

type Check = { kind: 'safe' } | { kind: 'too-complex' } | { kind: 'leak'; combination: readonly number[] };

/** Whether the published groups isolate a small set or a hidden group; if so, the combination of them that does. */
function checkPublished(
  published: readonly Group[],
  hiddenGroups: readonly Group[],
  sizes: readonly number[],
  k: number,
  budget: number,
): Check {
  const blocks = coarseBlocks(published, sizes);
  let space: RowSpace;
  try {
    // Pivots on blocks of k or more first: those must be 0 in any small set, which leaves the search less to choose.
    const order = blocks.sizes.map((_, c) => c).sort((a, b) => blocks.sizes[b]! - blocks.sizes[a]!);
    space = rowSpaceOf(blocks.rows, blocks.sizes.length, order);
  } catch (e) {
    if (e instanceof TooComplexError) return { kind: 'too-complex' };
    throw e;
  }
  const leak = (x: readonly number[]): Check => ({
    kind: 'leak',
    combination: combinationOf(space, x, published.length),
  });
  const small = findSmallRecoverableSet(space, blocks.sizes, k, budget);
  if (small.kind === 'gave-up') return { kind: 'too-complex' };
  if (small.kind === 'found') return leak(blocks.indicator(small.blocks));
  for (const group of hiddenGroups) {
    const x = blocks.indicatorOfGroup(group);
    if (x && contains(space, x)) return leak(x);
  }
  return { kind: 'safe' };
}

/**
 * Merges blocks that every published group either holds whole or misses whole: a recoverable set is always a union of
 * these, so the search works on far fewer columns. Blocks with nobody in this population are dropped.
 */
function coarseBlocks(published: readonly Group[], sizes: readonly number[]) {
  const signature = sizes.map(() => [] as number[]);
  published.forEach((g, i) => g.blocks.forEach((b) => signature[b]!.push(i)));
  const columnOf = new Map<string, number>();
  const column = sizes.map((size, b) => {
    if (size === 0) return -1;
    const key = signature[b]!.join(',');
    let c = columnOf.get(key);
    if (c === undefined) columnOf.set(key, (c = columnOf.size));
    return c;
  });
  const merged = new Array<number>(columnOf.size).fill(0);
  column.forEach((c, b) => c >= 0 && (merged[c]! += sizes[b]!));
  const rows = published.map((g) => {
    const row = new Array<number>(merged.length).fill(0);
    for (const b of g.blocks) if (column[b]! >= 0) row[column[b]!] = 1;
    return row;
  });
  const indicator = (columns: readonly number[]) => {
    const x = new Array<number>(merged.length).fill(0);
    for (const c of columns) x[c] = 1;
    return x;
  };
  return {
    sizes: merged,
    rows,
    indicator,
    /** A hidden group as a vector over the merged blocks, or undefined if it splits one (then it cannot be isolated). */
    indicatorOfGroup(group: Group): number[] | undefined {
      const inside = new Array<number>(merged.length).fill(0);
      for (const b of group.blocks) if (column[b]! >= 0) inside[column[b]!]! += sizes[b]!;
      return inside.every((people, c) => people === 0 || people === merged[c])
        ? inside.map((people) => (people > 0 ? 1 : 0))
        : undefined;
    },
  };
}

/** The breakdown with the most published groups: the one to withdraw when the check cannot finish. */
function finestDimension(published: readonly Group[]): string | undefined {
  const counts = new Map<string, number>();
  for (const g of published) if (g.dimension !== undefined) counts.set(g.dimension, (counts.get(g.dimension) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}
