import type { Harness } from './harness';
import { user } from './activities';
import { keyedBy } from './request-log';

describe('the request-log check (test/privacy/request-log.test.ts)', () => {
  it('classifies the requests a reader of the log sees', () => {
    const h = { emulator: { conversationIdFor: (id: string) => `a:${id}` } } as unknown as Harness;
    const p = user('Pat Person');
    const k = (path: string) => keyedBy(h, [p], { method: 'GET', path });
    expect(k(`/devstoreaccount1/tdeliveries(PartitionKey='w',RowKey='${p.aadObjectId}')`)).toEqual({
      people: [p.aadObjectId],
      anonymous: undefined,
    });
    expect(k(`/devstoreaccount1/tanswered(PartitionKey='w',RowKey='${'a'.repeat(40)}')`).anonymous).toBe(
      'answered row',
    );
    expect(k('/devstoreaccount1/tanswered()').anonymous).toBeUndefined();
    expect(k(`/devstoreaccount1/tcasereporters(PartitionKey='mine',RowKey='${'b'.repeat(40)}')`).anonymous).toBe(
      'casereporters row',
    );
    expect(k("/devstoreaccount1/tcases(PartitionKey='case',RowKey='FTSU-2026-0001')").anonymous).toBe('case reference');
    expect(k('/devstoreaccount1/t-responses/messages').anonymous).toBe('queued answer');
    expect(k('/devstoreaccount1/t-outbox/messages')).toEqual({ people: [], anonymous: undefined });
  });
});
