import type { CardJson } from '../platform/cards';
import type { Clock } from '../platform/clock';
import type { ConversationRef } from '../platform/conversation-ref';
import type { Log } from '../platform/log';
import { dayBatchOf, type TableBatchPurge } from './batch-purge.store';
import type { CaptureService } from './capture.service';
import type { OutboxService } from './outbox.service';

/** How often the capture job looks for people to capture, and how long a noted message waits at least (its turn has ended). */
export const CAPTURE_EVERY_MS = 5_000;
const CAPTURE_AFTER_MS = 2_000;
/** How often the process re-reads who is captured (other processes capture people too). */
const REFRESH_EVERY_MS = 10 * 60_000;
/**
 * The prefix of the outbox batches of welcome cards sent by the capture job, one a day (`welcome-YYYYMMDD`): its
 * delivery rows name who was welcomed, so the retention job deletes each day's after `WELCOME_KEEP_DAYS`.
 */
export const WELCOME_BATCH_PREFIX = 'welcome-';
/** How long a day's welcome sends are kept: long enough for the outbox to finish retrying them. */
export const WELCOME_KEEP_DAYS = 30;

interface Noted {
  readonly aadObjectId: string;
  readonly name: string | undefined;
  readonly ref: ConversationRef;
  readonly at: number;
}

/**
 * Captures, outside the turn, a person who wrote to the bot before their install event reached it. A turn that
 * touches an anonymous key (`my cases`, raising a concern, answering) must send no storage request keyed by the
 * person (a request log would pair them), so a message turn only notes the person in memory. The process learns who
 * is captured already from one scan of the `user` partition (keyed by nobody), at start and every ten minutes; only
 * someone it does not know, or whose chat changed, is noted. Every few seconds the job captures those noted at least
 * two seconds before (their turn is over) in a burst of its own that touches their conversations rows only, and
 * sends the welcome card through the outbox when the capture made their chat reachable.
 */
export class LaterCapture {
  private readonly known = new Map<string, string>();
  private readonly noted = new Map<string, Noted>();
  private refreshedAt = Number.NEGATIVE_INFINITY;
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly deps: {
      capture: CaptureService;
      outbox: OutboxService;
      welcomeCard: () => CardJson;
      clock: Clock;
      log: Log;
      everyMs?: number;
    },
  ) {}

  /** A person captured by an install event in this process: known from now on. */
  captured(aadObjectId: string, name: string | undefined, ref: ConversationRef): void {
    this.known.set(aadObjectId.toLowerCase(), fingerprint(name, ref));
  }

  /** A person uninstalled: their next message captures them again. */
  forget(aadObjectId: string): void {
    this.known.delete(aadObjectId.toLowerCase());
  }

  /** A message from a person in their 1:1 chat: noted for the job if their chat is not known as captured. No storage call. */
  note(aadObjectId: string, name: string | undefined, ref: ConversationRef): void {
    const id = aadObjectId.toLowerCase();
    if (this.known.get(id) === fingerprint(name, ref) || this.noted.has(id)) return;
    this.noted.set(id, { aadObjectId, name, ref, at: Date.now() });
  }

  /** Starts the job's timer (the first run reads who is captured). */
  start(): void {
    const every = this.deps.everyMs ?? CAPTURE_EVERY_MS;
    this.timer ??= setInterval(() => void this.run(false).catch(this.failed), every);
    this.timer.unref();
  }

  /** Stops the timer and captures everyone still noted, so nobody waits for their next message. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.run(true).catch(this.failed);
  }

  /** One burst: everyone noted (with `all`, however recently; tests and `stop` use it). Returns how many were captured. */
  flush(all = true): Promise<number> {
    return this.run(all);
  }

  private readonly failed = (error: unknown) => this.deps.log.warn({ err: error }, 'capture job failed; retrying');

  private run(all: boolean): Promise<number> {
    this.running ??= this.runOnce(all).finally(() => (this.running = undefined));
    return this.running;
  }

  private async runOnce(all: boolean): Promise<number> {
    // Process time, not the app's clock: this is about when turns end, in this process.
    const now = Date.now();
    if (now - this.refreshedAt >= REFRESH_EVERY_MS) await this.refresh(now);
    let captured = 0;
    for (const [id, n] of [...this.noted]) {
      if (!all && now - n.at < CAPTURE_AFTER_MS) continue;
      if (this.known.get(id) !== fingerprint(n.name, n.ref)) {
        const { welcome } = await this.deps.capture.personalInstalled(n.aadObjectId, n.name, n.ref);
        if (welcome) await this.welcome(n.aadObjectId);
        captured++;
      }
      this.known.set(id, fingerprint(n.name, n.ref));
      this.noted.delete(id);
    }
    return captured;
  }

  /** Who is captured and reachable, from one scan of the `user` partition: a request keyed by no one person. */
  private async refresh(now: number): Promise<void> {
    const known = new Map<string, string>();
    for await (const u of this.deps.capture.capturedPeople())
      if (u.status === 'active') known.set(u.aadObjectId.toLowerCase(), fingerprint(u.name, u.ref));
    this.known.clear();
    for (const [id, f] of known) this.known.set(id, f);
    this.refreshedAt = now;
  }

  private async welcome(aadObjectId: string): Promise<void> {
    const day = this.deps.clock.now().toISOString().slice(0, 10);
    await this.deps.outbox.enqueue(dayBatchOf(WELCOME_BATCH_PREFIX, day), {
      key: `${aadObjectId}-${Date.now()}`,
      kind: 'welcome',
      to: { user: aadObjectId },
      op: { type: 'send', card: { inline: this.deps.welcomeCard() }, summary: 'Welcome to Staff Voice' },
    });
  }
}

/** What a captured chat is, as far as capture goes: a change (a new service URL, a new name) is captured again. */
function fingerprint(name: string | undefined, ref: ConversationRef): string {
  return JSON.stringify([name ?? '', ref]);
}

/** The retention job's share for welcome cards: each day's batch deleted `WELCOME_KEEP_DAYS` after that day. */
export function welcomeRetention(batches: TableBatchPurge): { purgeSentBefore(now: Date): Promise<number> } {
  return {
    purgeSentBefore: (now) => {
      const cutoff = new Date(now.getTime() - WELCOME_KEEP_DAYS * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
      return batches.deleteDayBatchesBefore(WELCOME_BATCH_PREFIX, cutoff);
    },
  };
}
