import type { HttpRoute } from './http';
import type { ResealPart } from './reseal';
import type { BotApp } from './teams/bot';

/**
 * What one feature gives the running process, returned by the one function its face exports (`assembleSurveys`, …):
 * its API for the features built after it, and its own share of the process. The composition root (src/app.ts) only
 * lists the features in the order they need each other and hands each part to the part of the process that runs it.
 */
export interface Feature<Api, Counted extends string = string> {
  /** What later features (and tests) use of it. */
  readonly api: Api;
  /** Its bot routes; the app registers every feature's in the features' order, fallbacks last. */
  readonly routes?: (app: BotApp) => void;
  /** Its own HTTP routes (pages and an API beside the bot's endpoint), mounted by the server as given. */
  readonly http?: readonly HttpRoute[];
  /** Its scheduled jobs; one process runs each tick. */
  readonly jobs?: readonly ScheduledJob[];
  /** Its share of the daily retention purge. */
  readonly purges?: readonly PurgePart<Counted>[];
  /** What it sealed or tagged, moved to the current key by the re-seal job after a rotation. */
  readonly reseal?: readonly ResealPart[];
  /** Background work started when the process listens: always, or (`scheduled`) only with the scheduled jobs. */
  readonly workers?: readonly Worker[];
}

/** The names a feature's purge counts. */
export type CountedBy<F> = F extends Feature<unknown, infer Counted> ? Counted : never;

/** The tables and queues a feature owns: created at start-up, and listed in the Bicep (infra/). */
export interface Owned {
  readonly tables: readonly string[];
  readonly queues: readonly string[];
}

export interface ScheduledJob {
  readonly name: string;
  /** A cron pattern in the schedule time zone. */
  readonly schedule: string;
  run(tick: Date): Promise<unknown>;
}

export interface Worker {
  /** True for work that, like the scheduled jobs, tests run themselves rather than on a timer. */
  readonly scheduled: boolean;
  start(): void;
  stop(): Promise<void>;
}

/** How long each kind of data is kept, in days (RETENTION_*_DAYS). */
export interface RetentionPeriods {
  readonly responsesDays: number;
  readonly casesDays: number;
  readonly auditDays: number;
}

/**
 * One feature's share of the daily purge. Each run starts from zero counts; the feature deletes its own rows by its
 * own keys, adding to the counts as it goes, so a run that stops part-way still reports what it did.
 */
export interface PurgePart<Counted extends string = string> {
  start(): PurgeRun<Counted>;
}

export interface PurgeRun<Counted extends string = string> {
  readonly counts: Readonly<Record<Counted, number>>;
  purge(now: Date, periods: RetentionPeriods): Promise<void>;
  /** Its part of the run's audit row, counts only. */
  describe(): string;
}

/** A purge part over the feature's own counts (typed there, merged into the run's). */
export function purgePart<C extends { [K in keyof C]: number }>(part: {
  zero: () => C;
  purge: (counts: C, now: Date, periods: RetentionPeriods) => Promise<void>;
  describe: (counts: C) => string;
}): PurgePart<keyof C & string> {
  return {
    start() {
      const counts = part.zero();
      return {
        counts: counts as Readonly<Record<keyof C & string, number>>,
        purge: (now, periods) => part.purge(counts, now, periods),
        describe: () => part.describe(counts),
      };
    },
  };
}

/** The whole day's cutoff for a period: `days` before `now`. */
export const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000);

/** Everything the features own, merged; two features owning the same table or queue is a mistake caught at start. */
export function ownedTogether(...owned: readonly Owned[]): Owned {
  const tables = owned.flatMap((o) => o.tables);
  const queues = owned.flatMap((o) => o.queues);
  for (const names of [tables, queues]) {
    const twice = names.find((name, i) => names.indexOf(name) !== i);
    if (twice) throw new Error(`Two features own "${twice}"`);
  }
  return { tables, queues };
}
