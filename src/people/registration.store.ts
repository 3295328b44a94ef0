import { odata, type TableClient } from '@azure/data-tables';
import type { ConversationRef } from '../platform/conversation-ref';
import { toKey } from '../platform/keys';
import { unlessRefused } from '../platform/storage';
import { getRow } from '../platform/tables';
import { isChannelType, type ChannelPurpose, type ChannelType } from './roles';

/** A channel registered for a purpose (leadership digest, guardians' cases). */
export interface Registration {
  readonly purpose: ChannelPurpose;
  readonly ref: ConversationRef;
  readonly channelName?: string;
  readonly teamName?: string;
  /** Standard, private or shared, when Teams said so; a private channel lives in its host team (`teamName`). */
  readonly channelType?: ChannelType;
  readonly registeredBy: string;
  readonly registeredAt: string;
}

/** The channels registered for a purpose: what other features read of people's registrations. */
export interface ChannelRegistry {
  list(purpose: ChannelPurpose): Promise<Registration[]>;
}

/** Channel registrations in the `registrations` table: PartitionKey purpose, RowKey the channel's conversation id. */
export class TableRegistrationStore implements ChannelRegistry {
  constructor(private readonly table: TableClient) {}

  /** Registers a channel. False if it was already registered for this purpose. */
  async register(r: Registration): Promise<boolean> {
    const existed = await this.exists(r.purpose, r.ref.conversationId);
    await this.table.upsertEntity(
      {
        partitionKey: r.purpose,
        rowKey: toKey(r.ref.conversationId),
        ref: JSON.stringify(r.ref),
        channelName: r.channelName ?? '',
        teamName: r.teamName ?? '',
        channelType: r.channelType ?? '',
        registeredBy: r.registeredBy,
        registeredAt: r.registeredAt,
      },
      'Replace',
    );
    return !existed;
  }

  /** Unregisters a channel. False if it was not registered. */
  async unregister(purpose: ChannelPurpose, conversationId: string): Promise<boolean> {
    return (await unlessRefused(this.table.deleteEntity(purpose, toKey(conversationId)), ['missing'])) !== undefined;
  }

  async list(purpose: ChannelPurpose): Promise<Registration[]> {
    const out: Registration[] = [];
    for await (const e of this.table.listEntities<Record<string, string>>({
      queryOptions: { filter: odata`PartitionKey eq ${purpose}` },
    })) {
      out.push({
        purpose,
        ref: JSON.parse(e.ref!) as ConversationRef,
        channelName: e.channelName || undefined,
        teamName: e.teamName || undefined,
        channelType: isChannelType(e.channelType) ? e.channelType : undefined,
        registeredBy: e.registeredBy ?? '',
        registeredAt: e.registeredAt ?? '',
      });
    }
    return out;
  }

  private async exists(purpose: ChannelPurpose, conversationId: string): Promise<boolean> {
    return (await getRow(this.table, purpose, toKey(conversationId))) !== undefined;
  }
}
