import { Cron } from 'croner';
import { HOUR_MS } from './calendar/durations';
import type { Log } from './log';

/** Claims a scheduled tick for this process; only one process wins each tick. */
export interface TickClaim {
  claim(job: string, tick: Date): Promise<boolean>;
}

interface Job {
  name: string;
  calendar: Cron;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
}

// Timers further out than this are re-armed in steps: Node's setTimeout overflows past ~24.8 days.
const MAX_TIMER_MS = HOUR_MS;

/**
 * Runs jobs on cron patterns in a time zone (Europe/London by default, so "Monday 08:00" follows British Summer
 * Time). croner is used only as a calendar; the tick's scheduled time is what processes compete for through the
 * lease, so every process agrees on which tick is which even if their timers fire milliseconds apart.
 */
export class Scheduler {
  private readonly jobs = new Map<string, Job>();
  private stopped = false;

  constructor(private readonly deps: { lease: TickClaim; log: Log; timeZone: string }) {}

  /** Registers `run` to fire on `pattern` (5 or 6 fields; seconds first when 6). */
  schedule(name: string, pattern: string, run: (tick: Date) => Promise<void>): void {
    if (this.jobs.has(name)) throw new Error(`Scheduler: a job named "${name}" is already scheduled`);
    const job: Job = { name, calendar: new Cron(pattern, { timezone: this.deps.timeZone, paused: true }) };
    this.jobs.set(name, job);
    this.arm(job, new Date(), run);
  }

  /** The next time a job will fire, for status cards and tests. */
  nextRun(name: string, from = new Date()): Date | null {
    return this.jobs.get(name)?.calendar.nextRun(from) ?? null;
  }

  /** Stops arming timers and waits for any job that is running. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const job of this.jobs.values()) {
      if (job.timer) clearTimeout(job.timer);
      job.calendar.stop();
    }
    await Promise.all([...this.jobs.values()].map((j) => j.running));
  }

  private arm(job: Job, from: Date, run: (tick: Date) => Promise<void>): void {
    if (this.stopped) return;
    const tick = job.calendar.nextRun(from);
    if (!tick) return;
    const wait = tick.getTime() - Date.now();
    if (wait > MAX_TIMER_MS) {
      job.timer = setTimeout(() => this.arm(job, from, run), MAX_TIMER_MS);
      return;
    }
    job.timer = setTimeout(
      () => {
        job.running = this.fire(job, tick, run).finally(() => (job.running = undefined));
        this.arm(job, tick, run);
      },
      Math.max(0, wait),
    );
  }

  private async fire(job: Job, tick: Date, run: (tick: Date) => Promise<void>): Promise<void> {
    try {
      if (!(await this.deps.lease.claim(job.name, tick))) return;
      this.deps.log.info({ job: job.name, tick: tick.toISOString() }, 'scheduled job starting');
      await run(tick);
    } catch (error) {
      this.deps.log.error({ job: job.name, tick: tick.toISOString(), err: error }, 'scheduled job failed');
    }
  }
}
