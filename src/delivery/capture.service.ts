import type { Clock } from '../platform/clock';
import type { ConversationRef } from '../platform/conversation-ref';
import { isGuid } from '../platform/keys';
import type { Log } from '../platform/log';
import type { KnownUser, TableConversationStore } from './conversation.store';

/** A team as Teams describes it on install. */
export interface TeamInstall {
  readonly teamId: string;
  readonly name?: string;
  readonly serviceUrl: string;
  readonly tenantId?: string;
  readonly botId: string;
  readonly channels: readonly { id: string; name?: string }[];
}

/** One channel the app was added to on its own (a private or shared channel), as Teams describes it. */
export interface ChannelInstall {
  readonly teamId: string;
  readonly teamName?: string;
  readonly channelName?: string;
  /** When Teams says (channelData.channel.type). */
  readonly channelType?: 'private' | 'shared';
  /** The channel's own conversation: its id is the channel's, not the host team's. */
  readonly ref: ConversationRef;
}

/** Remembers every conversation the app is installed in, so the bot can message it later. */
export class CaptureService {
  constructor(private readonly deps: { conversations: TableConversationStore; clock: Clock; log: Log }) {}

  /**
   * A person installed the app (or wrote to it). `welcome` is true once per install, even when Teams sends both
   * installationUpdate and conversationUpdate for it, or two processes handle them.
   */
  async personalInstalled(
    aadObjectId: string | undefined,
    name: string | undefined,
    ref: ConversationRef,
  ): Promise<{ welcome: boolean }> {
    if (!isGuid(aadObjectId)) {
      this.deps.log.warn({ conversationKind: ref.kind }, 'personal install without an Entra object id; not captured');
      return { welcome: false };
    }
    const { activated, firstInstall } = await this.deps.conversations.activateUser(
      aadObjectId,
      ref,
      name,
      this.deps.clock.now(),
    );
    if (activated) this.deps.log.info({ firstInstall }, 'personal conversation captured');
    return { welcome: activated };
  }

  /** Everyone with a captured 1:1 chat, from one scan of the `user` partition (no request keyed by a person). */
  capturedPeople(): AsyncIterable<KnownUser> {
    return this.deps.conversations.users();
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
      const ref: ConversationRef = {
        kind: 'channel',
        serviceUrl: team.serviceUrl,
        conversationId: channel.id,
        tenantId: team.tenantId,
        botId: team.botId,
      };
      // The General channel has the team's id and no name in Teams' answer.
      await this.deps.conversations.saveChannel(
        { teamId: team.teamId, name: channel.name ?? (channel.id === team.teamId ? 'General' : undefined), ref },
        at,
      );
    }
    this.deps.log.info({ channels: team.channels.length }, 'team captured');
  }

  /**
   * The app was added to one channel of a team it is installed in: a private or shared channel, which Teams lets the
   * app into channel by channel. The channel keeps its own conversation id (never the team's) and is filed under its
   * host team, so uninstalling the team marks it too. Teams lets the app into such a channel only once the host team
   * has it, so a team not known as active (its install event missed) is recorded as installed too.
   */
  async channelInstalled(install: ChannelInstall): Promise<void> {
    const at = this.deps.clock.now();
    const team = await this.deps.conversations.findTeam(install.teamId);
    if (team?.status !== 'active') {
      await this.deps.conversations.saveTeam(
        {
          teamId: install.teamId,
          name: install.teamName,
          serviceUrl: install.ref.serviceUrl,
          tenantId: install.ref.tenantId,
        },
        at,
      );
    }
    await this.deps.conversations.saveChannel(
      { teamId: install.teamId, name: install.channelName, ref: install.ref },
      at,
    );
    this.deps.log.info({ channelType: install.channelType ?? 'unknown' }, 'channel captured');
  }

  /** The app was removed from one private or shared channel: that channel only; the team keeps the app. */
  async channelUninstalled(channelId: string): Promise<void> {
    await this.deps.conversations.setStatus('channel', channelId, 'uninstalled', this.deps.clock.now());
    this.deps.log.info('channel marked uninstalled');
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
