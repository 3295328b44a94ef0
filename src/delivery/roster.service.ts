import type { Clock } from '../platform/clock';
import type { ConversationRef } from '../platform/conversation-ref';
import type { Log } from '../platform/log';
import type { ConnectorDirectory } from '../platform/teams/directory';
import type { TableConversationStore } from './conversation.store';
import type { TokenBucket } from './rate-limit';

// Members per roster page: a few hundred keeps each page's memory small and each call quick.
const ROSTER_PAGE = 200;

/** What happened when a team member was looked up. */
export type MemberOutcome = 'reachable' | 'created' | 'declined' | 'failed' | 'no-id';

export interface ReachResult {
  readonly members: number;
  readonly alreadyReachable: number;
  readonly created: number;
  /** People who uninstalled or blocked the bot: respected, not re-contacted. */
  readonly declined: number;
  readonly failed: number;
}

/**
 * Reaches the members of a team the app is installed in who never opened a chat with the bot: pages the roster,
 * creates a 1:1 conversation for each unknown person, and stores it like one captured on install. People who
 * uninstalled or blocked the bot are left alone.
 */
export class RosterService {
  constructor(
    private readonly deps: {
      directory: ConnectorDirectory;
      conversations: TableConversationStore;
      bucket: TokenBucket;
      clock: Clock;
      log: Log;
    },
  ) {}

  async reachTeamMembers(teamId: string): Promise<ReachResult> {
    const result = { members: 0, alreadyReachable: 0, created: 0, declined: 0, failed: 0 };
    const counter: Record<Exclude<MemberOutcome, 'no-id'>, keyof ReachResult> = {
      reachable: 'alreadyReachable',
      created: 'created',
      declined: 'declined',
      failed: 'failed',
    };
    for await (const member of this.members(teamId)) {
      result.members++;
      if (member.outcome !== 'no-id') result[counter[member.outcome]]++;
    }
    this.deps.log.info({ ...result }, 'team roster reached');
    return result;
  }

  /**
   * The team's members as they are reached, a roster page at a time (memory stays flat for any team size):
   * `reachable` and `created` members can be sent to; `declined` (uninstalled or blocked) and `failed` cannot.
   */
  async *members(teamId: string): AsyncIterable<{ aadObjectId?: string; outcome: MemberOutcome }> {
    const team = await this.deps.conversations.findTeam(teamId);
    if (!team || team.status !== 'active') throw new Error(`Roster: the app is not installed in team ${teamId}`);
    const botId = await this.botIdFor(teamId);
    let token: string | undefined;
    do {
      await this.deps.bucket.take();
      const page = await this.deps.directory.pagedMembers(team.serviceUrl, teamId, token, ROSTER_PAGE);
      if (page.kind !== 'ok') throw new Error(`Roster: could not list the members of team ${teamId} (${page.kind})`);
      for (const member of page.value.members) {
        if (!member.aadObjectId) {
          yield { outcome: 'no-id' };
          continue;
        }
        const aadObjectId = member.aadObjectId.toLowerCase();
        const known = await this.deps.conversations.findUser(aadObjectId);
        if (known) {
          yield { aadObjectId, outcome: known.status === 'active' ? 'reachable' : 'declined' };
          continue;
        }
        await this.deps.bucket.take();
        const created = await this.deps.directory.createPersonalConversation(team.serviceUrl, {
          botId,
          memberId: member.id,
          tenantId: team.tenantId,
        });
        if (created.kind !== 'ok' || !created.value.conversationId) {
          yield { aadObjectId, outcome: 'failed' };
          continue;
        }
        const ref: ConversationRef = {
          kind: 'personal',
          serviceUrl: team.serviceUrl,
          conversationId: created.value.conversationId,
          tenantId: team.tenantId,
          botId,
          userId: member.id,
        };
        await this.deps.conversations.activateUser(aadObjectId, ref, member.name, this.deps.clock.now());
        yield { aadObjectId, outcome: 'created' };
      }
      token = page.value.continuationToken;
    } while (token);
  }

  private async botIdFor(teamId: string): Promise<string> {
    const channel = (await this.deps.conversations.channelsOf(teamId))[0];
    if (!channel) throw new Error(`Roster: no channel of team ${teamId} is known, so the bot's id there is unknown`);
    return channel.ref.botId;
  }
}
