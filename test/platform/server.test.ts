import { allEntities, startHarness, type Harness } from '../support/harness';
import { personalInstall, personalMessage, user } from '../support/activities';

describe('the HTTP edge', () => {
  describe('with a bot id configured (inbound auth on)', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness({
        bot: { auth: 'MultiTenant', appId: '11111111-2222-4333-8444-555555555555', password: 'not-a-real-secret' },
      });
    });
    afterAll(() => h.stop());

    it.each([
      ['no Authorization header', {}],
      ['a bogus bearer token', { authorization: 'Bearer not.a.jwt' }],
      ['a non-bearer scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ])('answers 401 to %s and stores nothing', async (_label, headers) => {
      const alice = user('Alice');
      const res = await h.post(
        personalInstall({ serviceUrl: h.emulator.url, user: alice, conversationId: 'a:1' }),
        headers,
      );
      expect(res.status).toBe(401);
      expect(await allEntities(h.table('conversations'))).toHaveLength(0);
      expect(h.emulator.calls).toHaveLength(0);
    });
  });

  describe('in local mode', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness();
    });
    afterAll(() => h.stop());

    it('answers /healthz and /readyz', async () => {
      expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${h.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });
    });

    it('rejects an oversized body with 413', async () => {
      const alice = user('Alice');
      const big = personalMessage({
        serviceUrl: h.emulator.url,
        user: alice,
        conversationId: 'a:big',
        text: 'x'.repeat(300 * 1024),
      });
      const res = await h.post(big);
      expect(res.status).toBe(413);
      expect(await allEntities(h.table('conversations'))).toHaveLength(0);
    });

    it('rejects malformed JSON with 400', async () => {
      expect((await h.post('{"type": "message", ')).status).toBe(400);
      expect((await h.post('[1,2,3]')).status).toBe(400);
      expect((await h.post('"just a string"')).status).toBe(400);
    });

    it('still serves health and a valid turn after 1,000 malformed or random requests', async () => {
      const rand = seeded(20261122);
      const junk = (): string => {
        switch (Math.floor(rand() * 6)) {
          case 0:
            return randomBytesString(rand, Math.floor(rand() * 2000));
          case 1:
            return JSON.stringify({
              type: pick(rand, ['message', 'invoke', 'conversationUpdate', 'installationUpdate', 42, null]),
            });
          case 2:
            return JSON.stringify({
              type: 'invoke',
              name: 'adaptiveCard/action',
              value: pick(rand, [
                null,
                7,
                'x',
                { action: null },
                { action: { type: 'Action.Execute', verb: 'roles.grant', data: 'x' } },
              ]),
            });
          case 3:
            return JSON.stringify({
              type: 'message',
              text: randomBytesString(rand, 50),
              conversation: pick(rand, [undefined, {}, { id: 5 }]),
              from: pick(rand, [undefined, {}, { id: null }]),
            });
          case 4:
            return '{'.repeat(Math.floor(rand() * 500));
          default:
            return JSON.stringify({
              type: 'conversationUpdate',
              membersAdded: pick(rand, [null, [{}], 'x']),
              channelData: pick(rand, [null, { team: 5 }]),
            });
        }
      };
      const statuses = new Map<number, number>();
      for (let i = 0; i < 1000; i += 20) {
        const batch = await Promise.all(Array.from({ length: 20 }, () => h.post(junk())));
        for (const r of batch) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      }
      // Every request got an answer (a dropped connection would have thrown), and none crashed a handler: junk is
      // refused (400), handled (200), or an invoke nobody implements (501, the Bot Framework convention) — never 500.
      expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([200, 400]));
      expect([...statuses.keys()].filter((s) => ![200, 400, 501].includes(s))).toEqual([]);
      expect((await fetch(`${h.url}/healthz`)).status).toBe(200);

      const alice = user('Alice After Fuzz');
      const conversationId = h.emulator.conversationIdFor(alice.id);
      const res = await h.post(
        personalMessage({ serviceUrl: h.emulator.url, user: alice, conversationId, text: 'help' }),
      );
      expect(res.status).toBe(200);
      expect(h.emulator.sent(conversationId).length).toBeGreaterThanOrEqual(1);
    }, 120_000);
  });
});

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
function pick<T>(rand: () => number, items: T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}
function randomBytesString(rand: () => number, length: number): string {
  return Array.from({ length }, () => String.fromCharCode(Math.floor(rand() * 256))).join('');
}
