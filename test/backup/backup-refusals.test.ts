import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { OWNED } from '../../src/app';
import { assembleBackup } from '../../src/backup';
import { openCore } from '../../src/core';
import { createLog } from '../../src/platform/log';
import { TableJobLease } from '../../src/platform/lease';
import { Scheduler } from '../../src/platform/scheduler';
import { user } from '../support/activities';
import { allEntities, startHarness, testConfig, uniqueNamespace, type Harness } from '../support/harness';
import { installPeople } from '../support/surveys';
import { makeExecutive } from '../actions/support';
import { appEnv, backupsContainer, everyRow, runCommand, tableOf } from './support';

/** Replaces a blob's content, as someone who can write to the container (before its policy locks it) could. */
async function overwrite(blobName: string, change: (text: string) => string): Promise<void> {
  const blob = backupsContainer().getBlockBlobClient(blobName);
  const text = change(gunzipSync(await blob.downloadToBuffer()).toString('utf8'));
  const bytes = gzipSync(text);
  await blob.upload(bytes, bytes.length);
}

/** The blob names of a backup: its manifest and each table's file. */
async function blobsOf(namespace: string, name: string): Promise<{ manifest: string; files: Map<string, string> }> {
  const files = new Map<string, string>();
  for await (const b of backupsContainer().listBlobsFlat({ prefix: `${namespace}/${name}/` }))
    if (!b.name.endsWith('manifest.json')) files.set(b.name.split('/').at(-1)!.split('.')[0]!, b.name);
  return { manifest: `${namespace}/${name}/manifest.json`, files };
}

describe('a backup that is not what the app wrote, or a namespace that is not empty', () => {
  const admin = user('Ann Admin');
  let h: Harness;
  const restore = (name: string, into: string) =>
    runCommand('src/restore.ts', [name, '--namespace', into], appEnv(h.namespace));

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId] });
    await installPeople(h, 3);
    await makeExecutive(h, admin, user('Evan Executive'));
    await h.stop();
  }, 60_000);

  it('refuses a backup whose file was changed, and writes nothing', async () => {
    const outcome = await h.app.backup.backups.run(new Date('2026-12-01T03:30:00Z'));
    expect(outcome.kind).toBe('written');
    const { files } = await blobsOf(h.namespace, '2026-12-01T033000Z');
    await overwrite(files.get('roles')!, (text) => text.replace('"executive":true', '"admin":true'));

    const target = uniqueNamespace();
    const run = await restore('2026-12-01T033000Z', target);
    expect(run.output).toContain(
      'REFUSED: roles: the file is not the one the manifest names (its size or SHA-256 differs). Nothing was written.',
    );
    expect(run.code).toBe(1);
    expect(await everyRow(target)).toEqual({});
  }, 60_000);

  it('refuses a backup whose manifest was changed to match a changed file, and writes nothing', async () => {
    await h.app.backup.backups.run(new Date('2026-12-02T03:30:00Z'));
    const { manifest, files } = await blobsOf(h.namespace, '2026-12-02T033000Z');
    await overwrite(files.get('roles')!, (text) => text.replace('"executive":true', '"admin":true'));
    // Whoever changed the file also makes the manifest name it: its size and checksum, but not its signature.
    const file = backupsContainer().getBlockBlobClient(files.get('roles')!);
    const changed = await file.downloadToBuffer();
    const blob = backupsContainer().getBlockBlobClient(manifest);
    const m = JSON.parse((await blob.downloadToBuffer()).toString('utf8'));
    const entry = m.files.find((f: { table: string }) => f.table === 'roles');
    entry.bytes = changed.length;
    entry.sha256 = createHash('sha256').update(changed).digest('hex');
    const text = JSON.stringify(m);
    await blob.upload(text, text.length);

    const target = uniqueNamespace();
    const run = await restore('2026-12-02T033000Z', target);
    expect(run.output).toContain("REFUSED: the manifest's signature does not check out");
    expect(run.code).toBe(1);
    expect(await everyRow(target)).toEqual({});
  }, 60_000);

  it('refuses to restore into a namespace that holds rows, and changes none of them', async () => {
    await h.app.backup.backups.run(new Date('2026-12-03T03:30:00Z'));
    const before = await everyRow(h.namespace);
    const run = await restore('2026-12-03T033000Z', h.namespace);
    expect(run.output).toMatch(/REFUSED: namespace "\w+" is not empty \(.*roles.*\): restore into a new namespace/);
    expect(run.code).toBe(1);
    expect(await everyRow(h.namespace)).toEqual(before);
  }, 60_000);
});

describe('the backup job across two processes', () => {
  const namespace = uniqueNamespace();
  // Two processes' cores and their backup features, over one storage account.
  const processes = [0, 1].map(() => {
    const { core } = openCore({ ...testConfig({ namespace }), log: { level: 'silent' } }, {}, OWNED);
    return { core, backup: assembleBackup(core, OWNED) };
  });

  beforeAll(() => processes[0]!.core.storage.create());

  it('runs each tick once, in one process, when both schedule it', async () => {
    const runs: { process: number; tick: string; kind: string }[] = [];
    const log = createLog('silent');
    const schedulers = processes.map(({ core, backup }, i) => {
      const [job] = backup.jobs!;
      const lease = new TableJobLease(core.leases, core.processId);
      const scheduler = new Scheduler({ lease, log, timeZone: 'Europe/London' });
      // The job itself, every second instead of daily.
      scheduler.schedule(job!.name, '* * * * * *', async (tick) => {
        const outcome = (await job!.run(tick)) as { kind: string };
        runs.push({ process: i, tick: tick.toISOString(), kind: outcome.kind });
      });
      return scheduler;
    });
    await new Promise((r) => setTimeout(r, 3500));
    await Promise.all(schedulers.map((s) => s.stop()));

    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(new Set(runs.map((r) => r.tick)).size).toBe(runs.length); // no tick ran twice
    expect(runs.every((r) => r.kind === 'written')).toBe(true);
    const written = (await allEntities(tableOf(namespace, 'audit'))).filter((e) => e.action === 'backup.write');
    expect(written).toHaveLength(runs.length);
  }, 60_000);

  it('finishes a tick once when two runs of it meet: the manifest is written where there is none', async () => {
    const tick = new Date('2026-12-04T03:30:00Z');
    const outcomes = await Promise.all(processes.map(({ backup }) => backup.api.backups.run(tick)));
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['exists', 'written']);
    const manifests: string[] = [];
    for await (const b of backupsContainer().listBlobsFlat({ prefix: `${namespace}/2026-12-04T033000Z/` }))
      if (b.name.endsWith('manifest.json')) manifests.push(b.name);
    expect(manifests).toHaveLength(1);
  }, 60_000);
});
