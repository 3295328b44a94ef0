import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { TableClient } from '@azure/data-tables';
import { TableAuditLog, TableAuditPurge } from '../../src/platform/audit';
import { AuditChainKeys, describeCheck, HEAD_KEY, type Head } from '../../src/platform/audit-chain';
import { TableAuditCheck } from '../../src/platform/audit-check';
import { ManualClock } from '../../src/platform/clock';
import { newSealingKey } from '../../src/platform/crypto';
import { newestFirstKey } from '../../src/platform/keys';
import { allEntities, testConnectionString, uniqueNamespace } from '../support/harness';

const DAY = 24 * 60 * 60 * 1000;
const CASE = 'FTSU-2026-0001';

/**
 * The audit trail as someone with write access to the storage account (but not the app's key, kept in Key Vault)
 * would try it: change a row, delete one, add one. Each is found by the check `npm run audit:verify` runs.
 */
describe('the audit trail is tamper-evident', () => {
  const secret = newSealingKey();
  const chain = new AuditChainKeys({ current: secret });
  let table: TableClient;
  let clock: ManualClock;
  let log: TableAuditLog;

  const check = () => new TableAuditCheck({ table, chain }).checkAll();
  const resultOf = async (partition: string) => (await check()).find((r) => r.partition === partition)?.check;
  const rowsOf = async (partition: string) =>
    (await allEntities(table))
      .filter((e) => e.partitionKey === partition && e.rowKey !== HEAD_KEY)
      .sort((a, b) => Number(a.seq) - Number(b.seq));
  const append = async (scope: string, n: number) => {
    for (let i = 0; i < n; i++) {
      clock.advance(60_000);
      await log.record({ scope, actor: 'system', action: `test.step${i}`, outcome: 'done', detail: `step ${i}` });
    }
  };

  beforeEach(async () => {
    table = TableClient.fromConnectionString(testConnectionString(), `${uniqueNamespace()}audit`, {
      allowInsecureConnection: true,
    });
    await table.createTable();
    clock = new ManualClock('2026-12-01T09:00:00Z');
    log = new TableAuditLog({ table, clock, chain });
    await append('admin', 6);
    await append(CASE, 4);
  });
  afterEach(() => table.deleteTable());

  it('verifies a clean chain in every partition, and still lists the latest entries newest first', async () => {
    expect((await check()).map((r) => describeCheck(r.partition, r.check))).toEqual([
      `${CASE}: ok (4 chained row(s))`,
      'admin: ok (6 chained row(s))',
    ]);
    expect((await log.latest('admin', 3)).map((e) => e.action)).toEqual(['test.step5', 'test.step4', 'test.step3']);
    expect((await rowsOf('admin')).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('numbers and chains appends from two processes at once without a gap or a fork', async () => {
    const other = new TableAuditLog({ table, clock, chain });
    await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        (i % 2 ? log : other).record({ scope: CASE, actor: 'system', action: 'test.burst', outcome: 'done' }),
      ),
    );
    expect((await rowsOf(CASE)).map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set((await rowsOf(CASE)).map((r) => r.prev)).size).toBe(20);
    expect(await resultOf(CASE)).toMatchObject({ kind: 'ok', rows: 20 });
  });

  it('finds an altered row: its detail changed in the table', async () => {
    const third = (await rowsOf('admin'))[2]!;
    await table.updateEntity(
      { partitionKey: 'admin', rowKey: String(third.rowKey), detail: 'nothing to see' },
      'Merge',
    );
    expect(await resultOf('admin')).toEqual({ kind: 'altered', rowKey: third.rowKey, seq: 3 });
    expect(await resultOf(CASE)).toMatchObject({ kind: 'ok' });
  });

  it('finds an altered row even when the writer recomputed every hash after it (they cannot sign)', async () => {
    const rows = await rowsOf('admin');
    await forgeFrom(table, rows, 2, 'someone else', forgerWithout());
    expect(await resultOf('admin')).toEqual({ kind: 'altered', rowKey: rows[2]!.rowKey, seq: 3 });
  });

  it('is only as strong as the key: a writer who holds the key could rewrite the chain unnoticed', async () => {
    // The protection switched off: the forger signs with the app's own key, as an unkeyed chain would let anyone.
    const rows = await rowsOf('admin');
    await forgeFrom(table, rows, 2, 'someone else', chain);
    expect(await resultOf('admin')).toMatchObject({ kind: 'ok', rows: 6 });
  });

  it('finds a removed row in the middle and at the newest end', async () => {
    const rows = await rowsOf('admin');
    await table.deleteEntity('admin', String(rows[3]!.rowKey));
    expect(await resultOf('admin')).toEqual({ kind: 'removed', seq: 4, before: rows[4]!.rowKey });
    const caseRows = await rowsOf(CASE);
    await table.deleteEntity(CASE, String(caseRows.at(-1)!.rowKey));
    expect(await resultOf(CASE)).toEqual({ kind: 'removed', seq: 4, before: undefined });
  });

  it('finds a row inserted out of order: a copy under a new key, and one written without the chain', async () => {
    const rows = await rowsOf('admin');
    const { etag: _etag, timestamp: _ts, ...copy } = rows[1]!;
    await table.createEntity({
      ...copy,
      partitionKey: 'admin',
      rowKey: `${String(rows[1]!.rowKey)}-x`,
      actor: 'mallory',
    });
    expect(await resultOf('admin')).toEqual({ kind: 'inserted', rowKey: `${String(rows[1]!.rowKey)}-x`, seq: 2 });

    const newer = newestFirstKey(clock.now(), 'abcd'); // newer than every chained row
    await table.createEntity({
      partitionKey: CASE,
      rowKey: newer,
      at: clock.now().toISOString(),
      action: 'case.close',
    });
    expect(await resultOf(CASE)).toEqual({ kind: 'inserted', rowKey: newer });
  });

  it('finds a head row removed or rewritten', async () => {
    await table.deleteEntity(CASE, HEAD_KEY);
    expect(await resultOf(CASE)).toEqual({ kind: 'head-missing' });
    await table.updateEntity({ partitionKey: 'admin', rowKey: HEAD_KEY, seq: 5 }, 'Merge');
    expect(await resultOf('admin')).toEqual({ kind: 'head-altered' });
  });

  it('still verifies after retention deletes the oldest rows, and finds a further row removed below the cut', async () => {
    clock.advance(10 * DAY);
    await append('admin', 2); // rows 7 and 8, written ten days after the others
    const purge = new TableAuditPurge({ table, chain });
    const cutoff = new Date(clock.now().getTime() - 5 * DAY);
    const [a, b] = await Promise.all([purge.deleteWrittenBefore(cutoff), purge.deleteWrittenBefore(cutoff)]);
    expect(a + b).toBe(10); // six admin rows and the case's four, whichever process deleted each
    expect((await rowsOf('admin')).map((r) => r.seq)).toEqual([7, 8]);
    expect((await allEntities(table)).filter((e) => e.partitionKey === CASE)).toEqual([]); // its head went too
    expect(await check()).toEqual([
      { partition: 'admin', check: { kind: 'ok', rows: 2, unchained: 0, retiredKey: 0 } },
    ]);
    expect(await purge.deleteWrittenBefore(cutoff)).toBe(0);

    await append('admin', 1);
    expect(await resultOf('admin')).toMatchObject({ kind: 'ok', rows: 3 });
    await table.deleteEntity('admin', String((await rowsOf('admin'))[0]!.rowKey)); // row 7: not the purge's to take
    expect(await resultOf('admin')).toEqual({ kind: 'removed', seq: 7, before: (await rowsOf('admin'))[0]!.rowKey });
  });

  it('checks rows signed by a key since retired by their links, once the head is re-signed during the rotation', async () => {
    const next = newSealingKey();
    const rotating = new AuditChainKeys({ current: next, previous: [secret] });
    const results = await new TableAuditCheck({ table, chain: rotating }).checkAll({ resign: true });
    expect(results.every((r) => r.check.kind === 'ok')).toBe(true);
    const after = new TableAuditCheck({ table, chain: new AuditChainKeys({ current: next }) });
    expect((await after.checkAll()).map((r) => r.check)).toEqual([
      { kind: 'ok', rows: 4, unchained: 0, retiredKey: 4 },
      { kind: 'ok', rows: 6, unchained: 0, retiredKey: 6 },
    ]);
    // A row signed by the retired key, changed with every hash after it recomputed: the re-signed head does not match.
    await forgeFrom(table, await rowsOf('admin'), 1, 'someone else', forgerWithout());
    expect((await after.checkAll()).find((r) => r.partition === 'admin')?.check.kind).not.toBe('ok');
  });
});

/** Signs with a key of the forger's own (they do not hold the app's). */
const forgerWithout = () => new AuditChainKeys({ current: newSealingKey() });

/**
 * What a storage writer can do: change row `from`'s actor, recompute that row's hash and every later one's (SHA-256
 * needs no key), re-sign each with `signer`, and point the head at the new last hash (re-signed with `signer`).
 */
async function forgeFrom(
  table: TableClient,
  rows: Record<string, unknown>[],
  from: number,
  actor: string,
  signer: AuditChainKeys,
): Promise<void> {
  let prev = String(rows[from]!.prev);
  for (const r of rows.slice(from)) {
    const fields = {
      partitionKey: String(r.partitionKey),
      rowKey: String(r.rowKey),
      seq: Number(r.seq),
      at: String(r.at),
      actor: r === rows[from] ? actor : String(r.actor),
      action: String(r.action),
      outcome: String(r.outcome),
      target: String(r.target ?? ''),
      detail: String(r.detail ?? ''),
      prev,
    };
    const signed = { ...fields, ...signer.sign(fields) };
    expect(signed.hash).toBe(
      createHash('sha256')
        .update(JSON.stringify(Object.values(fields)))
        .digest('hex'),
    );
    await table.updateEntity(signed, 'Replace');
    prev = signed.hash;
  }
  const head = await table.getEntity<Record<string, unknown>>(String(rows[0]!.partitionKey), HEAD_KEY);
  const forged: Head = signer.signHead({
    partitionKey: String(head.partitionKey),
    seq: Number(head.seq),
    hash: prev,
    cutSeq: Number(head.cutSeq),
    cutPrev: String(head.cutPrev),
  });
  await table.updateEntity({ ...forged, rowKey: HEAD_KEY }, 'Replace');
}

describe('npm run audit:verify', () => {
  const namespace = uniqueNamespace();
  const secret = newSealingKey();
  const table = TableClient.fromConnectionString(testConnectionString(), `${namespace}audit`, {
    allowInsecureConnection: true,
  });
  // The app's own settings, as App Service gives them (storage by connection string here, Azurite's).
  const env = {
    BOT_ID: '00000000-0000-0000-0000-0000000000b0',
    BOT_TYPE: 'UserAssignedMsi',
    BOT_TENANT_ID: '00000000-0000-0000-0000-0000000000a0',
    STORAGE_CONNECTION_STRING: testConnectionString(),
    STORAGE_NAMESPACE: namespace,
    SPEAKUP_ENCRYPTION_KEY: secret,
    ADMIN_AAD_OBJECT_IDS: '00000000-0000-0000-0000-0000000000c0',
    PUBLIC_BASE_URL: 'https://staff-voice.example.nhs.uk',
  };
  const run = () =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, ['-r', 'tsx/cjs', 'src/audit-verify.ts'], {
        env: { ...process.env, ...env },
        cwd: path.join(__dirname, '..', '..'),
      });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      child.once('exit', (code) => resolve({ code, output }));
    });

  beforeAll(async () => {
    await table.createTable();
    const log = new TableAuditLog({
      table,
      clock: new ManualClock('2026-12-01T09:00:00Z'),
      chain: new AuditChainKeys({ current: secret }),
    });
    for (const scope of ['admin', 'admin', CASE])
      await log.record({ scope, actor: 'system', action: 'test.step', outcome: 'done', detail: 'private words' });
  });
  afterAll(() => table.deleteTable());

  it('says ok for each partition and exits 0, then names the altered row and exits 1', async () => {
    const clean = await run();
    expect(clean.output).toContain(`${CASE}: ok (1 chained row(s))`);
    expect(clean.output).toContain('admin: ok (2 chained row(s))');
    expect(clean.code).toBe(0);

    const first = (await allEntities(table)).find((e) => e.partitionKey === 'admin' && e.seq === 1)!;
    await table.updateEntity({ partitionKey: 'admin', rowKey: String(first.rowKey), actor: 'someone' }, 'Merge');
    const tampered = await run();
    expect(tampered.output).toContain(`admin: FAILED: row ${String(first.rowKey)} (number 1) was altered`);
    expect(tampered.output).toContain('1 of 2 partition(s) FAILED');
    expect(tampered.output).not.toContain('private words');
    expect(tampered.code).toBe(1);
  }, 60_000);
});
