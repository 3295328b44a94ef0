import type { TableAuditLog } from '../platform/audit';
import type { Clock } from '../platform/clock';
import type { Log } from '../platform/log';
import { randomId } from '../platform/random';
import { storageStatus } from '../platform/storage';
import type { BlobBackupContainer } from './backup-container.store';
import { backupName, signManifest, type BackupFile, type ManifestKeys } from './manifest';
import { RowDigest, rowFromEntity, rowLine } from './rows';
import type { TableCopy } from './table-copy.store';

/** When the job runs: daily at 03:30 in the schedule time zone, after the 02:30 purge, so nothing purged is kept. */
export const BACKUP_SCHEDULE = '30 3 * * *';

/** What a run did: wrote the tick's backup, or found it written already (by another process, or an earlier run). */
export type BackupOutcome =
  { kind: 'written'; name: string; tables: number; rows: number; bytes: number } | { kind: 'exists'; name: string };

/**
 * The daily backup: every table the app owns, copied row by row as stored (sealed values stay sealed; nothing is
 * opened) into the `backups` container, one gzip of JSON lines per table, then a manifest of row counts and
 * checksums signed with a key derived from the app's secret. The manifest is written last, so a backup without one
 * is unfinished and a restore refuses it. The scheduler's lease gives each day's tick to one process; should two
 * runs of one tick still meet, the manifest (written only where there is none) lets one of them finish it.
 */
export class BackupService {
  constructor(
    private readonly deps: {
      tables: readonly { readonly name: string; readonly copy: TableCopy }[];
      container: BlobBackupContainer;
      keys: ManifestKeys;
      namespace: string;
      appVersion: string;
      audit: TableAuditLog;
      clock: Clock;
      log: Log;
    },
  ) {}

  /** Backs up every table for the tick (its name is the tick's time), unless that backup exists already. */
  async run(tick: Date): Promise<BackupOutcome> {
    const name = backupName(tick);
    const { container } = this.deps;
    try {
      await container.ensure();
      if (await container.hasManifest(name)) return { kind: 'exists', name };
      const takenAt = this.deps.clock.now().toISOString();
      // Each run's files have names of their own: a run that stopped part-way leaves files no manifest names,
      // and a later run never needs to replace one.
      const run = randomId(4);
      const files: BackupFile[] = [];
      for (const { name: table, copy } of this.deps.tables)
        files.push(await this.copyOut(name, `${table}.${run}`, table, copy));
      const manifest = signManifest(this.deps.keys, {
        ...{ name, namespace: this.deps.namespace, takenAt, finishedAt: this.deps.clock.now().toISOString() },
        ...{ appVersion: this.deps.appVersion, files },
      });
      if (!(await container.writeManifest(name, `${JSON.stringify(manifest, null, 2)}\n`)))
        return { kind: 'exists', name };
      return await this.record(name, files);
    } catch (error) {
      // A storage error carries its request's URL: pass on its status, not the error.
      const status = storageStatus(error);
      if (status === undefined) throw error;
      await this.deps.audit
        .record({
          scope: 'admin',
          actor: 'system',
          action: 'backup.write',
          outcome: 'failed',
          target: name,
          detail: `storage answered ${status}`,
        })
        .catch(() => undefined);
      throw new Error(`Backup ${name}: storage answered ${status}; tomorrow's run takes a new backup`);
    }
  }

  /** Copies one table out to its file: rows as stored, counted and digested as they go. */
  private async copyOut(name: string, base: string, table: string, copy: TableCopy): Promise<BackupFile> {
    const digest = new RowDigest();
    const lines = async function* () {
      for await (const entity of copy.rows()) {
        const line = rowLine(rowFromEntity(entity));
        digest.add(line);
        yield `${line}\n`;
      }
    };
    const file = `${base}.jsonl.gz`;
    const stored = await this.deps.container.writeFile(name, file, lines());
    return { table, file, rows: digest.rows, bytes: stored.bytes, sha256: stored.sha256, content: digest.hex() };
  }

  /** The audit row and log line of a finished backup: its name and counts only. */
  private async record(name: string, files: readonly BackupFile[]): Promise<BackupOutcome> {
    const rows = files.reduce((n, f) => n + f.rows, 0);
    const bytes = files.reduce((n, f) => n + f.bytes, 0);
    const detail = `${files.length} tables, ${rows} rows, ${bytes} bytes`;
    await this.deps.audit.record({
      scope: 'admin',
      actor: 'system',
      action: 'backup.write',
      outcome: 'done',
      target: name,
      detail,
    });
    this.deps.log.info({ backup: name, tables: files.length, rows, bytes }, 'backup done');
    return { kind: 'written', name, tables: files.length, rows, bytes };
  }
}
