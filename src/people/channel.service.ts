import { createHash } from 'node:crypto';
import type { OutboxService } from '../delivery';
import type { TableAuditLog } from '../platform/audit';
import type { Clock } from '../platform/clock';
import type { ConversationRef } from '../platform/conversation-ref';
import { isGuid } from '../platform/keys';
import { channelLabel, guardianChannelChangeCard } from './people.cards';
import type { TableRegistrationStore, Registration } from './registration.store';
import type { RoleService } from './role.service';
import type { ChannelPurpose, ChannelType } from './roles';

export type ChannelChange =
  | { kind: 'registered' | 'already-registered' | 'unregistered' | 'not-registered' }
  | { kind: 'not-allowed' }
  | { kind: 'not-a-channel' };

/** Who asked for a change, as Teams named them (the name goes into the announcement; roles come from the id). */
export interface ChannelActor {
  readonly aadObjectId?: string;
  readonly name?: string;
}

/** The channel being changed, as Teams described it. */
export interface ChannelNames {
  readonly channel?: string;
  readonly team?: string;
  readonly type?: ChannelType;
}

/** The outbox batch of the announcements of guardians' channel changes. */
const ANNOUNCEMENTS = 'guardian-channels';

/**
 * Registers the channels that receive leadership digests and speak-up cases. Admins only, and for speak-up cases
 * admins who are also guardians; every change audited. A change to where cases go is announced in every channel that
 * received them until then, so cases cannot be re-routed quietly.
 */
export class ChannelService {
  constructor(
    private readonly deps: {
      registrations: TableRegistrationStore;
      roles: RoleService;
      audit: TableAuditLog;
      outbox: OutboxService;
      clock: Clock;
    },
  ) {}

  /** `ref` is the channel's own conversation: for a private channel its id, not its host team's. */
  async register(
    actor: ChannelActor,
    purpose: ChannelPurpose,
    ref: ConversationRef,
    names: ChannelNames,
  ): Promise<ChannelChange> {
    const action = `channel.register.${purpose}`;
    const refused = await this.refuse(actor.aadObjectId, purpose, action, ref);
    if (refused) return refused;
    const before = await this.deps.registrations.list(purpose);
    const registration: Registration = {
      purpose,
      ref,
      channelName: names.channel,
      teamName: names.team,
      channelType: names.type,
      registeredBy: actor.aadObjectId!.toLowerCase(),
      registeredAt: this.deps.clock.now().toISOString(),
    };
    const isNew = await this.deps.registrations.register(registration);
    const announced = isNew
      ? await this.announce(purpose, before, { added: true, ref, names, by: actor.name })
      : undefined;
    await this.audit(actor.aadObjectId!, action, 'done', ref, announced);
    return { kind: isNew ? 'registered' : 'already-registered' };
  }

  async unregister(
    actor: ChannelActor,
    purpose: ChannelPurpose,
    ref: ConversationRef,
    names: ChannelNames = {},
  ): Promise<ChannelChange> {
    const action = `channel.unregister.${purpose}`;
    const refused = await this.refuse(actor.aadObjectId, purpose, action, ref);
    if (refused) return refused;
    const remaining = (await this.deps.registrations.list(purpose)).filter(
      (r) => r.ref.conversationId !== ref.conversationId,
    );
    const removed = await this.deps.registrations.unregister(purpose, ref.conversationId);
    if (removed) {
      const announced = await this.announce(purpose, remaining, { added: false, ref, names, by: actor.name });
      await this.audit(actor.aadObjectId!, action, 'done', ref, announced);
    }
    return { kind: removed ? 'unregistered' : 'not-registered' };
  }

  /** The channels registered for a purpose: where digests and cases go. */
  channels(purpose: ChannelPurpose): Promise<Registration[]> {
    return this.deps.registrations.list(purpose);
  }

  private async refuse(
    actor: string | undefined,
    purpose: ChannelPurpose,
    action: string,
    ref: ConversationRef,
  ): Promise<ChannelChange | undefined> {
    if (ref.kind !== 'channel') return { kind: 'not-a-channel' };
    const roles = await this.deps.roles.rolesOf(actor);
    // Where speak-up cases go decides who reads them: that takes a guardian as well as an admin.
    const missing = !roles.has('admin')
      ? 'caller is not an admin'
      : purpose === 'guardians' && !roles.has('guardian')
        ? 'caller is not a guardian'
        : undefined;
    if (!missing) return undefined;
    await this.audit(actor, action, 'refused', ref, missing);
    return { kind: 'not-allowed' };
  }

  /**
   * Tells every channel that received speak-up cases until now (other than the one the command was typed in, which
   * sees the reply) that the list changed. Returns the audit detail. Digest channels are not told.
   */
  private async announce(
    purpose: ChannelPurpose,
    toldChannels: Registration[],
    change: { added: boolean; ref: ConversationRef; names: ChannelNames; by?: string },
  ): Promise<string | undefined> {
    if (purpose !== 'guardians') return undefined;
    const at = this.deps.clock.now();
    const card = guardianChannelChangeCard({
      added: change.added,
      channel: channelLabel(change.names.channel, change.names.team),
      by: change.by,
    });
    const told = toldChannels.filter((r) => r.ref.conversationId !== change.ref.conversationId);
    // One key per told channel and change: a retried command announces once.
    const key = (r: Registration) =>
      `c-${createHash('sha256').update(`${r.ref.conversationId}|${change.added}|${change.ref.conversationId}|${at.toISOString()}`).digest('hex').slice(0, 32)}`;
    if (told.length > 0)
      await this.deps.outbox.enqueueMany(
        ANNOUNCEMENTS,
        told.map((r) => ({
          key: key(r),
          kind: 'guardian-channel-change',
          to: { conversation: r.ref },
          op: { type: 'send' as const, card: { inline: card }, summary: 'Where speak-up cases go has changed' },
        })),
      );
    return `announced in ${told.length} channel${told.length === 1 ? '' : 's'}`;
  }

  private audit(
    actor: string | undefined,
    action: string,
    outcome: 'done' | 'refused',
    ref: ConversationRef,
    detail?: string,
  ) {
    return this.deps.audit.record({
      scope: 'admin',
      actor: isGuid(actor) ? actor.toLowerCase() : 'unknown',
      action,
      outcome,
      target: ref.conversationId,
      ...(detail ? { detail } : {}),
    });
  }
}
