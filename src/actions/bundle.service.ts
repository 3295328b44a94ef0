import { createHash, randomUUID } from 'node:crypto';
import type { OutboxDraft, OutboxService } from '../delivery';
import { escapeTemplate } from '../platform/cards';
import { localDay } from '../platform/calendar/local-time';
import type { Clock } from '../platform/clock';
import type { ConversationRef } from '../platform/conversation-ref';
import type { Tagger } from '../platform/crypto';
import { isGuid } from '../platform/keys';
import type { Log } from '../platform/log';
import { askedProofsFor, type AskedIn } from './asked-proofs';
import { feedbackOpen } from './feedback';
import { bundleBatchOf } from './actions-purge.store';
import type { Announcement, TableActionStore } from './actions.store';
import { youSaidWeDidCard, type BundleItem } from './you-said-we-did.cards';

// Marks where the per-person proofs go in the stored template; replaced by the `${asked}` slot after escaping. Random,
// so no text an executive wrote can be taken for it.
const ASKED_SLOT = `asked-slot-${randomUUID()}`;

/**
 * The day's "You said, we did" messages: every action published or done since the last run, one card per person
 * asked in those actions' waves (their deliveries rows, never who answered) and one per leadership channel.
 */
export class ActionBundle {
  constructor(
    private readonly deps: {
      store: TableActionStore;
      /** Who a wave was sent to (through a team: only those asked through it), from its deliveries rows. */
      audience: { askedIn(waveId: string, team?: string): AsyncIterable<string> };
      leadershipChannels: () => Promise<readonly { ref: ConversationRef }[]>;
      outbox: OutboxService;
      /** The survey answer keys: each person's card carries proofs that its waves were sent to them. */
      keys: Tagger;
      clock: Clock;
      log: Log;
      timeZone: string;
    },
  ) {}

  /**
   * The daily job, at the working-hours send slot: every action published or done since the last run, bundled into
   * one card per person (everyone asked in those actions' waves: the wave's deliveries, never who answered) and one per
   * leadership channel. Outbox keys are per person per day, so a rerun (or a second process) never sends twice, and
   * announcements made after today's bundle wait for tomorrow's.
   */
  async sendDaily(tick: Date): Promise<{ people: number; channels: number; actions: number }> {
    const today = localDay(tick, this.deps.timeZone).date;
    const seen = await this.deps.store.lastBundleDay();
    if (seen.day !== today && (await this.deps.store.recordBundleDay(today, seen))) {
      for (const a of await this.deps.store.unsent()) if (!a.day) await this.deps.store.claim(a, today);
    }
    const byDay = new Map<string, Announcement[]>();
    for (const a of await this.deps.store.unsent()) if (a.day) byDay.set(a.day, [...(byDay.get(a.day) ?? []), a]);
    let people = 0;
    let channels = 0;
    let actions = 0;
    for (const [day, announcements] of byDay) {
      const sent = await this.send(day, announcements);
      people += sent.people;
      channels += sent.channels;
      actions += sent.actions;
      for (const a of announcements) await this.deps.store.markSent(a, this.deps.clock.now());
    }
    if (actions > 0) this.deps.log.info({ people, channels, actions }, 'you-said-we-did bundle enqueued');
    return { people, channels, actions };
  }

