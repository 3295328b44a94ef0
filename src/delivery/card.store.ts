import type { TableClient } from '@azure/data-tables';
import type { CardJson } from '../platform/cards';
import { isNotFound } from '../platform/storage';

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
    try {
      const card = JSON.parse(String((await this.table.getEntity<{ json: string }>(batch, id)).json)) as CardJson;
      if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, card);
      return card;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }
}
