import type { Clock } from '../platform/clock';
import type { ConversationRef } from '../platform/conversation-ref';
import type { Log } from '../platform/log';
import type { ConnectorDirectory } from '../platform/teams/directory';
import type { TableConversationStore } from './conversation.store';
import type { TokenBucket } from './rate-limit';

// Members per roster page: a few hundred keeps each page's memory small and each call quick.
const ROSTER_PAGE = 200;
// When Teams will not look a person up by Entra object id, the first roster page of each team is searched instead:
// enough for the small teams where that happens (the Agents Playground), bounded for a trust-sized team.
const NAME_SEARCH_PAGE = 500;
// Teams asked for names per lookup: a person in none of the first few is very likely in none (a first admin from
// configuration who is in no team with the app), and the roles card should not wait on every team in a trust.
const NAME_SEARCH_TEAMS = 10;

/** Names Teams gives for people the bot has no chat with: looked up when needed, never stored. */
export interface MemberNames {
  /** Entra object id (lower case) → display name, for those of `aadObjectIds` found in a team the app is in. */
  namesOf(aadObjectIds: readonly string[]): Promise<ReadonlyMap<string, string>>;
}

/** A member of a team as Teams' roster lists them. */
export interface RosterMember {
  readonly aadObjectId: string;
  readonly name?: string;
  readonly userPrincipalName?: string;
  /** As Teams gives it: `user` for members and owners alike (docs/deploy.md#team-leads). */
  readonly userRole?: string;
}

/** Whether Teams lists someone in a team: `unknown` when it did not answer (throttled, failing, app not there). */
export type Membership = { kind: 'member'; member: RosterMember } | { kind: 'not-member' } | { kind: 'unknown' };

/** Who is in a team the app is installed in, asked of Teams each time (never stored): what team leads need. */
export interface TeamRosters {
  /** The team's members, a page at a time; throws if Teams does not answer or the app is not in the team. */
  roster(teamId: string): AsyncIterable<RosterMember>;
  /** Whether someone (Entra object id, or user principal name) is a member of the team now. */
  membership(teamId: string, who: string): Promise<Membership>;
}

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
export class RosterService implements MemberNames, TeamRosters {
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
    const team = await this.activeTeam(teamId);
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

  async *roster(teamId: string): AsyncIterable<RosterMember> {
    const team = await this.activeTeam(teamId);
    let token: string | undefined;
    do {
      await this.deps.bucket.take();
      const page = await this.deps.directory.pagedMembers(team.serviceUrl, teamId, token, NAME_SEARCH_PAGE);
      if (page.kind !== 'ok') throw new Error(`Roster: could not list the members of team ${teamId} (${page.kind})`);
      for (const { aadObjectId, name, userPrincipalName, userRole } of page.value.members)
        if (aadObjectId) yield { aadObjectId, name, userPrincipalName, userRole };
      token = page.value.continuationToken;
    } while (token);
  }

  async membership(teamId: string, who: string): Promise<Membership> {
    const team = await this.deps.conversations.findTeam(teamId);
    if (!team || team.status !== 'active') return { kind: 'unknown' };
    await this.deps.bucket.take();
    const found = await this.deps.directory.member(team.serviceUrl, teamId, who);
    if (found.kind === 'ok' && found.value.aadObjectId) {
      const { aadObjectId, name, userPrincipalName, userRole } = found.value;
      return { kind: 'member', member: { aadObjectId, name, userPrincipalName, userRole } };
    }
    if (found.kind !== 'failed' || found.status !== 404) return { kind: 'unknown' };
    // Not found by that id: confirmed from the roster itself, as some hosts (the Agents Playground) look members up
    // by Teams id only. Only a complete roster that lacks them says they are not a member.
    const wanted = who.toLowerCase();
    try {
      for await (const member of this.roster(teamId))
        if (member.aadObjectId === wanted || member.userPrincipalName?.toLowerCase() === wanted)
          return { kind: 'member', member };
    } catch {
      return { kind: 'unknown' };
    }
    return { kind: 'not-member' };
  }

  async namesOf(aadObjectIds: readonly string[]): Promise<ReadonlyMap<string, string>> {
    const names = new Map<string, string>();
    const missing = () => [...new Set(aadObjectIds.map((id) => id.toLowerCase()))].filter((id) => !names.has(id));
    for (const team of (await this.deps.conversations.activeTeams()).slice(0, NAME_SEARCH_TEAMS)) {
      if (missing().length === 0) break;
      for (const id of missing()) {
        await this.deps.bucket.take();
        const found = await this.deps.directory.member(team.serviceUrl, team.teamId, id);
        if (found.kind === 'ok' && found.value.name) names.set(id, found.value.name);
      }
      const left = new Set(missing());
      if (left.size === 0) break;
      await this.deps.bucket.take();
      const page = await this.deps.directory.pagedMembers(team.serviceUrl, team.teamId, undefined, NAME_SEARCH_PAGE);
      if (page.kind !== 'ok') continue;
      for (const m of page.value.members)
        if (m.aadObjectId && m.name && left.has(m.aadObjectId)) names.set(m.aadObjectId, m.name);
    }
    return names;
  }

  private async activeTeam(teamId: string) {
    const team = await this.deps.conversations.findTeam(teamId);
    if (!team || team.status !== 'active') throw new Error(`Roster: the app is not installed in team ${teamId}`);
    return team;
  }

  private async botIdFor(teamId: string): Promise<string> {
    const channel = (await this.deps.conversations.channelsOf(teamId))[0];
    if (!channel) throw new Error(`Roster: no channel of team ${teamId} is known, so the bot's id there is unknown`);
    return channel.ref.botId;
  }
}
