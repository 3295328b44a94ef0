import { randomBytes, randomUUID } from 'node:crypto';
import { OWNED } from '../../src/app';
import { assembleBackup, openRestore } from '../../src/backup';
import { TableCopy } from '../../src/backup/table-copy.store';
import { openCore } from '../../src/core';
import { tableClient } from '../../src/platform/tables';
import { testConfig, TEST_SEALING_KEY, uniqueNamespace } from '../support/harness';
import { benchStorage, sampleRss } from './bench-env';

// A trust's tables after two years (the default retention of responses and recipient rows): STAFF people asked in
// WAVES monthly waves, 40% answering, each wave's recipient rows (with a reminder row for those who did not answer).
const STAFF = Number(process.env.BENCH_STAFF ?? 8_000);
const WAVES = Number(process.env.BENCH_WAVES ?? 24);
const ANSWERING = 0.4;

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const base64 = (chars: number) =>
  randomBytes(Math.ceil((chars * 3) / 4))
    .toString('base64')
    .slice(0, chars);

/** Rows shaped like the app's: keys as its stores make them, values the sizes they are (sealed values as base64). */
function* seedRows(): Generator<{ table: string; row: Record<string, unknown> }> {
  const people = Array.from({ length: STAFF }, () => randomUUID());
  for (const id of people)
    yield { table: 'conversations', row: { partitionKey: 'user', rowKey: id, status: 'active', ref: base64(520) } };
  for (let w = 1; w <= WAVES; w++) {
    const wave = `a1b2c3d4e5-w${String(w).padStart(3, '0')}`;
    for (const id of people) {
      const row = { partitionKey: wave, rowKey: id, status: 'sent', attempts: 1, activityId: `1:${hex(12)}` };
      yield { table: 'deliveries', row };
    }
    for (const id of people.slice(0, Math.round(STAFF * (1 - ANSWERING))))
      yield { table: 'deliveries', row: { partitionKey: `${wave}-r`, rowKey: id, status: 'sent', attempts: 1 } };
    for (let i = 0; i < STAFF * ANSWERING; i++) {
      yield {
        table: 'responses',
        row: { partitionKey: wave, rowKey: hex(16), sealed: `v2:${hex(8)}:${base64(1400)}` },
      };
      yield { table: 'answered', row: { partitionKey: wave, rowKey: hex(20), at: 1 } };
    }
  }
  for (let i = 0; i < 5_000; i++)
    yield {
      table: 'audit',
      row: { partitionKey: 'admin', rowKey: hex(10), actor: randomUUID(), action: 'roles.grant' },
    };
}

/**
 * `npm run bench -- backup`: a trust's worth of rows (8,000 staff, 24 monthly waves: about 430,000 rows), backed up
 * by the daily job and restored by `npm run restore`'s service into a new namespace, each timed with its peak RSS.
 */
export async function runBackupBench(): Promise<string> {
  const azurite = await benchStorage();
  try {
    const namespace = uniqueNamespace();
    const config = { ...testConfig({ namespace }), log: { level: 'silent' as const } };
    const { core } = openCore(config, {}, OWNED);
    await core.storage.create();
    const seeded = Date.now();
    const writers = new Map<string, Awaited<ReturnType<TableCopy['writer']>>>();
    let rows = 0;
    for (const { table, row } of seedRows()) {
      if (!writers.has(table)) writers.set(table, await new TableCopy(core.storage.table(table)).writer());
      await writers.get(table)!.add(row, 2_000);
      rows++;
    }
    for (const writer of writers.values()) await writer.close();
    console.log(`seeded ${rows} rows in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);

    const backup = assembleBackup(core, OWNED);
    const idleRss = Math.round(process.memoryUsage().rss / (1024 * 1024));
    let rss = sampleRss();
    let started = Date.now();
    const outcome = await backup.api.backups.run(new Date('2026-12-08T03:30:00Z'));
    const backupSeconds = (Date.now() - started) / 1000;
    const backupRss = rss.stop();
    if (outcome.kind !== 'written') throw new Error(`backup: ${outcome.kind}`);

    const into = uniqueNamespace();
    const access = { kind: 'connection-string' as const, connectionString: azurite.connectionString };
    const restore = openRestore({
      access,
      from: namespace,
      into,
      secrets: { current: TEST_SEALING_KEY },
      say: () => {},
    });
    rss = sampleRss();
    started = Date.now();
    const restored = await restore.restore(outcome.name);
    const restoreSeconds = (Date.now() - started) / 1000;
    const restoreRss = rss.stop();
    if (restored.kind !== 'restored' || restored.mismatches.length > 0) throw new Error(`restore: ${restored.kind}`);
    let back = 0;
    for await (const _ of tableClient(access, `${into}responses`).listEntities({
      queryOptions: { select: ['RowKey'] },
    }))
      back++;
    return [
      `backup-restore (RSS before ${idleRss} MB): backup: ${outcome.rows} rows, ${(outcome.bytes / 1e6).toFixed(1)} MB gzipped, in ${backupSeconds.toFixed(1)} s`,
      `(${Math.round(outcome.rows / backupSeconds)} rows/s), peak RSS ${backupRss} MB;`,
      `restore (checks, write, read-back, audit check): ${restoreSeconds.toFixed(1)} s`,
      `(${Math.round(outcome.rows / restoreSeconds)} rows/s), peak RSS ${restoreRss} MB; responses restored ${back}`,
    ].join(' ');
  } finally {
    await azurite.stop();
  }
}
