import { createLog } from '../../src/platform/log';
import type { ConversationRef } from '../../src/platform/conversation-ref';
import { ConnectorMessenger, retryAfterMs } from '../../src/platform/teams/messenger';
import { ConnectorEmulator } from '../support/connector-emulator';
import { freePort } from '../support/free-port';

describe('the messenger', () => {
  let emulator: ConnectorEmulator;
  const messenger = new ConnectorMessenger({ tokens: { token: async () => undefined }, log: createLog('silent') });
  const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'hello' }] };
  let to: ConversationRef;

  beforeAll(async () => {
    emulator = await ConnectorEmulator.start();
    to = { kind: 'personal', serviceUrl: emulator.url, conversationId: 'a:1person', botId: '28:bot' };
  });
  afterEach(() => emulator.reset());
  afterAll(() => emulator.stop());

  it('sends a card and returns the activity id', async () => {
    const result = await messenger.sendCard(to, card);
    expect(result).toEqual({ kind: 'sent', activityId: expect.any(String) });
    const [call] = emulator.sent('a:1person');
    expect(call!.body.attachments[0].content).toEqual(card);
    expect(call!.newActivityId).toBe((result as { activityId: string }).activityId);
  });

  it('updates a card in place', async () => {
    const result = await messenger.updateCard(to, 'act-77', card);
    expect(result).toEqual({ kind: 'sent', activityId: 'act-77' });
    expect(emulator.updates('a:1person')).toHaveLength(1);
  });

  it('returns throttled with the Retry-After the connector gave, making one call only', async () => {
    emulator.failNext(1, { status: 429, retryAfterSeconds: 7 });
    expect(await messenger.sendCard(to, card)).toEqual({ kind: 'throttled', retryAfterMs: 7000 });
    expect(emulator.calls).toHaveLength(1);
  });

  it('returns recipient-gone for a person who blocked the bot, and for a conversation that no longer exists', async () => {
    emulator.block('a:1person');
    expect(await messenger.sendCard(to, card)).toEqual({ kind: 'recipient-gone', reason: 'blocked' });
    emulator.unblock('a:1person');
    emulator.failNext(1, { status: 403, code: 'MessageWritesBlocked' });
    expect(await messenger.sendCard(to, card)).toEqual({ kind: 'recipient-gone', reason: 'blocked' });
    emulator.forget('a:1person');
    expect(await messenger.sendCard(to, card)).toEqual({ kind: 'recipient-gone', reason: 'not-found' });
  });

  it.each([412, 502, 504])('returns a retryable failure for %i', async (status) => {
    emulator.failNext(1, { status });
    expect(await messenger.sendCard({ ...to, conversationId: 'a:2' }, card)).toMatchObject({
      kind: 'failed',
      retryable: true,
      status,
    });
  });

  it('returns a final failure for 413 (card too large)', async () => {
    emulator.failNext(1, { status: 413 });
    expect(await messenger.sendCard({ ...to, conversationId: 'a:3' }, card)).toMatchObject({
      kind: 'failed',
      retryable: false,
      status: 413,
    });
  });

  it('returns a retryable failure, not an exception, when the connector cannot be reached', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/`;
    expect(await messenger.sendCard({ ...to, serviceUrl: closed }, card)).toMatchObject({
      kind: 'failed',
      retryable: true,
    });
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs('soon')).toBe(1000);
    expect(retryAfterMs(null)).toBe(1000);
  });
});
