import { TableClient, type TransactionAction } from '@azure/data-tables';
import { deletePartition, deleteRows, keysWhere } from '../../src/platform/table-rows';
import { allEntities, testConnectionString, uniqueNamespace } from '../support/harness';

describe('deleting rows in bulk (retention)', () => {
  const table = TableClient.fromConnectionString(testConnectionString(), `${uniqueNamespace()}rows`, {
    allowInsecureConnection: true,
  });
  const key = (i: number) => String(i).padStart(4, '0');

  beforeAll(async () => {
    await table.createTable();
    const rows: TransactionAction[] = Array.from({ length: 250 }, (_, i) => [
      'create',
      { partitionKey: 'p', rowKey: key(i), n: i },
    ]);
    for (let i = 0; i < rows.length; i += 100) await table.submitTransaction(rows.slice(i, i + 100));
    for (let i = 0; i < 5; i++) await table.createEntity({ partitionKey: 'q', rowKey: key(i), n: i });
  });
  afterAll(() => table.deleteTable());

  it('deletes a partition a hundred rows at a time, skipping rows another process deleted first', async () => {
    const keys = await keysWhere(table, "PartitionKey eq 'p'");
    expect(keys).toHaveLength(250);
    // Another process got to some rows of the first and last transactions already.
    for (const i of [0, 17, 99, 240, 249]) await table.deleteEntity('p', key(i));
    expect(await deleteRows(table, keys)).toBe(245);
    expect((await allEntities(table)).map((e) => e.partitionKey)).toEqual(['q', 'q', 'q', 'q', 'q']);
  });

  it('deletes only the partition it is given, and finds nothing the second time', async () => {
    expect(await deletePartition(table, 'q')).toBe(5);
    expect(await deletePartition(table, 'q')).toBe(0);
    expect(await allEntities(table)).toEqual([]);
  });
});
