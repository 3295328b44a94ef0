/**
 * Brute force for the overlap tests, written independently of src/results: exact bigint elimination, and every set of
 * blocks light enough to matter enumerated. Only for small instances.
 */

/** A basis of the (rational) null space of `rows` (each of length `columns`), as integer vectors. */
export function nullSpace(rows: readonly (readonly number[])[], columns: number): bigint[][] {
  const a = rows.map((r) => Array.from({ length: columns }, (_, c) => BigInt(r[c] ?? 0)));
  const pivots: number[] = [];
  for (let col = 0; col < columns && pivots.length < a.length; col++) {
    const r0 = pivots.length;
    const found = a.findIndex((row, r) => r >= r0 && row[col] !== 0n);
    if (found < 0) continue;
    [a[r0], a[found]] = [a[found]!, a[r0]!];
    const p = a[r0]![col]!;
    a.forEach((row, r) => {
      if (r === r0 || row[col] === 0n) return;
      const f = row[col]!;
      for (let c = 0; c < columns; c++) row[c] = p * row[c]! - f * a[r0]![c]!;
    });
    pivots.push(col);
  }
  const d = pivots.reduce((acc, col, i) => acc * a[i]![col]!, 1n);
  const free = Array.from({ length: columns }, (_, c) => c).filter((c) => !pivots.includes(c));
  return free.map((f) => {
    const y = new Array<bigint>(columns).fill(0n);
    y[f] = d;
    pivots.forEach((col, i) => (y[col] = (-a[i]![f]! * d) / a[i]![col]!));
    return y;
  });
}

/** True when x (0/1 over the columns) is a rational combination of the rows whose null space is `kernel`. */
export function inRowSpace(kernel: readonly bigint[][], x: readonly number[]): boolean {
  return kernel.every((y) => y.reduce((s, v, c) => s + v * BigInt(x[c] ?? 0), 0n) === 0n);
}

/** Every non-empty set of columns with total weight under `k` that the rows combine into exactly. */
export function smallRecoverableSets(
  rows: readonly (readonly number[])[],
  sizes: readonly number[],
  k: number,
): number[][] {
  const kernel = nullSpace(rows, sizes.length);
  const out: number[][] = [];
  const visit = (from: number, chosen: number[], weight: number) => {
    if (chosen.length > 0) {
      const x = sizes.map((_, c) => (chosen.includes(c) ? 1 : 0));
      if (inRowSpace(kernel, x)) out.push([...chosen]);
    }
    for (let c = from; c < sizes.length; c++) {
      if (weight + sizes[c]! >= k) continue;
      chosen.push(c);
      visit(c + 1, chosen, weight + sizes[c]!);
      chosen.pop();
    }
  };
  visit(0, [], 0);
  return out;
}

/**
 * Groups people (indices) into blocks: people every set contains alike. Returns each set as a 0/1 row over the
 * blocks, and the blocks' sizes.
 */
export function blocksOf(
  people: number,
  sets: readonly ReadonlySet<number>[],
): { rows: number[][]; sizes: number[]; blockOf: number[] } {
  const index = new Map<string, number>();
  const blockOf = Array.from({ length: people }, (_, p) => {
    const key = sets.map((s) => (s.has(p) ? 1 : 0)).join('');
    let b = index.get(key);
    if (b === undefined) index.set(key, (b = index.size));
    return b;
  });
  const sizes = new Array<number>(index.size).fill(0);
  blockOf.forEach((b) => sizes[b]!++);
  const rows = sets.map((s) => {
    const row = new Array<number>(index.size).fill(0);
    for (const p of s) row[blockOf[p]!] = 1;
    return row;
  });
  return { rows, sizes, blockOf };
}
