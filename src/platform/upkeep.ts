import type { TableClient } from '@azure/data-tables';
import type { TableAuditLog, TableAuditPurge } from './audit';
import type { Clock } from './clock';
import { daysBefore, purgePart, type Feature, type PurgePart, type RetentionPeriods } from './feature';
import type { Log } from './log';
import { RESEAL_SCHEDULE, ResealJob, type KeyNames } from './reseal';
import { RETENTION_SCHEDULE, RetentionService } from './retention';

/** The retention and re-seal jobs (tests run them themselves). */
export interface Upkeep<Counted extends string = string> {
  readonly retention: RetentionService<Counted>;
  readonly reseal: ResealJob;
}

/**
 * Upkeep, built from every feature's parts: the daily retention purge (`purges`, in the order its audit row reports
 * them) and the re-seal job after a key rotation (operations.md, "Keys").
 */
export function assembleUpkeep<Counted extends string>(
  core: {
    audit: TableAuditLog;
    clock: Clock;
    log: Log;
    /** Where the re-seal job keeps its state. */
    leases: TableClient;
    config: { retention: RetentionPeriods };
    keys: { names: Omit<KeyNames, 'keyId'>; speakUp: Pick<KeyNames, 'keyId'> };
  },
  features: { purges: readonly Feature<unknown>[]; reseal: readonly Feature<unknown>[] },
): Feature<Upkeep<Counted>> {
  const { clock, log, audit } = core;
  const retention = new RetentionService<Counted>({
    parts: features.purges.flatMap((f) => f.purges ?? []),
    ...{ audit, clock, log, periods: core.config.retention },
  });
  const reseal = new ResealJob({
    parts: features.reseal.flatMap((f) => f.reseal ?? []),
    // Named by speak-up's key id, the one its stored values show (`v2:<key id>:…`).
    keys: {
      keyId: core.keys.speakUp.keyId,
      fingerprint: core.keys.names.fingerprint,
      rotating: core.keys.names.rotating,
    },
    ...{ state: core.leases, audit, clock, log },
  });
  return {
    api: { retention, reseal },
    jobs: [
      { name: 'retention', schedule: RETENTION_SCHEDULE, run: () => retention.purge() },
      { name: 'reseal', schedule: RESEAL_SCHEDULE, run: () => reseal.run() },
    ],
  };
}

/** The audit trail's share of the purge, run before the run's own audit row is written (so never deletes that). */
export function auditPurgePart(purge: TableAuditPurge): PurgePart<'auditRows'> {
  return purgePart({
    zero: () => ({ auditRows: 0 }),
    purge: async (c, now, periods) =>
      void (c.auditRows += await purge.deleteWrittenBefore(daysBefore(now, periods.auditDays))),
    describe: (c) => `audit rows ${c.auditRows}`,
  });
}
