import { createHash } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { QueueClient } from '@azure/storage-queue';
import type { TaggingSealer } from '../../src/platform/crypto';
import { QUEUE_NAMES, TABLE_NAMES } from '../../src/app';
import type { TestUser } from './activities';
import { allEntities, testConnectionString, type Harness } from './harness';

// Someone who can read the storage account (an Azure admin, a data-reader role, a copy or backup, request logs),
// played by the anonymity tests: test/surveys/storage-attack.test.ts (survey answers) and
// test/actions/feedback-attack.test.ts ("did it make a difference?").

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const secretOf = (i: number) => `qx${i}secretqx`;

/** Keys that protect nothing: values "sealed" in plain text, markers tagged with the person's own id. */
export const IN_THE_CLEAR: TaggingSealer = {
  seal: (plaintext) => plaintext,
  open: (sealed) => sealed,
  isCurrent: () => true,
  // Proofs of sending an unkeyed hash anyone could make (in the shape cards carry); every other tag the plain value.
  tag: (...parts) =>
    parts[0] === 'asked'
      ? sha256(parts.join('\u0000')).slice(0, 40)
      : parts[0] === 'response-id'
        ? parts[1]!
        : parts.at(-1)!,
};

export interface Snapshot {
  rows: Record<string, { partitionKey: string; rowKey: string; etag: string; timestamp: string; raw: string }[]>;
  messages: { queue: string; insertedOn: number; text: string }[];
}

export async function snapshot(h: Harness): Promise<Snapshot> {
  const rows: Snapshot['rows'] = {};
  for (const name of TABLE_NAMES) {
    rows[name] = (await allEntities(h.table(name))).map((e) => ({
      partitionKey: String(e.partitionKey),
      rowKey: String(e.rowKey),
      etag: String(e.etag),
      timestamp: String(e.timestamp),
      raw: JSON.stringify(e),
    }));
  }
  const messages: Snapshot['messages'] = [];
  for (const name of QUEUE_NAMES) {
    const queue = new QueueClient(testConnectionString(), `${h.namespace}-${name}`);
    for (const m of (await queue.peekMessages({ numberOfMessages: 32 })).peekedMessageItems) {
      messages.push({ queue: name, insertedOn: m.insertedOn.getTime(), text: m.messageText });
    }
  }
  return { rows, messages };
}

/** Everything a storage reader might know about a person to look for: ids, names, conversation, plain hashes. */
export function traces(h: Harness, p: TestUser): string[] {
  const conversation = h.emulator.conversationIdFor(p.id);
  const ids = [p.aadObjectId, p.aadObjectId.toLowerCase(), p.aadObjectId.replace(/-/g, ''), p.id, conversation];
  return [...ids, p.name, ...ids.map(sha256)].map((t) => t.toLowerCase());
}

/** One line of what a storage request log holds: the operation and the path (table and keys, or queue), decoded. */
export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
}

/**
 * Records the storage requests this process makes while `work` runs, as the account's request log would show them
 * (method and path; Azure's StorageRead/StorageWrite logs carry the same, with a time). Only `work`'s own requests
 * are wanted, so callers run nothing else at the same time.
 */
export async function requestLogOf(work: () => Promise<unknown>): Promise<LoggedRequest[]> {
  const logged: LoggedRequest[] = [];
  const onStart = (message: unknown) => {
    const { method, path } = (message as { request: ClientRequest }).request;
    logged.push({ method, path: decodeURIComponent(path.split('?')[0]!) });
  };
  diagnostics.subscribe('http.client.request.start', onStart);
  try {
    await work();
  } finally {
    diagnostics.unsubscribe('http.client.request.start', onStart);
  }
  return logged;
}

/** The people a request log names: a request whose path holds one of their traces. */
export function peopleInLog(h: Harness, people: readonly TestUser[], log: readonly LoggedRequest[]): string[] {
  const named = people.filter((p) => log.some((r) => traces(h, p).some((t) => r.path.toLowerCase().includes(t))));
  return named.map((p) => p.aadObjectId);
}

/**
 * The check on what a storage request log shows of three answer turns (recorded with `requestLogOf`): the turns made
 * their storage calls (at least a marker, a queue message and a confirmation each), none names a person, and none
 * reads or writes a `deliveries` or `conversations` row. `run` is read when the test runs.
 */
export function itFindsNobodyInTheRequestLog(run: () => { answerLog: readonly LoggedRequest[]; namedInLog: string[] }) {
  it("finds nobody in the request log of the answer turns: no read or write of a person's rows, no id in any path", () => {
    expect(run().answerLog.length).toBeGreaterThanOrEqual(9);
    expect(run().namedInLog).toEqual([]);
    const tables = run().answerLog.map((r) => r.path.split('/')[1]!.split('(')[0]!);
    expect(tables.filter((t) => /deliveries|conversations/.test(t))).toEqual([]);
  });
}

/**
 * The attack: for each answer waiting on the `responses` queue, the person it can be tied to. By content (a person's
 * trace in the message itself) or by ticket or id (a token of the message found in a row that carries a person's
 * trace), when that names one person; otherwise by time: the person whose row (one carrying their trace, written
 * after the attacker's baseline) was written nearest the message, within 5 s. Its answers are read if readable.
 */
