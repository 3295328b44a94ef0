import { odata, type TableClient } from '@azure/data-tables';
import type { ConversationRef } from '../platform/conversation-ref';
import { fromKey, toKey } from '../platform/keys';
import { unlessRefused } from '../platform/storage';
import { createIfAbsent, getRow } from '../platform/tables';

/** Whether the bot can still reach a conversation. Rows are never deleted; history stays. */
export type ConversationStatus = 'active' | 'uninstalled' | 'blocked' | 'gone';

export interface KnownUser {
  readonly aadObjectId: string;
  readonly name?: string;
  readonly ref: ConversationRef;
  readonly status: ConversationStatus;
  readonly firstInstalledAt: string;
}

export interface KnownTeam {
  readonly teamId: string;
  readonly name?: string;
  readonly serviceUrl: string;
  readonly tenantId?: string;
  readonly status: ConversationStatus;
}

export interface KnownChannel {
  readonly conversationId: string;
  readonly teamId: string;
  readonly name?: string;
  readonly ref: ConversationRef;
  readonly status: ConversationStatus;
}

/** Who and which teams the bot can reach: what other features read of delivery's captured conversations. */
export interface ConversationDirectory {
  findUser(aadObjectId: string): Promise<KnownUser | undefined>;
  users(): AsyncIterable<KnownUser>;
  activeTeams(): Promise<KnownTeam[]>;
  findTeam(teamId: string): Promise<KnownTeam | undefined>;
}

// PartitionKeys of the conversations table: one per kind of conversation.
const P = { user: 'user', team: 'team', channel: 'channel', chat: 'chat' } as const;

/** Conversation references captured on install, in the `conversations` table (see docs/data-model.md). */
export class TableConversationStore implements ConversationDirectory {
  constructor(private readonly table: TableClient) {}

  /**
   * Stores or refreshes a person's 1:1 chat. `activated` is true for exactly one caller when the chat becomes
   * reachable (first install or re-install): the create and the status change are conditional writes, so two
   * processes handling the same install event cannot both think they activated it (and both send a welcome).
   */
  async activateUser(
    aadObjectId: string,
    ref: ConversationRef,
    name: string | undefined,
    at: Date,
  ): Promise<{ activated: boolean; firstInstall: boolean }> {
    const row = {
      partitionKey: P.user,
      rowKey: aadObjectId,
      ref: JSON.stringify(ref),
      name: name ?? '',
      status: 'active',
      updatedAt: at.toISOString(),
    };
    const existing = await this.readUserRow(aadObjectId);
    if (!existing) {
      const created = (await createIfAbsent(this.table, { ...row, firstInstalledAt: at.toISOString() })) !== undefined;
      return { activated: created, firstInstall: created };
    }
    if (existing.status === 'active') {
      // Rewritten only when something changed: an unchanged rewrite would stamp the row (keyed by the person) with
      // the time of whatever they were doing, such as answering a survey or raising a concern.
      if (existing.ref !== row.ref || (name !== undefined && existing.name !== row.name))
        await this.table.upsertEntity(row, 'Merge');
      return { activated: false, firstInstall: false };
    }
    const activated =
      (await unlessRefused(this.table.updateEntity(row, 'Merge', { etag: existing.etag }), ['changed'])) !== undefined;
    return { activated, firstInstall: false };
  }

  private async readUserRow(
    aadObjectId: string,
  ): Promise<{ status: ConversationStatus; etag: string; ref: string; name: string } | undefined> {
    const e = await getRow<{ status: ConversationStatus; ref?: string; name?: string }>(
      this.table,
      P.user,
      aadObjectId,
    );
    return e && { status: e.status, etag: e.etag, ref: e.ref ?? '', name: e.name ?? '' };
  }

  async findUser(aadObjectId: string): Promise<KnownUser | undefined> {
    const row = await getRow(this.table, P.user, aadObjectId);
    return row && toUser(row);
  }

