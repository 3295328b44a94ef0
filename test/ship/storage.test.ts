import { DefaultAzureCredential } from '@azure/identity';
import { parseConfig, type ResolvedStorage } from '../../src/config';
import { newSealingKey } from '../../src/platform/crypto';
import { containerClient } from '../../src/platform/blobs';
import { storageAccess } from '../../src/platform/storage';
import { queueClient, queueService } from '../../src/platform/queues';
import { tableClient, tableService } from '../../src/platform/tables';

/**
 * The production path to Storage: from the settings the Bicep gives the app, every table and queue client is built
 * from the account URL with a token credential (the managed identity, chosen by AZURE_CLIENT_ID): no key, no
 * connection string, no shared-key signing.
 */
const CLIENT_ID = '6a1e2c3d-4b5a-4c6d-8e7f-8091a2b3c4d5';

function azureStorage(): ResolvedStorage {
  const result = parseConfig({
    BOT_ID: CLIENT_ID,
    BOT_TYPE: 'UserAssignedMsi',
    BOT_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    AZURE_CLIENT_ID: CLIENT_ID,
    STORAGE_ACCOUNT_URL: 'https://stvoice01.table.core.windows.net/',
    ADMIN_AAD_OBJECT_IDS: '0f1e2d3c-4b5a-4678-9abc-def012345678',
    PUBLIC_BASE_URL: 'https://staffvoice.azurewebsites.net',
    SPEAKUP_ENCRYPTION_KEY: newSealingKey(),
  });
  if (!result.ok) throw new Error(result.problems.join('\n'));
  const { storage } = result.config;
  if (storage.kind === 'embedded') throw new Error('azure mode resolved to embedded storage');
  return storage;
}

/** What a client authenticates with (the SDKs keep it in a non-public field). */
const credentialOf = (client: unknown) => (client as { credential?: unknown }).credential;

describe('storage in azure mode', () => {
  const access = storageAccess(azureStorage());

  it('uses the managed identity named by AZURE_CLIENT_ID, never a connection string', () => {
    expect(access.kind).toBe('token');
    expect(access).not.toHaveProperty('connectionString');
    if (access.kind !== 'token') return;
    expect(access.credential).toBeInstanceOf(DefaultAzureCredential);
    // @azure/identity 4.13 (pinned) keeps the chain in `_sources`: its managed identity step must carry our client id.
    const sources = (
      access.credential as unknown as { _sources: { constructor: { name: string }; clientId?: string }[] }
    )._sources;
    expect(sources.find((s) => s.constructor.name === 'ManagedIdentityCredential')?.clientId).toBe(CLIENT_ID);
  });

  it('builds table clients from the account URL with a bearer token, no shared-key signing', () => {
    const table = tableClient(access, 'deliveries');
    expect(table.url).toBe('https://stvoice01.table.core.windows.net');
    expect(table.tableName).toBe('deliveries');
    expect(credentialOf(table)).toBeInstanceOf(DefaultAzureCredential);
    const policies = table.pipeline.getOrderedPolicies().map((p) => p.name);
    expect(policies).toContain('bearerTokenAuthenticationPolicy');
    expect(policies.filter((p) => /sharedkey|sas/i.test(p))).toEqual([]);
    expect(
      tableService(access)
        .pipeline.getOrderedPolicies()
        .map((p) => p.name),
    ).toContain('bearerTokenAuthenticationPolicy');
  });

  it('builds queue clients from the queue endpoint of the same account, with the same token credential', () => {
    const queue = queueClient(access, 'outbox');
    expect(queue.url).toBe('https://stvoice01.queue.core.windows.net/outbox');
    expect(queue.accountName).toBe('stvoice01');
    expect(credentialOf(queue)).toBeInstanceOf(DefaultAzureCredential);
    expect(credentialOf(queueService(access))).toBeInstanceOf(DefaultAzureCredential);
  });

  it('builds the backups container client from the blob endpoint of the same account, with the same token credential', () => {
    const container = containerClient(access, 'backups');
    expect(container.url).toBe('https://stvoice01.blob.core.windows.net/backups');
    expect(container.accountName).toBe('stvoice01');
    expect(credentialOf(container)).toBeInstanceOf(DefaultAzureCredential);
  });

  it('has no way to take an account key from the environment in azure mode without saying so', () => {
    // A connection string is accepted only instead of the URL (non-Azure stores), never alongside it.
    const both = parseConfig({
      BOT_ID: CLIENT_ID,
      BOT_TYPE: 'UserAssignedMsi',
      BOT_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      STORAGE_ACCOUNT_URL: 'https://stvoice01.table.core.windows.net/',
      STORAGE_CONNECTION_STRING: 'DefaultEndpointsProtocol=https;AccountName=stvoice01;AccountKey=a2V5',
      ADMIN_AAD_OBJECT_IDS: '0f1e2d3c-4b5a-4678-9abc-def012345678',
    });
    expect(both.ok ? '' : both.problems.join('\n')).toMatch(/set one, not both/);
  });
});
