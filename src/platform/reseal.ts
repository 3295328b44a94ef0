import type { TableClient } from '@azure/data-tables';
import type { TableAuditLog } from './audit';
import { DAY_MS } from './calendar/durations';
import type { Clock } from './clock';
import type { Log } from './log';
import { storageStatus } from './storage';
import { getRow } from './tables';

/** What one part of the re-seal job found: counts only, never what the values held. */
export interface ResealCounts {
  /** Values (or rows) looked at. */
  checked: number;
  /** Moved to the current key by this run. */
  resealed: number;
  /**
   * Still needing a previous key after this run: no configured key opens it, it changed while being moved (the next
   * run tries again), or it waits somewhere the job does not rewrite (answers on the `responses` queue).
   */
  left: number;
}

/** One feature's sealed or tagged data, moved to the current key by its own store. Safe to run twice, or in two processes at once. */
export interface ResealPart {
  readonly name: string;
  /** `since`: when this set of keys was first seen, i.e. roughly when the rotation happened. */
  reseal(since: Date): Promise<ResealCounts>;
}

/** The configured keys, named without revealing them (platform/crypto's KeyRing fits). */
export interface KeyNames {
  readonly keyId: string;
  readonly fingerprint: string;
  readonly rotating: boolean;
}

export interface ResealReport {
  readonly keyId: string;
  /** True when nothing needs a previous key any more: SPEAKUP_ENCRYPTION_KEY_PREVIOUS can be removed. */
  readonly complete: boolean;
  /** True when the run found this set of keys already complete and checked within the day, and did nothing. */
  readonly skipped: boolean;
  readonly parts: Readonly<Record<string, ResealCounts>>;
}

interface State {
  fingerprint: string;
  since: string;
  completeAt?: string;
  checkedAt?: string;
}

/** Every quarter of an hour: a cheap check once done; after a key rotation it moves everything within minutes. */
export const RESEAL_SCHEDULE = '*/15 * * * *';

const PARTITION = 'reseal';
const ROW = 'state';
// Once complete, a full pass again at most daily: it catches a value an instance still on an older version sealed.
const RECHECK_MS = DAY_MS;

/**
 * The re-seal job: moves every sealed value and keyed tag to the current key, part by part, so that a previous key
 * can be removed after a rotation (docs/operations.md, "Rotating the key"). Each value is rewritten on its own with
 * a conditional write, so a run that stops part-way is finished by the next, and two runs at once do no harm. Its
 * state (the set of keys it last saw, since when, and whether it finished) is a row in `leases` (PartitionKey
 * `reseal`). A run that moved anything, finished, or failed is audited (`admin`, actor `system`, `keys.reseal`).
 */
export class ResealJob {
  private running?: Promise<ResealReport>;

  constructor(
    private readonly deps: {
      parts: readonly ResealPart[];
      keys: KeyNames;
      state: TableClient;
      audit: TableAuditLog;
      clock: Clock;
      log: Log;
    },
  ) {}

  /** One run; a second call while one is running in this process joins it. */
  run(): Promise<ResealReport> {
    this.running ??= this.runOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  private async runOnce(): Promise<ResealReport> {
    const now = this.deps.clock.now();
    const keyId = this.deps.keys.keyId;
    let state = await this.read();
    if (!state || state.fingerprint !== this.deps.keys.fingerprint) {
      state = { fingerprint: this.deps.keys.fingerprint, since: now.toISOString() };
      await this.write(state);
    }
    if (state.completeAt && state.checkedAt && now.getTime() - Date.parse(state.checkedAt) < RECHECK_MS) {
      return { keyId, complete: true, skipped: true, parts: {} };
    }
    const parts: Record<string, ResealCounts> = {};
    try {
      for (const part of this.deps.parts) parts[part.name] = await part.reseal(new Date(state.since));
    } catch (error) {
      const status = storageStatus(error);
      if (status === undefined) throw error;
      await this.audit('failed', keyId, parts, false).catch(() => undefined); // storage is failing: the log still has the counts
      this.deps.log.warn({ keyId, ...flat(parts), status }, 're-seal stopped part-way');
      throw new Error(
        `Re-seal: storage answered ${status}, so the run stopped part-way; the next run carries on from there`,
      );
    }
    const complete = Object.values(parts).every((c) => c.left === 0);
    const resealed = Object.values(parts).reduce((n, c) => n + c.resealed, 0);
    const newlyComplete = complete && !state.completeAt;
    await this.write({
      ...state,
      completeAt: complete ? (state.completeAt ?? now.toISOString()) : undefined,
      checkedAt: now.toISOString(),
    });
    if (resealed > 0 || newlyComplete) {
      await this.audit('done', keyId, parts, complete);
      this.deps.log.info(
        { keyId, complete, rotating: this.deps.keys.rotating, ...flat(parts) },
        complete && this.deps.keys.rotating ? 're-seal done: the previous key is no longer needed' : 're-seal done',
      );
    }
    return { keyId, complete, skipped: false, parts };
  }

  private async audit(
    outcome: 'done' | 'failed',
    keyId: string,
    parts: Record<string, ResealCounts>,
    complete: boolean,
  ): Promise<void> {
    const counts = Object.entries(parts).map(
      ([name, c]) => `${name} ${c.resealed} moved, ${c.left} left (of ${c.checked})`,
    );
    const detail = `key ${keyId}: ${counts.join('; ')}${outcome === 'done' ? (complete ? '; complete' : '; not complete yet') : ''}`;
    await this.deps.audit.record({
      scope: 'admin',
      actor: 'system',
      action: 'keys.reseal',
      outcome,
      detail: detail.slice(0, 1000),
    });
  }

  private async read(): Promise<State | undefined> {
    const e = await getRow<Record<string, string>>(this.deps.state, PARTITION, ROW);
    return (
      e && {
        fingerprint: e.fingerprint ?? '',
        since: e.since ?? new Date(0).toISOString(),
        completeAt: e.completeAt || undefined,
        checkedAt: e.checkedAt || undefined,
      }
    );
  }

  private async write(state: State): Promise<void> {
    await this.deps.state.upsertEntity(
      {
        partitionKey: PARTITION,
        rowKey: ROW,
        fingerprint: state.fingerprint,
        since: state.since,
        completeAt: state.completeAt ?? '',
        checkedAt: state.checkedAt ?? '',
      },
      'Replace',
    );
  }
}

/** Counts as flat log fields: `case messages` → `caseMessagesResealed`, …. */
function flat(parts: Record<string, ResealCounts>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, c] of Object.entries(parts)) {
    const key = name.replace(/[^A-Za-z0-9]+(.)/g, (_m, ch: string) => ch.toUpperCase());
    out[`${key}Resealed`] = c.resealed;
    out[`${key}Left`] = c.left;
  }
  return out;
}
