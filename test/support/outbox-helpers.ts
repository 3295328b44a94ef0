import type { OutboxDraft } from '../../src/delivery/outbox-message';
import type { ConversationRef } from '../../src/platform/conversation-ref';
import type { ConnectorEmulator } from './connector-emulator';

/** A draft to a conversation of its own, whose card names its key (so the emulator's records show duplicates). */
export function draftTo(emulatorUrl: string, key: string, conversationId = `a:conv-${key}`): OutboxDraft {
  const ref: ConversationRef = { kind: 'personal', serviceUrl: emulatorUrl, conversationId, botId: '28:bot' };
  return {
    key,
    kind: 'test',
    to: { conversation: ref },
    op: {
      type: 'send',
      card: { inline: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: `key=${key}` }] } },
    },
  };
}

/** How many times each key reached the emulator (successful sends only). */
export function deliveredCounts(emulator: ConnectorEmulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of emulator.sent()) {
    const text: string | undefined = call.body?.attachments?.[0]?.content?.body?.[0]?.text;
    const key = text?.startsWith('key=') ? text.slice(4) : undefined;
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Polls until `done()` holds or the time runs out. */
export async function waitFor(done: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
