import type { TableClient } from '@azure/data-tables';
import type { CardJson } from '../platform/cards';
import { getRow } from '../platform/tables';

// A fan-out to 50,000 people references one stored card template instead of carrying 50,000 copies of it.
const CACHE_LIMIT = 200;

/** Card templates referenced by outbox messages, in the `cards` table (PartitionKey batch, RowKey template id). */
export class TableCardStore {
  private readonly cache = new Map<string, CardJson>();

  constructor(private readonly table: TableClient) {}

  async put(batch: string, id: string, card: CardJson): Promise<void> {
    await this.table.upsertEntity({ partitionKey: batch, rowKey: id, json: JSON.stringify(card) }, 'Replace');
    this.cache.delete(`${batch}/${id}`);
  }

  async get(batch: string, id: string): Promise<CardJson | undefined> {
    const key = `${batch}/${id}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const row = await getRow<{ json: string }>(this.table, batch, id);
    if (!row) return undefined;
    const card = JSON.parse(String(row.json)) as CardJson;
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, card);
    return card;
  }
}
