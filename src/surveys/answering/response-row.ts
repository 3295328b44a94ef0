import { z } from 'zod';
import type { Sealer } from '../../platform/crypto';

/**
 * The row format of a stored anonymous response (the `responses` table, and actions' `feedback` table): PartitionKey
 * the wave, RowKey the random response id, and one property, `sealed`: the answers, "about you" answers and (a wave
 * to chosen teams) the team the person was asked through, sealed with AES-256-GCM under the stored-responses key
 * (its own purpose, naming its key id so the re-seal job can move it), bound to the table, the partition and the row
 * key. A reader of storage, a copy or a backup learns how many responses a wave has, nothing more; a sealed value
 * copied to another wave, table or row does not open there.
 */
export const SEALED_PROPERTY = 'sealed';

/** What a stored response holds once opened (the shape `AnonymousResponses.ofWave` yields). */
export interface StoredAnswers {
  readonly answers: Record<string, string>;
  readonly about: Record<string, string>;
  /** The team id the person was asked through, in a wave to chosen teams (results' team breakdown); else absent. */
  readonly team?: string;
}

/** The entity as the table returns it: keys and whatever properties it has. */
export type ResponseEntity = { partitionKey: string; rowKey: string } & Record<string, unknown>;

/** The associated data of a stored response: the table (by its role), the partition (wave) and the row (response id). */
export const rowContext = (table: string, wave: string, id: string): string =>
  ['stored-response/v1', table, wave, id].join('\u0000');

const contents = z
  .object({
    answers: z.record(z.string(), z.string()),
    about: z.record(z.string(), z.string()),
    team: z.string().optional(),
  })
  .strict();

// AES-GCM keeps the plaintext's length: without padding, the length of a sealed row would tell a staff group or a
// directorate label (and whether a comment was written) from another. Padded with spaces (JSON ignores them) to a
// power of two, at least 1 KiB, rows differ in length only when a long comment pushes one into a larger size.
const MIN_PADDED_BYTES = 1024;

/** The plaintext padded to its size class, so a sealed row's length says nothing about what it holds. */
export function padded(json: string): string {
  const bytes = Buffer.byteLength(json, 'utf8');
  let size = MIN_PADDED_BYTES;
  while (size < bytes) size *= 2;
  return json + ' '.repeat(size - bytes);
}

/** The sealed row of one response. */
export function sealedRow(table: string, wave: string, id: string, r: StoredAnswers, keys: Sealer): ResponseEntity {
  const about = Object.fromEntries(Object.entries(r.about).filter(([, v]) => Boolean(v)));
  const plain = padded(JSON.stringify({ answers: r.answers, about, ...(r.team ? { team: r.team } : {}) }));
  return { partitionKey: wave, rowKey: id, [SEALED_PROPERTY]: keys.seal(plain, rowContext(table, wave, id)) };
}

/**
 * The row format before sealing (`a_<question>` and `about_<field>` in plain text): what the migration
 * (response-seal.service.ts) finds in storage from before the upgrade. Kept to read such rows until the migration is
 * complete, and for tests that write a wave the old way.
 */
export function plainRow(wave: string, id: string, r: StoredAnswers): ResponseEntity {
  const entity: ResponseEntity = { partitionKey: wave, rowKey: id };
  for (const [q, value] of Object.entries(r.answers)) entity[`a_${q}`] = value;
  for (const [field, value] of Object.entries(r.about)) if (value) entity[`about_${field}`] = value;
  return entity;
}

/** A stored row as read: sealed (opened), plain (from before the upgrade), or one that nothing opens. */
export type ReadRow =
  { kind: 'sealed'; response: StoredAnswers } | { kind: 'plain'; response: StoredAnswers } | { kind: 'unreadable' };

/** Reads a row of either format; a sealed value that does not open (another key, place or tampered) is `unreadable`. */
export function readRow(table: string, e: ResponseEntity, keys: Sealer): ReadRow {
  const sealed = e[SEALED_PROPERTY];
  if (typeof sealed === 'string') {
    try {
      const parsed = contents.safeParse(JSON.parse(keys.open(sealed, rowContext(table, e.partitionKey, e.rowKey))));
      return parsed.success ? { kind: 'sealed', response: parsed.data } : { kind: 'unreadable' };
    } catch {
      return { kind: 'unreadable' };
    }
  }
  const answers: Record<string, string> = {};
  const about: Record<string, string> = {};
  for (const [k, v] of Object.entries(e)) {
    if (k.startsWith('a_')) answers[k.slice(2)] = String(v);
    else if (k.startsWith('about_')) about[k.slice(6)] = String(v);
  }
  return { kind: 'plain', response: { answers, about } };
}

/** True for a row still in the plain format (no sealed value). */
export const isPlainRow = (e: Record<string, unknown>): boolean => typeof e[SEALED_PROPERTY] !== 'string';

/** Splits rows into transactions as equal as Azure's limit of 100 allows. */
export function equalParts<T>(rows: readonly T[]): T[][] {
  const parts = Math.ceil(rows.length / 100);
  const out: T[][] = [];
  for (let p = 0, start = 0; p < parts; p++) {
    const end = start + Math.ceil((rows.length - start) / (parts - p));
    out.push(rows.slice(start, end));
    start = end;
  }
  return out;
}
