import { AsyncLocalStorage } from 'node:async_hooks';
import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import type { TestUser } from './activities';
import type { Harness } from './harness';
import { traces, type LoggedRequest } from './storage-attacker';

// What a reader of the storage request log can pair: one unit of work (a turn, or a burst of a job) whose requests
// name a person and also an anonymous key. Used by test/privacy/request-log.test.ts.

/** One turn or one job burst, as the request log shows it. */
export interface LoggedUnit {
  readonly name: string;
  readonly log: readonly LoggedRequest[];
}

/** What one request is keyed by, as far as anonymity goes. */
export interface KeyedBy {
  /** The people (Entra ids) one of whose traces is in the path. */
  readonly people: string[];
  /** Why the request is keyed by something anonymous (a marker, a case, an answer waiting or written), if it is. */
  readonly anonymous?: string;
}

// Tables whose rows are anonymous answers or keyed markers, and the queues of anonymous answers. Any request on them
// names an anonymous key, except a partition scan (the path ends in `()`: keyed by the wave, never by a person).
const ANONYMOUS_TABLES = /(answered|responses|feedback|casereporters|cases|casemessages)(\(.+\))?$/i;
const ANONYMOUS_QUEUES = /-(responses|feedback)(-poison)?\/messages/i;
const CASE_REFERENCE = /FTSU-\d{4}-\d+/i;
/** Azurite's path-style URLs start with the account name. */
const STORAGE_PATH = '/devstoreaccount1/';

/** What a request of the log is keyed by: the people it names, and its anonymous key if any. */
export function keyedBy(h: Harness, people: readonly TestUser[], r: LoggedRequest): KeyedBy {
  // Only storage requests are in the storage account's log (not the replies the bot sends to Teams).
  if (!r.path.startsWith(STORAGE_PATH)) return { people: [] };
  const path = r.path.toLowerCase();
  const named = people.filter((p) => traces(h, p).some((t) => path.includes(t))).map((p) => p.aadObjectId);
  const table = ANONYMOUS_TABLES.exec(r.path.split('/').at(-1) ?? '');
  const anonymous = CASE_REFERENCE.test(r.path)
    ? 'case reference'
    : ANONYMOUS_QUEUES.test(r.path)
      ? 'queued answer'
      : table && table[2] !== '()' && named.length === 0
        ? `${table[1]!.toLowerCase()} row`
        : undefined;
  return { people: named, anonymous };
}

/** A unit that holds one person's key beside an anonymous key: what a request-log reader pairs. */
export interface Pairing {
  readonly unit: string;
  readonly people: string[];
  readonly anonymous: string[];
}

/** The units of work that pair a person with an anonymous key (none, if anonymity holds in the request log). */
export function pairings(h: Harness, people: readonly TestUser[], units: readonly LoggedUnit[]): Pairing[] {
  const out: Pairing[] = [];
  for (const u of units) {
    const keyed = u.log.map((r) => keyedBy(h, people, r));
    const named = [...new Set(keyed.flatMap((k) => k.people))];
    const anonymous = [...new Set(keyed.flatMap((k) => (k.anonymous ? [k.anonymous] : [])))];
    if (named.length > 0 && anonymous.length > 0) out.push({ unit: u.name, people: named, anonymous });
  }
  return out;
}

const unitOf = new AsyncLocalStorage<object>();

/**
 * Records units of work one after another. A turn (an HTTP request to the bot) is everything the process sends while
 * it runs, so the test lets the outbox go quiet first; a job burst the test calls itself (`own`) is only the requests
 * made by that call, so the dispatcher's sends running beside it (bursts of their own) are not counted in it.
 */
export class UnitRecorder {
  readonly units: LoggedUnit[] = [];

  /** Runs `work` as one unit and keeps its log; returns what `work` returned. */
  async record<T>(name: string, work: () => Promise<T>, own = false): Promise<T> {
    const token = {};
    const log: LoggedRequest[] = [];
    const onStart = (message: unknown) => {
      if (own && unitOf.getStore() !== token) return;
      const { method, path } = (message as { request: ClientRequest }).request;
      log.push({ method, path: decodeURIComponent(path.split('?')[0]!) });
    };
    diagnostics.subscribe('http.client.request.start', onStart);
    try {
      return await unitOf.run(token, work);
    } finally {
      diagnostics.unsubscribe('http.client.request.start', onStart);
      this.units.push({ name, log });
    }
  }

  /** The units recorded under `name`. */
  named(name: string): LoggedUnit[] {
    return this.units.filter((u) => u.name === name);
  }
}
