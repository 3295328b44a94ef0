import { randomBytes } from 'node:crypto';
import { KeyRing, newSealingKey } from '../../src/platform/crypto';
import { readRow, sealedRow, type StoredAnswers } from '../../src/surveys/answering/response-row';
import { ConnectorEmulator } from '../support/connector-emulator';
import { allEntities, uniqueNamespace } from '../support/harness';
import { startKeyed } from './keyed-harness';

const response = (i: number): StoredAnswers => ({
  answers: { its1: String((i % 5) + 1), its3: `comment ${i}` },
  about: { staffGroup: 'Medical and dental' },
});

describe('stored responses and a key rotation', () => {
  const key1 = newSealingKey();
  const key2 = newSealingKey();
  const ring1 = new KeyRing({ current: key1 }, 'stored-responses');
  const ring2 = new KeyRing({ current: key2 }, 'stored-responses');

  it('moves every stored response and feedback row to the current key, each opening to what it held', async () => {
    const emulator = await ConnectorEmulator.start();
    const h = await startKeyed({ current: key2, previous: [key1], namespace: uniqueNamespace(), emulator });
    try {
      for (let i = 0; i < 130; i++)
        await h.table('responses').createEntity(sealedRow('responses', 'w1', `r${i}`, response(i), ring1));
      for (let i = 0; i < 12; i++)
        await h.table('feedback').createEntity(sealedRow('feedback', 'fb.w1.a', `f${i}`, response(i), ring1));
      const report = await h.app.upkeep.reseal.run();
      expect(report.parts['stored responses']).toEqual({ checked: 130, resealed: 130, left: 0 });
      expect(report.parts['stored feedback']).toEqual({ checked: 12, resealed: 12, left: 0 });
      expect(report.complete).toBe(true);
      const rows = await allEntities(h.table('responses'));
      expect(rows.every((r) => ring2.isCurrent(String(r.sealed)))).toBe(true);
      const opened = rows.map((r) => readRow('responses', r as never, ring2));
      expect(opened.map((o) => (o.kind === 'sealed' ? o.response.answers.its3 : o.kind)).sort()).toEqual(
        Array.from({ length: 130 }, (_, i) => `comment ${i}`).sort(),
      );
    } finally {
      await h.stop();
      await emulator.stop();
    }
  }, 60_000);

  it('opens a sealed row only where it was written: not in another wave, row or table', () => {
    const id = randomBytes(16).toString('hex');
    const row = sealedRow('responses', 'w1', id, response(1), ring1);
    expect(readRow('responses', row, ring1)).toEqual({ kind: 'sealed', response: response(1) });
    expect(readRow('responses', { ...row, partitionKey: 'w2' }, ring1)).toEqual({ kind: 'unreadable' });
    expect(readRow('responses', { ...row, rowKey: 'f'.repeat(32) }, ring1)).toEqual({ kind: 'unreadable' });
    expect(readRow('feedback', row, ring1)).toEqual({ kind: 'unreadable' });
    expect(readRow('responses', row, ring2)).toEqual({ kind: 'unreadable' });
  });
});
