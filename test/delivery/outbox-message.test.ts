import { SpeakUpKeys, newSealingKey } from '../../src/platform/crypto';
import { contentOf, parseOutboxMessage, toOutboxMessage } from '../../src/delivery/outbox-message';
import { ConversationLimiter, retryDelayMs, TokenBucket } from '../../src/delivery/rate-limit';

describe('outbox messages', () => {
  const draft = {
    key: 'k1',
    kind: 'test',
    to: { user: '0f1e2d3c-4b5a-4678-9abc-def012345678' },
    op: { type: 'send' as const, card: { inline: { type: 'AdaptiveCard' } } },
  };

  it('round-trips a valid message', () => {
    const m = toOutboxMessage('wave-1', draft);
    expect(parseOutboxMessage(JSON.stringify(m))).toEqual({ ok: true, message: m });
  });

  it.each([
    ['not JSON', '{', /^malformed: not JSON/],
    ['another version', JSON.stringify({ v: 2 }), /^unknown version: 2/],
    ['no version', JSON.stringify({ batch: 'x' }), /^unknown version: null/],
    ['a key with a slash', JSON.stringify({ ...toOutboxMessage('b', draft), key: 'a/b' }), /^malformed: key/],
    [
      'an update without an activity id',
      JSON.stringify({ ...toOutboxMessage('b', draft), op: { type: 'update', card: { inline: {} } } }),
      /^malformed: op/,
    ],
  ])('refuses %s with a reason', (_label, text, reason) => {
    const r = parseOutboxMessage(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(reason);
  });

  it('refuses to build an invalid message', () => {
    expect(() => toOutboxMessage('bad batch!', draft)).toThrow(/invalid message/);
  });
});

describe('rate limits', () => {
  it('spaces a token bucket evenly at its rate', () => {
    let now = 0;
    const bucket = new TokenBucket(40, 1, () => now);
    const waits = Array.from({ length: 5 }, () => bucket.reserve());
    expect(waits).toEqual([0, 25, 50, 75, 100]);
    now = 1000;
    expect(bucket.reserve()).toBe(0);
  });

  it('holds a conversation to 7 a second and 60 in 30 seconds', () => {
    const limiter = new ConversationLimiter();
    const waits = Array.from({ length: 8 }, () => limiter.tryTake('c', 1000));
    expect(waits.slice(0, 7)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(waits[7]).toBe(1000);
    let t = 1000;
    let sent = 7;
    while (t < 30_000) {
      t += 100;
      if (limiter.tryTake('c', t) === 0) sent++;
    }
    expect(sent).toBe(60);
    expect(limiter.tryTake('other', t)).toBe(0);
  });

  it('backs off exponentially with jitter, honouring Retry-After', () => {
    expect(retryDelayMs(1, 0, () => 0)).toBe(50);
    expect(retryDelayMs(1, 0, () => 1)).toBe(100);
    expect(retryDelayMs(5, 0, () => 1)).toBe(1600);
    expect(retryDelayMs(30, 0, () => 1)).toBe(300_000);
    expect(retryDelayMs(1, 7000, () => 1)).toBe(7000);
  });

  it('seals a private message so the queue holds neither its recipient nor its card', () => {
    const sealer = new SpeakUpKeys(newSealingKey());
    const to = {
      conversation: {
        kind: 'personal' as const,
        serviceUrl: 'https://smba.example',
        conversationId: 'a:reporter-chat',
        botId: '28:bot',
      },
    };
    const draft = {
      key: 'r-1',
      kind: 'speak-up-relay',
      private: true,
      to,
      op: {
        type: 'send' as const,
        card: { inline: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'the secret reply' }] } },
      },
    };
    const message = toOutboxMessage('case-FTSU-2026-0001', draft, sealer);
    const wire = JSON.stringify(message);
    expect(wire).not.toContain('reporter-chat');
    expect(wire).not.toContain('secret');
    const parsed = parseOutboxMessage(wire);
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && contentOf(parsed.message, sealer)).toEqual({ to, op: draft.op });
    expect(() => parsed.ok && contentOf(parsed.message, new SpeakUpKeys(newSealingKey()))).toThrow();
    expect(() => toOutboxMessage('case-FTSU-2026-0001', draft)).toThrow(/sealing key/);
  });
});