export function attack(
  h: Harness,
  people: TestUser[],
  before: Snapshot,
  after: Snapshot,
  queue: (typeof QUEUE_NAMES)[number] = 'responses',
): { person: string; readable: string | undefined }[] {
  const changed = Object.values(after.rows)
    .flat()
    .filter(
      (r) =>
        !Object.values(before.rows)
          .flat()
          .some((b) => b.partitionKey === r.partitionKey && b.rowKey === r.rowKey && b.etag === r.etag),
    );
  const pairs: { person: string; readable: string | undefined }[] = [];
  for (const m of after.messages.filter((x) => x.queue === queue)) {
    const text = m.text.toLowerCase();
    const tokens = text.match(/[0-9a-f]{24,}/g) ?? [];
    const suspects = new Set<string>();
    let nearest: { person: string; gap: number } | undefined;
    for (const p of people) {
      const mine = traces(h, p);
      if (mine.some((t) => text.includes(t))) suspects.add(p.aadObjectId);
      const rowsOfP = Object.values(after.rows)
        .flat()
        .filter((r) => mine.some((t) => r.raw.toLowerCase().includes(t)));
      if (rowsOfP.some((r) => tokens.some((t) => r.raw.toLowerCase().includes(t)))) suspects.add(p.aadObjectId);
      for (const r of changed.filter((c) => mine.some((t) => c.raw.toLowerCase().includes(t)))) {
        const gap = Math.abs(Date.parse(r.timestamp) - m.insertedOn);
        if (gap < 5000 && (!nearest || gap < nearest.gap)) nearest = { person: p.aadObjectId, gap };
      }
    }
    // By content or token if that names one person; otherwise by time, the person whose row was written nearest.
    const person = suspects.size === 1 ? [...suspects][0] : suspects.size === 0 ? nearest?.person : undefined;
    if (person) pairs.push({ person, readable: /qx\dsecretqx/.exec(m.text)?.[0] });
  }
  return pairs;
}

/** Rows of these tables that existed before and were changed since (their ETag moved): an answer turn must change none. */
export function changedRows(before: Snapshot, after: Snapshot, tables: readonly string[]): string[] {
  const changed: string[] = [];
  for (const table of tables) {
    const was = new Map(before.rows[table]!.map((r) => [`${r.partitionKey}/${r.rowKey}`, r.etag]));
    for (const r of after.rows[table]!)
      if (was.has(`${r.partitionKey}/${r.rowKey}`) && was.get(`${r.partitionKey}/${r.rowKey}`) !== r.etag)
        changed.push(`${table}/${r.partitionKey}/${r.rowKey}`);
  }
  return changed;
}

/** The markers of a partition, each with the people's traces it holds (none, if they are keyed tags as they must be). */
export function markersWithTraces(
  after: Snapshot,
  partition: string,
  people: readonly TestUser[],
): { rowKey: string; traces: string[] }[] {
  return after.rows
    .answered!.filter((r) => r.partitionKey === partition)
    .map((m) => ({
      rowKey: m.rowKey,
      traces: people
        .flatMap((p) => [p.aadObjectId, p.id, p.name, sha256(p.aadObjectId)])
        .filter((t) => m.raw.toLowerCase().includes(t.toLowerCase())),
    }));
}

/** What an attack run leaves for the tests to look at: the people, storage before and after, and the pairs found. */
export interface AttackRun {
  readonly staff: readonly TestUser[];
  readonly before: Snapshot;
  readonly after: Snapshot;
  readonly pairs: readonly { person: string; readable: string | undefined }[];
}

/**
 * The checks every anonymous answer must pass against a reader of storage, after three people answered: the three
 * answers wait sealed on `queue` (nothing matching `unreadable` shows), none can be paired with a person, the people's
 * deliveries and conversations rows are untouched, and the partition's markers are three keyed tags with no person in
 * them. `run` is read when the tests run (after the caller's beforeAll).
 */
export function itKeepsWaitingAnswersUnlinkable(
  run: () => AttackRun,
  o: { queue: (typeof QUEUE_NAMES)[number]; unreadable: RegExp; partition: () => string },
): void {
  it('sees the three answers waiting, sealed: nothing in them is readable', () => {
    const waiting = run().after.messages.filter((m) => m.queue === o.queue);
    expect(waiting).toHaveLength(3);
    for (const m of waiting) {
      expect(m.text).not.toMatch(o.unreadable);
      expect(JSON.parse(m.text)).toEqual({ v: 2, sealed: expect.stringMatching(/^v2:[0-9a-f]{16}:/) });
    }
  });

  it('cannot pair any waiting answer with a person by content, id, ticket or time', () => {
    expect(run().pairs).toEqual([]);
  });

  it("finds the answering people's deliveries and conversations rows untouched, the restarted process included", () => {
    expect(changedRows(run().before, run().after, ['deliveries', 'conversations'])).toEqual([]);
  });

  it('finds only markers under keyed tags: three, with no person in them', () => {
    const markers = markersWithTraces(run().after, o.partition(), run().staff);
    expect(markers).toHaveLength(3);
    for (const m of markers) expect(m).toEqual({ rowKey: expect.stringMatching(/^[0-9a-f]{40}$/), traces: [] });
  });
}
