import { randomUUID } from 'node:crypto';
import type { DestinationStream } from 'pino';
import type { AppConfig } from './config';
import { TableAuditLog, TableAuditPurge } from './platform/audit';
import { AuditChainKeys } from './platform/audit-chain';
import { systemClock, type Clock } from './platform/clock';
import { KeyRing, SpeakUpKeys, type Sealer, type TaggingSealer } from './platform/crypto';
import type { Feature, Owned } from './platform/feature';
import { createLog, type Log } from './platform/log';
import { storageAccess } from './platform/storage';
import { StorageRoom, type StoredTable } from './platform/storage-room';
import { auditPurgePart } from './platform/upkeep';
import { settingsFor, type Settings } from './settings';

export interface AppOptions {
  clock?: Clock;
  /** Where log lines go; tests pass a stream to read every line. */
  logDestination?: DestinationStream;
  /**
   * False in tests that run the scheduled jobs themselves (`surveys.waves.tick()`, `digest.sendWeeklyDigest()`,
   * `delivery.captures.flush()`) on a manual clock.
   */
  scheduledJobs?: boolean;
  /**
   * Replaces the survey answers' keys. Only the storage-attack test sets it, to switch sealing and keyed markers off
   * and show that its attack then succeeds (test/surveys/storage-attack.test.ts).
   */
  answerKeys?: TaggingSealer;
  /** Replaces the stored responses' keys: only the at-rest test sets it, to show its search finds plain rows. */
  storedResponseKeys?: Sealer;
}

/**
 * What every feature is built from: the config and the settings worked out from it, the process's clock, log and
 * name, the storage account, the keys, the audit trail and the `leases` table that jobs keep their state in.
 */
export interface Core {
  readonly config: AppConfig;
  readonly settings: Settings;
  readonly clock: Clock;
  readonly log: Log;
  /** This process's name in leases and claims. */
  readonly processId: string;
  readonly storage: StorageRoom;
  readonly keys: {
    /** Names the key set (its id and fingerprint) without revealing it, and says whether a rotation is under way. */
    readonly names: KeyRing;
    readonly speakUp: SpeakUpKeys;
    readonly answers: TaggingSealer;
    readonly storedResponses: Sealer;
  };
  readonly audit: TableAuditLog;
  readonly leases: StoredTable;
}

/** What the core owns itself: the audit trail, and `leases` (leases, claims and the jobs' own state rows). */
export const CORE_OWNS: Owned = { tables: ['audit', 'leases'], queues: [] };

/** The core over `owned` (every feature's tables and queues); its own feature is the audit trail's purge. */
export function openCore(
  config: AppConfig,
  options: AppOptions,
  owned: Owned,
): { core: Core; feature: Feature<void, 'auditRows'> } {
  const settings = settingsFor(config);
  const clock = options.clock ?? systemClock;
  const storage = new StorageRoom(storageAccess(config.storage), config.storageNamespace, owned);
  const chain = new AuditChainKeys(settings.secrets);
  const keys = {
    names: new KeyRing(settings.secrets, 'key-names'),
    speakUp: new SpeakUpKeys(settings.secrets.current, settings.secrets.previous),
    answers: options.answerKeys ?? new KeyRing(settings.secrets, 'survey-answers'),
    storedResponses: options.storedResponseKeys ?? new KeyRing(settings.secrets, 'stored-responses'),
  };
  const audit = new TableAuditLog({ table: storage.table('audit'), clock, chain });
  const log = createLog(config.log.level, options.logDestination);
  const processId = newProcessId();
  const core = {
    ...{ config, settings, clock, log, processId },
    storage,
    keys,
    audit,
    leases: storage.table('leases'),
  };
  const purge = auditPurgePart(new TableAuditPurge({ table: storage.table('audit'), chain }));
  return { core, feature: { api: undefined, purges: [purge] } };
}

/** This process's name in leases and claims: the pid, and a random tail because pids repeat across containers. */
function newProcessId(): string {
  return `${process.pid}-${randomUUID().slice(0, 8)}`;
}
