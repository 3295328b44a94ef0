import type { TransactionAction } from '@azure/data-tables';
import { TableCopy } from '../../src/backup/table-copy.store';
import { newestFirstKey } from '../../src/platform/keys';
import { uniqueNamespace } from '../support/harness';
import { tableOf } from './support';

const START = Date.parse('2026-12-01T09:00:00Z');
const row = (seq: number) => ({
  partitionKey: 'admin',
  rowKey: newestFirstKey(new Date(START + seq * 1000), 'a'),
  seq,
});

/**
 * The audit trail read while something appends to it: each partition's head comes last in the partition, a page or
 * more after its newest rows, so an append between the two would leave a copy whose head names a row it lacks.
 */
describe('copying an audit table that grows while it is read', () => {
  const table = tableOf(uniqueNamespace(), 'audit');
  // 1,200 rows: the service gives 1,000 a page, so the head is read a page after the newest rows.
  const ROWS = 1200;

  beforeAll(async () => {
    await table.createTable();
    for (let from = 1; from <= ROWS; from += 100) {
      const actions: TransactionAction[] = [];
      for (let seq = from; seq < from + 100; seq++) actions.push(['create', row(seq)]);
      await table.submitTransaction(actions);
    }
    await table.createEntity({ partitionKey: 'admin', rowKey: 'head', seq: ROWS });
  });

  /** Reads the table through `copy`, appending one row (and moving the head) once the first row has been read. */
  async function readWhileAppending(copy: TableCopy, seq: number): Promise<{ seqs: number[]; headSeq: number }> {
    const seqs: number[] = [];
    let headSeq = 0;
    for await (const e of copy.rows()) {
      const n = Number((e.seq as { value: string }).value);
      if (e.rowKey === 'head') headSeq = n;
      else seqs.push(n);
      if (seqs.length === 1 && e.rowKey !== 'head') {
        await table.createEntity(row(seq));
        await table.updateEntity({ partitionKey: 'admin', rowKey: 'head', seq }, 'Replace');
      }
    }
    return { seqs, headSeq };
  }

  it('reads a plain table in one pass: the head names a row the copy does not hold', async () => {
    const { seqs, headSeq } = await readWhileAppending(new TableCopy(table), ROWS + 1);
    expect(headSeq).toBe(ROWS + 1);
    expect(seqs).not.toContain(ROWS + 1); // the fault the audit table's copy must not have
  });

  it('catches up an audit partition before its head: every row the head names is in the copy, once', async () => {
    const { seqs, headSeq } = await readWhileAppending(new TableCopy(table, { chained: true }), ROWS + 2);
    expect(headSeq).toBe(ROWS + 2);
    expect(seqs).toContain(ROWS + 2);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(Math.max(...seqs)).toBe(headSeq);
  });
});
