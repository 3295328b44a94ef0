import { createHash } from 'node:crypto';
import type { DeliveryLookup, OutboxService } from '../delivery';
import type { ChannelRegistry, Registration, RoleService } from '../people';
import type { CardJson } from '../platform/cards';
import type { ConversationRef } from '../platform/conversation-ref';
import type { Case } from './case';
import type { Reporter, TableCaseReporterStore } from './case-reporter.store';

/** The outbox batch of a case: its card in each guardians' channel, thread posts, and messages to the reporter. */
export const caseBatch = (ref: string) => `case-${ref}`;
const channelKey = (conversationId: string) =>
  `card-${createHash('sha256').update(conversationId).digest('hex').slice(0, 24)}`;

/**
 * The only code that reads who raised a case: it delivers messages to the reporter and answers "is this caller the
 * reporter?", and gives guardians the name only for open and confidential cases. It never returns an anonymous
 * reporter's identity to anyone.
 */
export class RelayService {
  private sends = 0;

  constructor(
    private readonly deps: {
      reporters: TableCaseReporterStore;
      outbox: OutboxService;
      deliveries: DeliveryLookup;
      registrations: ChannelRegistry;
      roles: RoleService;
    },
  ) {}

  recordReporter(caseRef: string, reporter: Reporter): Promise<void> {
    return this.deps.reporters.put(caseRef, reporter);
  }

  /** What guardians see as the reporter: the name for open and confidential cases, "Anonymous" otherwise. */
  async reporterLabel(c: Case): Promise<string> {
    if (c.mode === 'anonymous') return 'Anonymous';
    return (await this.deps.reporters.get(c.ref))?.name ?? 'Name not known';
  }

  async isReporter(caseRef: string, aadObjectId: string | undefined): Promise<boolean> {
    if (!aadObjectId) return false;
    return (await this.deps.reporters.get(caseRef))?.aadObjectId.toLowerCase() === aadObjectId.toLowerCase();
  }

  casesOf(aadObjectId: string): Promise<string[]> {
    return this.deps.reporters.casesOf(aadObjectId);
  }

  /** Retention: forgets who raised a case (their `my cases` entry, then the sealed identity). Safe to repeat. */
  forgetReporter(caseRef: string): Promise<void> {
    return this.deps.reporters.forget(caseRef);
  }

  /** Sends a card to the reporter's 1:1 chat through the outbox. `key` makes a retried relay send once. */
  async toReporter(caseRef: string, key: string, card: CardJson): Promise<boolean> {
    const reporter = await this.deps.reporters.get(caseRef);
    if (!reporter) return false;
    await this.deps.outbox.enqueue(caseBatch(caseRef), {
      key: `r-${key}`,
      kind: 'speak-up-relay',
      private: true,
      to: { conversation: reporter.ref },
      op: { type: 'send', card: { inline: card }, summary: 'A message from your Freedom to Speak Up guardian' },
    });
    return true;
  }

  /** Whether a conversation is a registered guardians' channel (where guardian actions may come from). */
  async isGuardiansChannel(conversationId: string): Promise<boolean> {
    return (await this.deps.registrations.list('guardians')).some((r) => r.ref.conversationId === conversationId);
  }

  /** Posts the case card to every guardians' channel; false when none is registered yet. */
  async postCase(caseRef: string, card: CardJson): Promise<boolean> {
    const channels = await this.deps.registrations.list('guardians');
    for (const ch of channels) {
      await this.deps.outbox.enqueue(caseBatch(caseRef), {
        key: channelKey(ch.ref.conversationId),
        kind: 'speak-up-case',
        private: true,
        to: { conversation: ch.ref },
        op: { type: 'send', card: { inline: card }, summary: `Speak-up case ${caseRef}` },
      });
    }
    return channels.length > 0;
  }

  /**
   * Updates the case card in place and/or adds a post to its thread, in every channel where the card has been
   * delivered (a card still on its way is updated by the next change). A thread post holding what the reporter wrote
   * goes only to channels registered by someone who holds the guardian role now; the others get `withheld` instead.
   */
  async toGuardians(
    caseRef: string,
    update: { card?: CardJson; thread?: CardJson; withheld?: CardJson },
    key: string,
  ): Promise<void> {
    for (const ch of await this.deps.registrations.list('guardians')) {
      const vouched = !update.withheld || (await this.deps.roles.has(ch.registeredBy, 'guardian'));
      await this.toChannel(ch, caseRef, { card: update.card, thread: vouched ? update.thread : update.withheld }, key);
    }
  }

  private async toChannel(
    ch: Registration,
    caseRef: string,
    update: { card?: CardJson; thread?: CardJson },
    key: string,
  ): Promise<void> {
    const posted = await this.deps.deliveries.get(caseBatch(caseRef), channelKey(ch.ref.conversationId));
    const k = `${channelKey(ch.ref.conversationId)}-${key}`;
    if (!posted?.activityId) {
      // The case card has not reached this channel yet: post the entry on its own, naming its case, so nothing is lost.
      if (update.thread) {
        const named = {
          ...update.thread,
          body: [
            { type: 'TextBlock', text: `Speak-up case ${caseRef}`, isSubtle: true, wrap: true },
            ...((update.thread.body as unknown[]) ?? []),
          ],
        };
        await this.deps.outbox.enqueue(caseBatch(caseRef), {
          key: `t-${k}`,
          kind: 'speak-up-thread',
          private: true,
          to: { conversation: ch.ref },
          op: { type: 'send', card: { inline: named } },
        });
      }
      return;
    }
    const thread: ConversationRef = {
      ...ch.ref,
      conversationId: `${ch.ref.conversationId};messageid=${posted.activityId}`,
    };
    if (update.card)
      await this.deps.outbox.enqueue(caseBatch(caseRef), {
        key: `u-${k}-${++this.sends}-${Date.now()}`,
        kind: 'speak-up-update',
        private: true,
        to: { conversation: ch.ref },
        op: { type: 'update', activityId: posted.activityId, card: { inline: update.card } },
      });
    if (update.thread)
      await this.deps.outbox.enqueue(caseBatch(caseRef), {
        key: `t-${k}`,
        kind: 'speak-up-thread',
        private: true,
        to: { conversation: thread },
        op: { type: 'send', card: { inline: update.thread } },
      });
  }
}
