import type { Clock } from '../platform/clock';
import type { ConversationRef } from '../platform/conversation-ref';
import { isGuid } from '../platform/keys';
import type { Log } from '../platform/log';
import type { TableConversationStore } from './conversation.store';

/** A team as Teams describes it on install. */
export interface TeamInstall {
  readonly teamId: string;
  readonly name?: string;
  readonly serviceUrl: string;
  readonly tenantId?: string;
  readonly botId: string;
  readonly channels: readonly { id: string; name?: string }[];
}

/** Remembers every conversation the app is installed in, so the bot can message it later. */
export class CaptureService {
  constructor(private readonly deps: { conversations: TableConversationStore; clock: Clock; log: Log }) {}

  /**
   * A person installed the app (or wrote to it). `welcome` is true once per install, even when Teams sends both
   * installationUpdate and conversationUpdate for it, or two processes handle them.
   */
  async personalInstalled(aadObjectId: string | undefined, name: string | undefined, ref: ConversationRef): Promise<{ welcome: boolean }> {
    if (!isGuid(aadObjectId)) {
      this.deps.log.warn({ conversationKind: ref.kind }, 'personal install without an Entra object id; not captured');
      return { welcome: false };
    }
    const { activated, firstInstall } = await this.deps.conversations.activateUser(aadObjectId, ref, name, this.deps.clock.now());
    if (activated) this.deps.log.info({ firstInstall }, 'personal conversation captured');
    return { welcome: activated };
  }

  async personalUninstalled(aadObjectId: string | undefined): Promise<void> {
    if (!isGuid(aadObjectId)) return;
    await this.deps.conversations.setStatus('user', aadObjectId, 'uninstalled', this.deps.clock.now());
    this.deps.log.info('personal conversation marked uninstalled');
  }

  /** A team installed the app: the team and each of its channels are stored. */
  async teamInstalled(team: TeamInstall): Promise<void> {
    const at = this.deps.clock.now();
    await this.deps.conversations.saveTeam(team, at);
    for (const channel of team.channels) {
      const ref: ConversationRef = { kind: 'channel', serviceUrl: team.serviceUrl, conversationId: channel.id, tenantId: team.tenantId, botId: team.botId };
      // The General channel has the team's id and no name in Teams' answer.
      await this.deps.conversations.saveChannel({ teamId: team.teamId, name: channel.name ?? (channel.id === team.teamId ? 'General' : undefined), ref }, at);
    }
    this.deps.log.info({ channels: team.channels.length }, 'team captured');
  }

  async teamUninstalled(teamId: string): Promise<void> {
    const at = this.deps.clock.now();
    await this.deps.conversations.setStatus('team', teamId, 'uninstalled', at);
    for (const channel of await this.deps.conversations.channelsOf(teamId)) {
      await this.deps.conversations.setStatus('channel', channel.conversationId, 'uninstalled', at);
    }
    this.deps.log.info('team marked uninstalled');
  }

  async channelChanged(teamId: string, channel: { id: string; name?: string }, ref: ConversationRef): Promise<void> {
    await this.deps.conversations.saveChannel({ teamId, name: channel.name, ref }, this.deps.clock.now());
  }

  async channelDeleted(channelId: string): Promise<void> {
    await this.deps.conversations.setStatus('channel', channelId, 'gone', this.deps.clock.now());
  }

  async chatInstalled(ref: ConversationRef): Promise<void> {
    await this.deps.conversations.saveChat(ref, this.deps.clock.now());
    this.deps.log.info('group chat captured');
  }

  async chatUninstalled(conversationId: string): Promise<void> {
    await this.deps.conversations.setStatus('chat', conversationId, 'uninstalled', this.deps.clock.now());
  }
}
