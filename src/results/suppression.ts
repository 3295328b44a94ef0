/**
 * The privacy rules for results: the most important code in the product. Nothing is shown for a group of fewer than
 * `k` people, and when a breakdown hides any group it hides enough others that no hidden group can be worked out
 * from the total. See docs/results.md for why each rule exists.
 */

/** The floor no deployment may go below, whatever it configures. */
export const MIN_K = 5;

/** The minimum group size in force: the configured value, never below the floor. */
export const effectiveK = (configured: number): number => Math.max(MIN_K, Math.floor(configured));

/** True when a group is big enough for any figure about it to be shown. */
export const isShowable = (people: number, k: number): boolean => people >= effectiveK(k);

/** A cell of a one-dimension breakdown: a group (e.g. a directorate) and how many people are in it. */
export interface Cell {
  readonly key: string;
  readonly people: number;
  /** Never shown anyway (people asked through no team): hiding it costs nothing, so it is the first to cover another. */
  readonly free?: boolean;
}

/**
 * Which cells of a breakdown to hide. Primary: every cell under `k`. Secondary: if anything is hidden, keep hiding
 * the next-smallest shown cell until the hidden cells together hold at least `k` people and there are at least two
 * of them, so the total minus the shown cells never reveals one hidden cell or a group smaller than `k`.
 * If that cannot be done, every cell is hidden.
 */
export function cellsToHide(cells: readonly Cell[], k: number): Set<string> {
  return completeSuppression(cells, new Set(), k);
}

/**
 * Secondary suppression around cells already hidden for another reason (a per-question rule, or overlap with another
 * breakdown): the same rule as `cellsToHide`, starting from `hidden`. Cells with nobody in them are left alone. A
 * `free` cell is taken first; then the smallest.
 */
export function completeSuppression(
  cells: readonly Cell[],
  alreadyHidden: ReadonlySet<string>,
  k: number,
): Set<string> {
  const min = effectiveK(k);
  const present = cells.filter((c) => c.people > 0);
  const hidden = new Set(present.filter((c) => c.people < min || alreadyHidden.has(c.key)).map((c) => c.key));
  if (hidden.size === 0) return hidden;
  const shown = present
    .filter((c) => !hidden.has(c.key))
    .sort((a, b) => Number(!a.free) - Number(!b.free) || a.people - b.people || a.key.localeCompare(b.key));
  let hiddenPeople = present.filter((c) => hidden.has(c.key)).reduce((sum, c) => sum + c.people, 0);
  while ((hiddenPeople < min || hidden.size < 2) && shown.length > 0) {
    const next = shown.shift()!;
    hidden.add(next.key);
    hiddenPeople += next.people;
  }
  return hidden;
}

/**
 * Speak-up counts in digests: 0 is shown as 0, 1 or 2 as "fewer than 3" (a single case must not be recognisable),
 * 3 or more as the number.
 */
export function speakUpCount(count: number): string {
  if (count <= 0) return '0';
  return count < 3 ? 'fewer than 3' : String(count);
}