  /** Every person the bot has a chat with, page by page, so that large tenants never sit in memory at once. */
  async *users(): AsyncIterable<KnownUser> {
    for await (const e of this.table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${P.user}` } }))
      yield toUser(e);
  }

  async saveTeam(
    team: { teamId: string; name?: string; serviceUrl: string; tenantId?: string },
    at: Date,
  ): Promise<void> {
    await this.table.upsertEntity(
      {
        partitionKey: P.team,
        rowKey: toKey(team.teamId),
        name: team.name ?? '',
        serviceUrl: team.serviceUrl,
        tenantId: team.tenantId ?? '',
        status: 'active',
        updatedAt: at.toISOString(),
      },
      'Merge',
    );
  }

  async findTeam(teamId: string): Promise<KnownTeam | undefined> {
    const e = await getRow<Record<string, string>>(this.table, P.team, toKey(teamId));
    return (
      e && {
        teamId,
        name: e.name || undefined,
        serviceUrl: e.serviceUrl ?? '',
        tenantId: e.tenantId || undefined,
        status: e.status as ConversationStatus,
      }
    );
  }

  /** Every team the app is installed in now. */
  async activeTeams(): Promise<KnownTeam[]> {
    const out: KnownTeam[] = [];
    const filter = odata`PartitionKey eq ${P.team} and status eq ${'active'}`;
    for await (const e of this.table.listEntities<Record<string, string>>({ queryOptions: { filter } })) {
      out.push({
        teamId: fromKey(e.rowKey!),
        name: e.name || undefined,
        serviceUrl: e.serviceUrl ?? '',
        tenantId: e.tenantId || undefined,
        status: 'active',
      });
    }
    return out;
  }

  async saveChannel(channel: { teamId: string; name?: string; ref: ConversationRef }, at: Date): Promise<void> {
    await this.table.upsertEntity(
      {
        partitionKey: P.channel,
        rowKey: toKey(channel.ref.conversationId),
        teamId: channel.teamId,
        name: channel.name ?? '',
        ref: JSON.stringify(channel.ref),
        status: 'active',
        updatedAt: at.toISOString(),
      },
      'Merge',
    );
  }

  async channelsOf(teamId: string): Promise<KnownChannel[]> {
    const out: KnownChannel[] = [];
    const filter = odata`PartitionKey eq ${P.channel} and teamId eq ${teamId}`;
    for await (const e of this.table.listEntities<Record<string, string>>({ queryOptions: { filter } })) {
      out.push({
        conversationId: fromKey(e.rowKey!),
        teamId,
        name: e.name || undefined,
        ref: JSON.parse(e.ref!),
        status: e.status as ConversationStatus,
      });
    }
    return out;
  }

  async saveChat(ref: ConversationRef, at: Date): Promise<void> {
    await this.table.upsertEntity(
      {
        partitionKey: P.chat,
        rowKey: toKey(ref.conversationId),
        ref: JSON.stringify(ref),
        status: 'active',
        updatedAt: at.toISOString(),
      },
      'Merge',
    );
  }

  /** Marks a conversation as no longer reachable (uninstalled, blocked or gone). Never deletes the row. */
  async setStatus(kind: keyof typeof P, id: string, status: ConversationStatus, at: Date): Promise<void> {
    const rowKey = kind === 'user' ? id : toKey(id);
    // Missing: nothing captured for it, so nothing to mark.
    await unlessRefused(
      this.table.updateEntity({ partitionKey: P[kind], rowKey, status, updatedAt: at.toISOString() }, 'Merge'),
      ['missing'],
    );
  }

  async statusOf(kind: keyof typeof P, id: string): Promise<ConversationStatus | undefined> {
    return (await getRow<{ status: ConversationStatus }>(this.table, P[kind], kind === 'user' ? id : toKey(id)))
      ?.status;
  }
}

function toUser(e: Record<string, unknown>): KnownUser {
  return {
    aadObjectId: String(e.rowKey),
    name: (e.name as string) || undefined,
    ref: JSON.parse(String(e.ref)) as ConversationRef,
    status: e.status as ConversationStatus,
    firstInstalledAt: String(e.firstInstalledAt ?? ''),
  };
}
