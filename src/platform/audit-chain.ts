import { createHash } from 'node:crypto';
import { PurposeKeys, type Secrets } from './crypto';

// The audit trail's chain, as pure rules: what each row's MAC covers, what the per-partition head row holds, and how
// a partition's rows are checked. Storage is in audit.ts; the command that runs the check is src/audit-verify.ts.

/** The RowKey of a partition's head row. Entry RowKeys are digits (newestFirstKey), so it never collides with one. */
export const HEAD_KEY = 'head';
/** What the first row of a partition chains to. */
export const GENESIS = 'genesis';

/** The chained fields of one audit row as stored (besides its keys). */
export interface ChainedRow {
  readonly partitionKey: string;
  readonly rowKey: string;
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly outcome: string;
  readonly target: string;
  readonly detail: string;
  /** The previous row's hash (GENESIS for the first row of the partition). */
  readonly prev: string;
  /** SHA-256 of the fields above: the link the next row chains to. */
  readonly hash: string;
  /** Key id of the secret that made `mac`. */
  readonly key: string;
  /** HMAC of `hash` under that key: only the app can sign a link. */
  readonly mac: string;
}

/**
 * The head row of a partition: the last row's sequence number and hash, and where retention cut the chain (rows
 * before `cutSeq` were deleted on purpose; the first kept row chains to `cutPrev`). Signed, and re-signed at every
 * append and purge, with the current key.
 */
export interface Head {
  readonly partitionKey: string;
  readonly seq: number;
  readonly hash: string;
  readonly cutSeq: number;
  readonly cutPrev: string;
  readonly key: string;
  readonly mac: string;
}

/**
 * The chain's keys: HMAC-SHA256 under a key derived (HKDF, purpose `audit-chain`) from the app's secret, which lives
 * in Key Vault, not in storage. The links are plain SHA-256, which anyone who can write to the table could recompute
 * after changing a row; the signatures on the rows and on the head are what they cannot make. During a rotation
 * every configured secret checks; new rows and heads are signed with the current one.
 */
export class AuditChainKeys {
  private readonly byId: Map<string, PurposeKeys>;
  private readonly current: PurposeKeys;

  constructor(secrets: Secrets) {
    const all = [secrets.current, ...(secrets.previous ?? [])].map((s) => new PurposeKeys(s, 'audit-chain'));
    this.current = all[0]!;
    this.byId = new Map(all.map((k) => [k.keyId, k]));
  }

  /** The key id new rows and heads are signed under. */
  get keyId(): string {
    return this.current.keyId;
  }

  /** A new row's link and signature. */
  sign(row: Omit<ChainedRow, 'hash' | 'key' | 'mac'>): Pick<ChainedRow, 'hash' | 'key' | 'mac'> {
    const hash = linkOf(row);
    return { hash, key: this.current.keyId, mac: this.current.tag('audit-row', row.partitionKey, hash) };
  }

  /** A head's signature under the current key. */
  signHead(head: Omit<Head, 'mac' | 'key'>): Head {
    return { ...head, key: this.current.keyId, mac: this.current.tag('audit-head', headContent(head)) };
  }

  /**
   * `altered` when the fields do not give the stored link, or the link's signature is wrong under a key this app
   * holds; `retired-key` when it was signed by a key no longer configured (the link is still checked, and the head,
   * always signed with a current key, covers every link before it).
   */
  checkRow(row: ChainedRow): 'valid' | 'altered' | 'retired-key' {
    if (linkOf(row) !== row.hash) return 'altered';
    const keys = this.byId.get(row.key);
    if (!keys) return 'retired-key';
    return keys.tag('audit-row', row.partitionKey, row.hash) === row.mac ? 'valid' : 'altered';
  }

  /** `valid`, `altered`, or `retired-key` (signed by a key no longer configured: re-sign during a rotation). */
  checkHead(head: Head): 'valid' | 'altered' | 'retired-key' {
    const keys = this.byId.get(head.key);
    if (!keys) return 'retired-key';
    return keys.tag('audit-head', headContent(head)) === head.mac ? 'valid' : 'altered';
  }
}

// JSON of the fields in a fixed order: unambiguous whatever the fields hold (a separator could be typed into detail).
const linkOf = (r: Omit<ChainedRow, 'hash' | 'key' | 'mac'>): string =>
  createHash('sha256')
    .update(
      JSON.stringify([r.partitionKey, r.rowKey, r.seq, r.at, r.actor, r.action, r.outcome, r.target, r.detail, r.prev]),
    )
    .digest('hex');
const headContent = (h: Omit<Head, 'mac' | 'key'>): string =>
  JSON.stringify([h.partitionKey, h.seq, h.hash, h.cutSeq, h.cutPrev]);

/** What the check found in one partition: the first fault, or `ok` with what it could not check. */
export type PartitionCheck =
  | { kind: 'ok'; rows: number; unchained: number; retiredKey: number }
  | { kind: 'altered'; rowKey: string; seq: number }
  | { kind: 'removed'; seq: number; before?: string }
  | { kind: 'inserted'; rowKey: string; seq?: number }
  | { kind: 'head-altered' }
  | { kind: 'head-retired' }
  | { kind: 'head-missing' };

