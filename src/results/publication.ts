import { PEOPLE, type Accumulator } from './accumulator';
import { groupsToHide, type Group, type OverlapDecision } from './overlap';

/** What may be published: which groups are shown at all, and for a shown group which of its figures. */
export interface Publication {
  readonly hiddenGroups: ReadonlySet<string>;
  /** Breakdowns withdrawn whole because the overlap check could not finish (see `groupsToHide`). */
  readonly withdrawn: readonly string[];
  shows(group: string, population: string): boolean;
}

/**
 * Keeps every published figure about k people or more. First the wave's groups (everyone in them: the counts and
 * every figure about all of them), then each figure's own population (a question's answerers, the people with a
 * burnout score…) within the groups shown: a figure needs k of its own people in the group, and the figures of one
 * population must not subtract down to fewer than k either. Populations that hold the same people per block share
 * one decision (with required questions, that is all of them).
 */
export function decidePublication(
  blocks: readonly Accumulator[],
  groups: readonly Group[],
  populations: readonly string[],
  k: number,
): Publication {
  const sizesOf = (population: string) => blocks.map((b) => b.sizeOf(population));
  const people = sizesOf(PEOPLE);
  const wave = groupsToHide({ sizes: people, groups, hidden: new Set(), everyoneHideable: false, k });
  const byShape = new Map<string, OverlapDecision>([[people.join(','), wave]]);
  const decisions = new Map<string, OverlapDecision>();
  for (const population of populations) {
    const sizes = sizesOf(population);
    if (sizes.every((n) => n === 0)) continue; // nobody has this figure: there is nothing to show
    const shape = sizes.join(',');
    let decision = byShape.get(shape);
    if (!decision)
      byShape.set(shape, (decision = groupsToHide({ sizes, groups, hidden: wave.hidden, everyoneHideable: true, k })));
    decisions.set(population, decision);
  }
  return {
    hiddenGroups: wave.hidden,
    withdrawn: wave.withdrawn,
    shows: (group, population) => !wave.hidden.has(group) && !(decisions.get(population)?.hidden.has(group) ?? false),
  };
}