  private async send(
    day: string,
    announcements: readonly Announcement[],
  ): Promise<{ people: number; channels: number; actions: number }> {
    const items = new Map<string, BundleItem>(); // by action: one entry, "done" when the action is done by now
    for (const a of announcements) {
      const action = await this.deps.store.get(a.surveyId, a.actionId);
      if (!action || action.status === 'dropped') continue;
      const previous = items.get(action.id);
      items.set(action.id, {
        action,
        event: previous?.event === 'published' || a.event === 'published' ? 'published' : 'done',
      });
    }
    if (items.size === 0) return { people: 0, channels: 0, actions: 0 };
    const forPerson = new Map<string, string[]>(); // person → the action ids they hear about
    const askedOf = new Map<string, Map<string, AskedIn>>(); // person → the waves (and teams) those actions are for
    for (const { asked, ids } of audiences(items.values()))
      for await (const person of this.deps.audience.askedIn(asked.waveId, asked.team))
        if (isGuid(person)) {
          forPerson.set(person, [...(forPerson.get(person) ?? []), ...ids]);
          askedOf.set(person, (askedOf.get(person) ?? new Map<string, AskedIn>()).set(keyOf(asked), asked));
        }
    const batch = bundleBatchOf(day);
    const templates = new Map<string, string>(); // set of action ids → template id
    const drafts: OutboxDraft[] = [];
    for (const [person, ids] of forPerson) {
      const set = [...new Set(ids)].sort().join(',');
      let template = templates.get(set);
      if (!template) {
        template = `ysd-${createHash('sha256').update(set).digest('hex').slice(0, 16)}`;
        templates.set(set, template);
        const now = this.deps.clock.now();
        const chosen = [...items.values()]
          .filter((i) => set.split(',').includes(i.action.id))
          .map((i) => ({ ...i, feedback: feedbackOpen(i.action, now) ? ('ask' as const) : undefined }));
        // The proofs differ per person: one slot, filled by the dispatcher (after escaping, so it stays a slot).
        const escaped = JSON.stringify(escapeTemplate(youSaidWeDidCard(chosen, undefined, ASKED_SLOT)));
        await this.deps.outbox.storeTemplate(batch, template, JSON.parse(escaped.replaceAll(ASKED_SLOT, '${asked}')));
      }
      const asked = [...(askedOf.get(person)?.values() ?? [])];
      drafts.push({
        key: person,
        kind: 'you-said-we-did',
        to: { user: person },
        op: {
          type: 'send',
          card: { template, data: { asked: askedProofsFor(this.deps.keys, asked, person) } },
          summary: 'You said, we did',
        },
        // A team's action tells which team the person was asked through: sealed on the queue, like the wave's card.
        ...(asked.some((a) => a.team) ? { private: true } : {}),
      });
    }
    // Leadership channels hear of the organisation's actions; a team's reach its own staff (and show on the actions
    // card and in the digest), so a day of many teams' actions does not flood the channel or outgrow its card.
    const organisation = [...items.values()].filter((i) => !i.action.team);
    const leaders = organisation.length > 0 ? await this.deps.leadershipChannels() : [];
    const leadershipCard = youSaidWeDidCard(organisation);
    for (const c of leaders) {
      // Channel ids can hold characters outbox keys do not allow: a hash names each channel in the batch.
      drafts.push({
        key: `ch-${createHash('sha256').update(c.ref.conversationId).digest('hex').slice(0, 32)}`,
        kind: 'you-said-we-did',
        to: { conversation: c.ref },
        op: {
          type: 'send',
          card: { inline: leadershipCard },
          summary: 'You said, we did',
        },
      });
    }
    await this.deps.outbox.enqueueMany(batch, drafts);
    return {
      people: forPerson.size,
      channels: leaders.length,
      actions: items.size,
    };
  }
}

const keyOf = ({ waveId, team }: AskedIn): string => (team ? `${waveId} ${team}` : waveId);

/** The day's actions by who hears of them: everyone asked in a wave, or everyone asked through a team in it. */
function audiences(items: Iterable<BundleItem>): { asked: AskedIn; ids: string[] }[] {
  const by = new Map<string, { asked: AskedIn; ids: string[] }>();
  for (const { action } of items) {
    const asked = { waveId: action.waveId, ...(action.team ? { team: action.team.id } : {}) };
    const group = by.get(keyOf(asked)) ?? { asked, ids: [] };
    by.set(keyOf(asked), { ...group, ids: [...group.ids, action.id] });
  }
  return [...by.values()];
}