/** One partition's rows as read: its head (if any), its chained rows, and rows without a hash. */
export interface PartitionRows {
  readonly head?: Head;
  readonly chained: readonly ChainedRow[];
  /** RowKeys of rows with no hash: written before the chain began, or inserted by someone without the key. */
  readonly unchained: readonly string[];
}

/**
 * Checks one partition from the cut (or its first row) to the head: every row's link and signature right, numbered
 * one after another, each chaining to the one before, the last one the head's. Reports the first fault in chain order.
 * Rows numbered before the cut are ones a purge is still deleting: not checked.
 */
export function checkPartition(keys: AuditChainKeys, p: PartitionRows): PartitionCheck {
  const { head } = p;
  if (!head) return p.chained.length > 0 ? { kind: 'head-missing' } : ok(0, p.unchained.length, 0);
  const headCheck = keys.checkHead(head);
  if (headCheck === 'altered') return { kind: 'head-altered' };
  const from = head.cutSeq > 0 ? head.cutSeq : 1;
  const bySeq = new Map<number, ChainedRow[]>();
  for (const r of p.chained) bySeq.set(r.seq, [...(bySeq.get(r.seq) ?? []), r]);
  let prev = head.cutSeq > 0 ? head.cutPrev : GENESIS;
  let retired = 0;
  for (let seq = from; seq <= head.seq; seq++) {
    const found = bySeq.get(seq) ?? [];
    if (found.length === 0) return { kind: 'removed', seq, before: bySeq.get(seq + 1)?.[0]?.rowKey };
    if (found.length > 1) {
      const odd = found.find((r) => keys.checkRow(r) === 'altered' || r.prev !== prev) ?? found[1]!;
      return { kind: 'inserted', rowKey: odd.rowKey, seq };
    }
    const row = found[0]!;
    const check = keys.checkRow(row);
    // Keys only move forward: once a row is signed by a key this app holds, no later row may name one it does not.
    const unknownAfterKnown = check === 'retired-key' && seq - from > retired;
    if (check === 'altered' || unknownAfterKnown) return { kind: 'altered', rowKey: row.rowKey, seq };
    if (row.prev !== prev) return { kind: 'removed', seq: seq - 1, before: row.rowKey };
    if (check === 'retired-key') retired++;
    prev = row.hash;
  }
  const rows = Math.max(0, head.seq - from + 1);
  // The head is re-signed at every append: signed by a key no longer held, it may only follow rows that are too.
  if (headCheck === 'retired-key') return { kind: rows > retired ? 'head-altered' : 'head-retired' };
  if (rows > 0 && prev !== head.hash) return { kind: 'head-altered' };
  const beyond = p.chained.find((r) => r.seq > head.seq || !Number.isInteger(r.seq) || r.seq < 1);
  if (beyond) return { kind: 'inserted', rowKey: beyond.rowKey, seq: beyond.seq };
  // Rows without a hash pass only as older than the chain (written before it began): RowKeys sort newest first, so
  // such a row's RowKey is greater than every chained row's.
  const oldestChained = p.chained.reduce((m, r) => (r.rowKey > m ? r.rowKey : m), '');
  const late = p.unchained.find((k) => k < oldestChained);
  if (late) return { kind: 'inserted', rowKey: late };
  return ok(p.chained.filter((r) => r.seq >= from).length, p.unchained.length, retired);
}

const ok = (rows: number, unchained: number, retiredKey: number): PartitionCheck => ({
  kind: 'ok',
  rows,
  unchained,
  retiredKey,
});

/** One line for a partition's result, as the verify command prints it. Keys and numbers only, never what rows say. */
export function describeCheck(partition: string, c: PartitionCheck): string {
  switch (c.kind) {
    case 'ok': {
      const notes = [
        c.unchained ? `${c.unchained} older unchained row(s) not checked` : '',
        c.retiredKey ? `${c.retiredKey} row(s) signed by a retired key checked for order only` : '',
      ].filter(Boolean);
      return `${partition}: ok (${c.rows} chained row(s)${notes.length ? `; ${notes.join('; ')}` : ''})`;
    }
    case 'altered':
      return `${partition}: FAILED: row ${c.rowKey} (number ${c.seq}) was altered`;
    case 'removed':
      return `${partition}: FAILED: row number ${c.seq} was removed${c.before ? ` (the gap is before row ${c.before})` : ''}`;
    case 'inserted':
      return `${partition}: FAILED: row ${c.rowKey}${c.seq !== undefined ? ` (claims number ${c.seq})` : ''} was inserted out of order`;
    case 'head-altered':
      return `${partition}: FAILED: the head row was altered`;
    case 'head-retired':
      return `${partition}: FAILED: the head row is signed by a key this app does not hold (a retired key not re-signed during its rotation, or a forgery)`;
    case 'head-missing':
      return `${partition}: FAILED: the head row was removed`;
  }
}
