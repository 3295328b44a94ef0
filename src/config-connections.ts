import { DEFAULTS, type Env } from './config-env';
import type { StorageConfig } from './platform/storage';
import type { BotConfig } from './platform/teams/bot-auth';

// Part of config.ts: how the process reaches Teams and storage, from the environment.

/** The bot's identity in azure mode, from BOT_ID, BOT_TYPE, BOT_PASSWORD and BOT_TENANT_ID (problems added, not thrown). */
export function azureBot(e: Env, problems: string[]): BotConfig {
  if (!e.BOT_ID && !problems.some((p) => p.startsWith('BOT_ID')))
    problems.push('BOT_ID: required in azure mode (the Entra app id or managed identity client id of the bot)');
  if (!e.BOT_TYPE) problems.push('BOT_TYPE: required in azure mode: MultiTenant, SingleTenant or UserAssignedMsi');
  const appId = e.BOT_ID ?? '';
  switch (e.BOT_TYPE) {
    case 'UserAssignedMsi':
      if (!e.BOT_TENANT_ID) problems.push('BOT_TENANT_ID: required when BOT_TYPE is UserAssignedMsi');
      if (e.BOT_PASSWORD)
        problems.push('BOT_PASSWORD: must not be set when BOT_TYPE is UserAssignedMsi (the identity needs no secret)');
      return { auth: 'UserAssignedMsi', appId, tenantId: e.BOT_TENANT_ID ?? '' };
    case 'SingleTenant':
      if (!e.BOT_TENANT_ID) problems.push('BOT_TENANT_ID: required when BOT_TYPE is SingleTenant');
      if (!e.BOT_PASSWORD) problems.push('BOT_PASSWORD: required when BOT_TYPE is SingleTenant');
      return { auth: 'SingleTenant', appId, password: e.BOT_PASSWORD ?? '', tenantId: e.BOT_TENANT_ID };
    case 'MultiTenant':
      if (!e.BOT_PASSWORD) problems.push('BOT_PASSWORD: required when BOT_TYPE is MultiTenant');
      return { auth: 'MultiTenant', appId, password: e.BOT_PASSWORD ?? '' };
    default:
      return { auth: 'none' };
  }
}

/** Where tables and queues live in azure mode: an account URL (managed identity) or a connection string. */
export function azureStorage(e: Env, problems: string[]): StorageConfig | undefined {
  if (e.STORAGE_ACCOUNT_URL && e.STORAGE_CONNECTION_STRING) {
    problems.push('STORAGE_ACCOUNT_URL and STORAGE_CONNECTION_STRING: set one, not both');
    return undefined;
  }
  if (e.STORAGE_CONNECTION_STRING) return { kind: 'connection-string', connectionString: e.STORAGE_CONNECTION_STRING };
  if (e.STORAGE_ACCOUNT_URL) {
    const base = e.STORAGE_ACCOUNT_URL.replace(/\/$/, '');
    return {
      kind: 'account-url',
      tableUrl: base.replace(/\.(table|queue|blob)\./, '.table.'),
      queueUrl: base.replace(/\.(table|queue|blob)\./, '.queue.'),
      blobUrl: base.replace(/\.(table|queue|blob)\./, '.blob.'),
      clientId: e.AZURE_CLIENT_ID,
    };
  }
  problems.push('STORAGE_ACCOUNT_URL: required in azure mode (or STORAGE_CONNECTION_STRING for a non-Azure store)');
  return undefined;
}

/** Local mode's embedded Azurite: its data folder and three ports from LOCAL_AZURITE_PORT. */
export function localStorage(e: Env): StorageConfig {
  const first = e.LOCAL_AZURITE_PORT ?? DEFAULTS.azuritePort;
  return {
    kind: 'embedded',
    dataDir: e.LOCAL_DATA_DIR ?? DEFAULTS.localDataDir,
    blobPort: first,
    queuePort: first + 1,
    tablePort: first + 2,
  };
}
