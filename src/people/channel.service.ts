import type { TableAuditLog } from '../platform/audit';
import type { Clock } from '../platform/clock';
import type { ConversationRef } from '../platform/conversation-ref';
import { isGuid } from '../platform/keys';
import type { TableRegistrationStore, Registration } from './registration.store';
import type { RoleService } from './role.service';
import type { ChannelPurpose, ChannelType } from './roles';

export type ChannelChange = { kind: 'registered' | 'already-registered' | 'unregistered' | 'not-registered' } | { kind: 'not-allowed' } | { kind: 'not-a-channel' };

/** Registers the channels that receive leadership digests and speak-up cases. Admins only; every change audited. */
export class ChannelService {
  constructor(private readonly deps: { registrations: TableRegistrationStore; roles: RoleService; audit: TableAuditLog; clock: Clock }) {}

  /** `ref` is the channel's own conversation: for a private channel its id, not its host team's. */
  async register(actor: string | undefined, purpose: ChannelPurpose, ref: ConversationRef, names: { channel?: string; team?: string; type?: ChannelType }): Promise<ChannelChange> {
    const refused = await this.refuse(actor, `channel.register.${purpose}`, ref);
    if (refused) return refused;
    const registration: Registration = {
      purpose,
      ref,
      channelName: names.channel,
      teamName: names.team,
      channelType: names.type,
      registeredBy: actor!.toLowerCase(),
      registeredAt: this.deps.clock.now().toISOString(),
    };
    const isNew = await this.deps.registrations.register(registration);
    await this.audit(actor!, `channel.register.${purpose}`, 'done', ref);
    return { kind: isNew ? 'registered' : 'already-registered' };
  }

  async unregister(actor: string | undefined, purpose: ChannelPurpose, ref: ConversationRef): Promise<ChannelChange> {
    const refused = await this.refuse(actor, `channel.unregister.${purpose}`, ref);
    if (refused) return refused;
    const removed = await this.deps.registrations.unregister(purpose, ref.conversationId);
    if (removed) await this.audit(actor!, `channel.unregister.${purpose}`, 'done', ref);
    return { kind: removed ? 'unregistered' : 'not-registered' };
  }

  /** The channels registered for a purpose: where digests and cases go. */
  channels(purpose: ChannelPurpose): Promise<Registration[]> {
    return this.deps.registrations.list(purpose);
  }

  private async refuse(actor: string | undefined, action: string, ref: ConversationRef): Promise<ChannelChange | undefined> {
    if (ref.kind !== 'channel') return { kind: 'not-a-channel' };
    if (await this.deps.roles.has(actor, 'admin')) return undefined;
    await this.audit(actor, action, 'refused', ref);
    return { kind: 'not-allowed' };
  }

  private audit(actor: string | undefined, action: string, outcome: 'done' | 'refused', ref: ConversationRef) {
    return this.deps.audit.record({ scope: 'admin', actor: isGuid(actor) ? actor.toLowerCase() : 'unknown', action, outcome, target: ref.conversationId });
  }
}
