/** The backup feature's face: the daily backup of every table to a blob container, and the restore that checks it. */
export { assembleBackup, BACKUP_CONTAINER, openRestore } from './feature';
export { isBackupName } from './manifest';
export type { RestoreOutcome } from './restore.service';
