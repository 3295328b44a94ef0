/**
 * Exact linear algebra behind overlap protection: which sets of people a reader can work out by adding and
 * subtracting published groups. A published figure is a count or a sum over its group, so every combination
 * Σ c_g·(group g) that comes out as the 0/1 indicator of a set S gives S's count and sums. Those combinations are the
 * rational row space of the groups' indicator vectors (one column per block of people). Integers only, never
 * floating point: "recoverable" is decided exactly, or the caller is told it is too complex and hides more.
 */

/** The numbers outgrew exact arithmetic: the caller must fall back to something coarser (never to a guess). */
export class TooComplexError extends Error {
  constructor() {
    super('Results: the overlap check outgrew exact arithmetic; a coarser breakdown is used instead');
  }
}

// Entries stay below 2^26, so a product of two stays below 2^52 and every step is exact in a double.
const LIMIT = 2 ** 26;

/** One row of the reduced basis: zero in every other row's pivot column. */
export interface BasisRow {
  readonly pivot: number;
  /** The row times `scale / pivot value`: then scale·x = Σ x[pivot]·entries over the basis, for x in the space. */
  readonly entries: readonly number[];
  /** The same multiple of the input rows that makes `entries` (scaled alike). */
  readonly combination: readonly number[];
}

/** The row space of a small integer matrix, reduced so that membership is one pass over the basis. */
export interface RowSpace {
  readonly columns: number;
  readonly basis: readonly BasisRow[];
  readonly scale: number;
}

/**
 * Reduces `rows` (each of length `columns`) exactly, choosing pivots in `columnOrder` (all columns by default).
 * Throws `TooComplexError` if an intermediate number would leave exact integer range.
 */
export function rowSpaceOf(
  rows: readonly (readonly number[])[],
  columns: number,
  columnOrder?: readonly number[],
): RowSpace {
  const height = rows.length;
  const width = columns + height; // the input rows, then an identity that records each row as a combination of them
  const a = rows.map((row, i) => {
    const out = new Array<number>(width).fill(0);
    for (let c = 0; c < columns; c++) out[c] = row[c] ?? 0;
    out[columns + i] = 1;
    return out;
  });
  const pivots: number[] = [];
  for (const col of columnOrder ?? Array.from({ length: columns }, (_, c) => c)) {
    const rank = pivots.length;
    if (rank === height) break;
    const best = smallestNonZero(a, col, rank);
    if (best < 0) continue;
    [a[rank], a[best]] = [a[best]!, a[rank]!];
    eliminate(a, rank, col);
    pivots.push(col);
  }
  const rank = pivots.length;
  let scale = 1;
  for (let i = 0; i < rank; i++) scale = lcm(scale, Math.abs(a[i]![pivots[i]!]!));
  const basis = a.slice(0, rank).map((row, i): BasisRow => {
    const multiple = scale / row[pivots[i]!]!;
    const scaled = row.map((v) => checked(v * multiple));
    return { pivot: pivots[i]!, entries: scaled.slice(0, columns), combination: scaled.slice(columns) };
  });
  return { columns, basis, scale };
}

/** True when the 0/1 (or any integer) vector `x` over the columns is a rational combination of the rows. */
export function contains(space: RowSpace, x: readonly number[]): boolean {
  const sum = combine(space, x, (row) => row.entries, space.columns);
  return sum.every((v, c) => v === space.scale * (x[c] ?? 0));
}

/** For `x` in the space: how much of each input row makes it (as multiples of 1/scale; zero for rows not needed). */
export function combinationOf(space: RowSpace, x: readonly number[], inputRows: number): number[] {
  return combine(space, x, (row) => row.combination, inputRows);
}

function combine(
  space: RowSpace,
  x: readonly number[],
  part: (row: BasisRow) => readonly number[],
  length: number,
): number[] {
  const sum = new Array<number>(length).fill(0);
  for (const row of space.basis) {
    const weight = x[row.pivot] ?? 0;
    if (weight === 0) continue;
    part(row).forEach((v, c) => (sum[c]! += weight * v));
  }
  return sum;
}

function smallestNonZero(a: number[][], col: number, from: number): number {
  let best = -1;
  for (let r = from; r < a.length; r++) {
    const v = Math.abs(a[r]![col]!);
    if (v !== 0 && (best < 0 || v < Math.abs(a[best]![col]!))) best = r;
    if (v === 1) break;
  }
  return best;
}

/** Clears column `col` in every row but `pivotRow` (fraction-free, each row divided by its gcd to stay small). */
function eliminate(a: number[][], pivotRow: number, col: number): void {
  const prow = a[pivotRow]!;
  const p = prow[col]!;
  for (let r = 0; r < a.length; r++) {
    const row = a[r]!;
    const f = row[col]!;
    if (r === pivotRow || f === 0) continue;
    let g = 0;
    for (let c = 0; c < row.length; c++) {
      const v = p * row[c]! - f * prow[c]!;
      row[c] = v;
      if (v !== 0) g = gcd(g, Math.abs(v));
    }
    for (let c = 0; c < row.length; c++) row[c] = checked(g > 1 ? row[c]! / g : row[c]!) + 0; // + 0 turns -0 into 0
  }
}

function checked(v: number): number {
  if (Math.abs(v) >= LIMIT) throw new TooComplexError();
  return v;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

const lcm = (a: number, b: number) => checked((a / gcd(a, b)) * b);
