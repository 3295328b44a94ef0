import type { RowSpace } from './row-space';

/** What the search found: nothing, a set of blocks (fewer than k people) the figures isolate, or too much to search. */
export type SearchOutcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'found'; readonly blocks: readonly number[] }
  | { readonly kind: 'gave-up' };

class GaveUp extends Error {}

interface SparseRow {
  readonly pivot: number;
  readonly cells: readonly (readonly [column: number, value: number])[];
}

/**
 * Protects small sets from subtraction: searches for a set of blocks with 1 to k−1 people in all whose indicator lies
 * in the row space of the published groups (so adding and subtracting published figures gives that set exactly).
 *
 * A vector x of the space is fixed by its values at the basis pivots (scale·x = Σ x[pivot]·row), so the search
 * chooses 0 or 1 for each pivot and propagates: every block must end at 0 or 1 (0 if it holds k or more people),
 * and the people counted stay under k. Pivots on blocks of k or more are 0 from the start. Rows that share no block
 * are searched separately (a smallest set lies within one such part). Exhaustive within `budget` nodes; past it the
 * answer is "gave up", never "none".
 */
export function findSmallRecoverableSet(
  space: RowSpace,
  sizes: readonly number[],
  k: number,
  budget: number,
): SearchOutcome {
  const rows: SparseRow[] = space.basis
    .filter((r) => sizes[r.pivot]! < k)
    .map((r) => ({ pivot: r.pivot, cells: r.entries.flatMap((v, c) => (v === 0 ? [] : [[c, v] as const])) }));
  const counter = { nodes: 0, budget };
  let gaveUp = false;
  for (const part of connectedParts(rows)) {
    try {
      const found = new PartSearch(part, sizes, k, space.scale, counter).run();
      if (found) return { kind: 'found', blocks: found };
    } catch (e) {
      if (!(e instanceof GaveUp)) throw e;
      gaveUp = true;
    }
  }
  return gaveUp ? { kind: 'gave-up' } : { kind: 'none' };
}

/** Depth-first search over one part's pivots, with each block's reachable range kept up to date. */
class PartSearch {
  private readonly cur = new Map<number, number>();
  private readonly pos = new Map<number, number>();
  private readonly neg = new Map<number, number>();
  private readonly left = new Map<number, number>();
  private weight = 0;

  constructor(
    private readonly rows: readonly SparseRow[],
    private readonly sizes: readonly number[],
    private readonly k: number,
    private readonly scale: number,
    private readonly counter: { nodes: number; budget: number },
  ) {
    for (const row of rows) {
      for (const [c, v] of row.cells) {
        this.cur.set(c, 0);
        if (v > 0) this.pos.set(c, (this.pos.get(c) ?? 0) + v);
        else this.neg.set(c, (this.neg.get(c) ?? 0) + v);
        this.left.set(c, (this.left.get(c) ?? 0) + 1);
      }
    }
  }

  run(): number[] | undefined {
    return this.visit(0, 0)
      ? [...this.cur]
          .filter(([, v]) => v === this.scale)
          .map(([c]) => c)
          .sort((a, b) => a - b)
      : undefined;
  }

  private visit(index: number, chosen: number): boolean {
    if (++this.counter.nodes > this.counter.budget) throw new GaveUp();
    if (index === this.rows.length) return chosen > 0 && this.weight < this.k;
    const row = this.rows[index]!;
    for (const z of [1, 0]) {
      if (this.apply(row, z, 1) && this.visit(index + 1, chosen + z)) return true;
      this.apply(row, z, -1);
    }
    return false;
  }

  /** Decides (direction 1) or undecides (−1) a pivot; false if some block can no longer end at 0 or 1, or k is reached. */
  private apply(row: SparseRow, z: number, direction: 1 | -1): boolean {
    let ok = true;
    for (const [c, v] of row.cells) {
      const before = this.forcedWeight(c);
      if (v > 0) this.pos.set(c, this.pos.get(c)! - direction * v);
      else this.neg.set(c, this.neg.get(c)! - direction * v);
      this.left.set(c, this.left.get(c)! - direction);
      if (z === 1) this.cur.set(c, this.cur.get(c)! + direction * v);
      const after = this.forcedWeight(c);
      this.weight += after - before;
      if (after < 0) ok = false;
    }
    return ok && this.weight < this.k;
  }

  /** People a block must contribute given what is decided: its size if it can only end at 1, 0 if it can end at 0, −1 if neither. */
  private forcedWeight(c: number): number {
    const cur = this.cur.get(c)!;
    const lo = cur + (this.neg.get(c) ?? 0);
    const hi = cur + (this.pos.get(c) ?? 0);
    if (lo <= 0 && 0 <= hi) return 0;
    const size = this.sizes[c]!;
    return size < this.k && lo <= this.scale && this.scale <= hi ? size : -1;
  }
}

/** Splits rows into parts that share no column, each ordered so that rows sharing columns come together. */
function connectedParts(rows: readonly SparseRow[]): SparseRow[][] {
  const parent = rows.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const owner = new Map<number, number>();
  rows.forEach((row, i) => {
    for (const [c] of row.cells) {
      const other = owner.get(c);
      if (other === undefined) owner.set(c, i);
      else parent[find(i)] = find(other);
    }
  });
  const parts = new Map<number, SparseRow[]>();
  rows.forEach((row, i) => {
    const root = find(i);
    const part = parts.get(root);
    if (part) part.push(row);
    else parts.set(root, [row]);
  });
  return [...parts.values()].map(ordered);
}

/** Most-connected first: each next row shares the most columns with those already placed (closing blocks early). */
function ordered(part: SparseRow[]): SparseRow[] {
  const out: SparseRow[] = [];
  const seen = new Set<number>();
  const rest = [...part].sort((a, b) => b.cells.length - a.cells.length);
  while (rest.length > 0) {
    let best = 0;
    let bestShared = -1;
    rest.forEach((row, i) => {
      const shared = row.cells.reduce((n, [c]) => n + (seen.has(c) ? 1 : 0), 0);
      if (shared > bestShared) [best, bestShared] = [i, shared];
    });
    const next = rest.splice(best, 1)[0]!;
    for (const [c] of next.cells) seen.add(c);
    out.push(next);
  }
  return out;
}
