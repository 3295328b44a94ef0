import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { BotTokenSource } from './bot-auth';
import type { ChannelFacts, Turn } from './turn-facts';

/** A team member as the connector lists them (TeamsChannelAccount). */
export interface TeamMember {
  readonly id: string;
  readonly aadObjectId?: string;
  readonly name?: string;
  readonly userPrincipalName?: string;
  /** Teams documents `user` and `anonymous`; it says `user` for a team's owners too (docs/deploy.md#team-leads). */
  readonly userRole?: string;
}

export type DirectoryResult<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'throttled'; retryAfterMs: number }
  | { kind: 'failed'; status?: number; reason: string };

/**
 * The roster calls the bot needs for people who never opened a chat with it: list a team's members a page at a time,
 * look one member up (by Teams id or Entra object id), and create a 1:1 conversation with one of them. One HTTP call
 * each, outcome as a value.
 */
export class ConnectorDirectory {
  constructor(private readonly deps: { tokens: BotTokenSource }) {}

  pagedMembers(
    serviceUrl: string,
    teamId: string,
    continuationToken?: string,
    pageSize = 500,
  ): Promise<DirectoryResult<{ members: TeamMember[]; continuationToken?: string }>> {
    const query = new URLSearchParams({
      pageSize: String(pageSize),
      ...(continuationToken ? { continuationToken } : {}),
    });
    return this.call(
      'GET',
      serviceUrl,
      `v3/conversations/${encodeURIComponent(teamId)}/pagedmembers?${query}`,
      undefined,
      (body) => ({
        members: ((body?.members ?? []) as unknown[]).map(memberOf),
        continuationToken: body?.continuationToken || undefined,
      }),
    );
  }

  member(serviceUrl: string, teamId: string, memberId: string): Promise<DirectoryResult<TeamMember>> {
    return this.call(
      'GET',
      serviceUrl,
      `v3/conversations/${encodeURIComponent(teamId)}/members/${encodeURIComponent(memberId)}`,
      undefined,
      memberOf,
    );
  }

  createPersonalConversation(
    serviceUrl: string,
    o: { botId: string; memberId: string; tenantId?: string },
  ): Promise<DirectoryResult<{ conversationId: string }>> {
    const body = {
      bot: { id: o.botId },
      members: [{ id: o.memberId }],
      isGroup: false,
      tenantId: o.tenantId,
      channelData: { tenant: { id: o.tenantId } },
    };
    return this.call('POST', serviceUrl, 'v3/conversations', body, (r) => ({ conversationId: String(r?.id ?? '') }));
  }

  private async call<T>(
    method: string,
    serviceUrl: string,
    path: string,
    body: unknown,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the Connector's JSON, read field by field
    read: (json: any) => T,
  ): Promise<DirectoryResult<T>> {
    try {
      const token = await this.deps.tokens.token();
      const response = await fetch(new URL(path, serviceUrl.endsWith('/') ? serviceUrl : `${serviceUrl}/`), {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await response.text();
      if (response.status === 429)
        return { kind: 'throttled', retryAfterMs: (Number(response.headers.get('retry-after')) || 1) * 1000 };
      if (!response.ok) return { kind: 'failed', status: response.status, reason: `HTTP ${response.status}` };
      return { kind: 'ok', value: read(text ? JSON.parse(text) : undefined) };
    } catch (error) {
      return { kind: 'failed', reason: `network: ${(error as Error).message}` };
    }
  }
}

/** One TeamsChannelAccount, read field by field. Teams' documented samples name the Entra id `objectId`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the Connector's JSON
function memberOf(m: any): TeamMember {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return {
    id: String(m?.id ?? ''),
    aadObjectId: text(m?.aadObjectId ?? m?.objectId)?.toLowerCase(),
    name: text(m?.name),
    userPrincipalName: text(m?.userPrincipalName),
    userRole: text(m?.userRole),
  };
}

/**
 * The channels Teams lists for a team, asked in the turn that named the team (through that turn's connector client,
 * so the call goes where the activity came from). Teams need not list every channel; only those with an id count.
 */
export async function teamChannels(turn: Turn, teamId: string): Promise<{ id: string; name?: string }[]> {
  // Every Turn the routes see is the TurnContext teams-ai handed them (see turn-facts.ts); only this folder knows it.
  const listed: ChannelFacts[] = await TeamsInfo.getTeamChannels(turn as unknown as TurnContext, teamId);
  return listed.flatMap((c) => (c.id ? [{ id: c.id, name: c.name }] : []));
}
