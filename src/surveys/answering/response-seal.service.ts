import type { TableAuditLog } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Log } from '../../platform/log';
import type { TableResponseSealing, TableSealState } from './response-seal.store';

/** What one run of the migration did: counts only, never what a row held. */
export type SealMigrationOutcome =
  | { kind: 'complete'; since: string }
  | { kind: 'sealed'; found: number; sealed: number; left: number }
  | { kind: 'completed-now'; at: string };

// Rows sealed per run at most, so a run ends well within the scheduler's lease; the next run carries on.
const RUN_BUDGET = 20_000;

/**
 * The upgrade's migration: responses (and feedback answers) stored in plain text before sealing existed are sealed
 * where they lie, partition by partition (response-seal.store.ts). It runs by itself as a scheduled job under the
 * scheduler's lease; a run that stops part-way (a crash, its budget, a storage outage) is finished by the next, and a
 * row is never sealed twice. A run that found no plain row at all marks the migration complete: from then on the
 * readers refuse plain rows, so nobody who can write to the table can add responses. Every run that sealed anything,
 * and the completion, writes an `admin` audit row (`responses.seal`) with the counts.
 */
export class ResponseSealMigration {
  private running?: Promise<SealMigrationOutcome>;

  constructor(
    private readonly deps: {
      tables: readonly { name: string; sealing: TableResponseSealing }[];
      state: TableSealState;
      audit: TableAuditLog;
      clock: Clock;
      log: Log;
      budget?: number;
    },
  ) {}

  /** One run; a second call while one is running in this process joins it. */
  run(): Promise<SealMigrationOutcome> {
    this.running ??= this.runOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  private async runOnce(): Promise<SealMigrationOutcome> {
    const since = await this.deps.state.completedAt();
    if (since) return { kind: 'complete', since };
    let budget = this.deps.budget ?? RUN_BUDGET;
    const totals = { found: 0, sealed: 0, left: 0 };
    const details: string[] = [];
    for (const { name, sealing } of this.deps.tables) {
      const c = await sealing.sealPlainRows(budget);
      budget -= c.resealed;
      totals.found += c.found;
      totals.sealed += c.resealed;
      totals.left += c.left;
      details.push(`${name}: ${c.resealed} sealed, ${c.left} left (of ${c.found} plain, ${c.checked} rows)`);
    }
    if (totals.found === 0) {
      const at = this.deps.clock.now().toISOString();
      await this.deps.state.markComplete(new Date(at));
      await this.record('complete: every stored response is sealed; plain rows are no longer read');
      this.deps.log.info({}, 'stored responses: all sealed, plain rows no longer read');
      return { kind: 'completed-now', at };
    }
    if (totals.sealed > 0) {
      await this.record(`${details.join('; ')}${totals.left === 0 ? '' : '; the next run carries on'}`);
      this.deps.log.info(totals, 'stored responses sealed');
    }
    return { kind: 'sealed', ...totals };
  }

  private async record(detail: string): Promise<void> {
    await this.deps.audit.record({
      scope: 'admin',
      actor: 'system',
      action: 'responses.seal',
      outcome: 'done',
      detail: detail.slice(0, 1000),
    });
  }
}
