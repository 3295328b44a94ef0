import type { CheckedPartition } from '../platform/audit-check';
import type { BlobBackupContainer } from './backup-container.store';
import {
  checkManifest,
  fileMismatch,
  type BackupFile,
  type FoundFile,
  type Manifest,
  type ManifestKeys,
} from './manifest';
import { entityOf, parseRowLine, RowDigest, rowFromEntity, rowLine } from './rows';
import type { TableCopy } from './table-copy.store';

/** What a restore did, or why it wrote nothing. */
export type RestoreOutcome =
  | { kind: 'no-backup'; name: string }
  /** The backup is not what the app wrote: a changed, missing or unsigned manifest or file. Nothing was written. */
  | { kind: 'refused'; reason: string }
  /** Tables of the target namespace hold rows already. Nothing was written. */
  | { kind: 'not-empty'; tables: string[] }
  | {
      kind: 'restored';
      manifest: Manifest;
      /** Restored tables whose rows are not the backup's (none, when the restore went right). */
      mismatches: string[];
      /** The restored audit trail's chain, partition by partition (undefined when the backup has no audit table). */
      audit?: CheckedPartition[];
    };

/**
 * Restores a backup into an empty namespace: first checks everything (the manifest's signature, and each file's
 * size, checksum, row count and rows against it), then that every table it would write is empty or absent, and only
 * then writes, each file exactly as checked (read again only if unchanged since). Afterwards it reads every restored
 * table back against the manifest and checks the restored audit trail's chain.
 */
export class RestoreService {
  constructor(
    private readonly deps: {
      /** The backups of the namespace they were taken of. */
      source: BlobBackupContainer;
      namespace: string;
      keys: ManifestKeys;
      /** A table of the namespace restored into. */
      target: (table: string) => TableCopy;
      /** Checks the chain of the restored audit table. */
      checkAudit: () => Promise<CheckedPartition[]>;
      /** Progress, one line at a time: names and numbers only. */
      say: (line: string) => void;
    },
  ) {}

  /** The namespace's finished backups, oldest first. */
  names(): Promise<string[]> {
    return this.deps.source.names();
  }

  async restore(name: string): Promise<RestoreOutcome> {
    const { deps } = this;
    const text = await deps.source.readManifest(name);
    if (text === undefined) return { kind: 'no-backup', name };
    const check = checkManifest(deps.keys, text, { name, namespace: deps.namespace });
    if (check.kind === 'refused') return check;
    const { manifest } = check;
    const etags = new Map<string, string>();
    for (const file of manifest.files) {
      const found = await this.readFile(name, file);
      const mismatch = found.badLine ? `${file.table}: line ${found.badLine} is not a row` : fileMismatch(file, found);
      if (mismatch) return { kind: 'refused', reason: mismatch };
      etags.set(file.table, found.etag);
    }
    const rows = manifest.files.reduce((n, f) => n + f.rows, 0);
    deps.say(
      `backup ${name}: taken ${manifest.takenAt} by version ${manifest.appVersion}; manifest signed (key ${manifest.key}); ` +
        `${manifest.files.length} file(s), ${rows} row(s), each file's checksum, row count and rows as the manifest says`,
    );
    const full: string[] = [];
    for (const file of manifest.files) if (await deps.target(file.table).hasRows()) full.push(file.table);
    if (full.length > 0) return { kind: 'not-empty', tables: full };

    for (const file of manifest.files) {
      await this.writeTable(name, file, etags.get(file.table)!);
      deps.say(`${file.table}: ${file.rows} row(s) written`);
    }
    const mismatches: string[] = [];
    for (const file of manifest.files) {
      const back = await this.readTable(file.table);
      if (back.rows !== file.rows)
        mismatches.push(`${file.table}: ${back.rows} row(s) restored, ${file.rows} backed up`);
      else if (back.content !== file.content) mismatches.push(`${file.table}: the restored rows are not the backup's`);
    }
    const audit = manifest.files.some((f) => f.table === 'audit') ? await deps.checkAudit() : undefined;
    return { kind: 'restored', manifest, mismatches, audit };
  }

  /** A file as stored: its size, checksum, rows and their digest, and the first line that is not a row. */
  private async readFile(name: string, file: BackupFile): Promise<FoundFile & { etag: string; badLine?: number }> {
    const digest = new RowDigest();
    let badLine: number | undefined;
    const stored = await this.deps.source.readFile(name, file.file, (line) => {
      digest.add(line);
      if (badLine === undefined && !parseRowLine(line)) badLine = digest.rows;
    });
    return { ...stored, rows: digest.rows, content: digest.hex(), badLine };
  }

  private async writeTable(name: string, file: BackupFile, etag: string): Promise<void> {
    const writer = await this.deps.target(file.table).writer();
    await this.deps.source.readFile(
      name,
      file.file,
      (line) => writer.add(entityOf(parseRowLine(line)!), line.length),
      etag,
    );
    await writer.close();
  }

  /** A restored table read back: its rows and their digest, as the backup computed them. */
  private async readTable(table: string): Promise<{ rows: number; content: string }> {
    const digest = new RowDigest();
    for await (const entity of this.deps.target(table).rows()) digest.add(rowLine(rowFromEntity(entity)));
    return { rows: digest.rows, content: digest.hex() };
  }
}
