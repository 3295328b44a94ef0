import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Core } from '../core';
import { AuditChainKeys } from '../platform/audit-chain';
import { containerClient } from '../platform/blobs';
import { TableAuditCheck } from '../platform/audit-check';
import { KeyRing, type Secrets } from '../platform/crypto';
import type { Feature } from '../platform/feature';
import type { StorageAccess } from '../platform/storage';
import { tableClient } from '../platform/tables';
import { BlobBackupContainer } from './backup-container.store';
import { BACKUP_SCHEDULE, BackupService } from './backup.service';
import { MANIFEST_KEY_PURPOSE } from './manifest';
import { RestoreService } from './restore.service';
import { TableCopy } from './table-copy.store';

/** The blob container backups go to: made by the Bicep with versioning and a time-based immutability policy. */
export const BACKUP_CONTAINER = 'backups';

// The core's audit trail: its partitions end in a signed head, which a copy must keep in step with their rows.
const CHAINED_TABLE = 'audit';

/** What backup gives the process: the job's service, which tests run themselves. */
export interface BackupApi {
  readonly backups: BackupService;
}

/** The daily backup of every table the app owns (`tables`: OWNED.tables), assembled after every other feature. */
export function assembleBackup(core: Core, owned: { tables: readonly string[] }): Feature<BackupApi> {
  const { storage } = core;
  const backups = new BackupService({
    tables: owned.tables.map((name) => ({
      name,
      copy: new TableCopy(storage.table(name), { chained: name === CHAINED_TABLE }),
    })),
    container: new BlobBackupContainer(storage.container(BACKUP_CONTAINER), storage.namespace),
    keys: new KeyRing(core.settings.secrets, MANIFEST_KEY_PURPOSE),
    ...{ namespace: storage.namespace, appVersion: appVersion(), audit: core.audit, clock: core.clock, log: core.log },
  });
  return {
    api: { backups },
    jobs: [{ name: 'backup', schedule: BACKUP_SCHEDULE, run: (tick) => backups.run(tick) }],
  };
}

/**
 * The restore (`npm run restore`), outside the running app: the backups of `from` (the namespace they were taken
 * of), restored into the namespace `into`, checked with the app's secrets.
 */
export function openRestore(o: {
  access: StorageAccess;
  from: string;
  into: string;
  secrets: Secrets;
  say: (line: string) => void;
}): RestoreService {
  const target = (table: string) => tableClient(o.access, `${o.into}${table}`);
  return new RestoreService({
    source: new BlobBackupContainer(containerClient(o.access, BACKUP_CONTAINER), o.from),
    namespace: o.from,
    keys: new KeyRing(o.secrets, MANIFEST_KEY_PURPOSE),
    target: (table) => new TableCopy(target(table)),
    checkAudit: () =>
      new TableAuditCheck({ table: target(CHAINED_TABLE), chain: new AuditChainKeys(o.secrets) }).checkAll(),
    say: o.say,
  });
}

/** The version in package.json (deployed beside dist/), as the manifest records it. */
function appVersion(): string {
  const file = path.join(__dirname, '..', '..', 'package.json');
  return String((JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version ?? 'unknown');
}
