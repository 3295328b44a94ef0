import { spawn } from 'node:child_process';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { TableClient } from '@azure/data-tables';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { TABLE_NAMES } from '../../src/app';
import { BACKUP_CONTAINER } from '../../src/backup';
import { TEST_SEALING_KEY, testConnectionString } from '../support/harness';

/** A table of a namespace in the tests' Azurite. */
export const tableOf = (namespace: string, name: string) =>
  TableClient.fromConnectionString(testConnectionString(), `${namespace}${name}`, { allowInsecureConnection: true });

/** The `backups` container in the tests' Azurite. */
export const backupsContainer = (): ContainerClient =>
  BlobServiceClient.fromConnectionString(testConnectionString()).getContainerClient(BACKUP_CONTAINER);

/**
 * Every row of every table the app owns in a namespace, as the app reads them (types converted): keys and every
 * property, without what the service sets on each write (ETag, Timestamp). A table that does not exist is absent.
 */
export async function everyRow(namespace: string): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const name of TABLE_NAMES) {
    const rows: Record<string, unknown>[] = [];
    try {
      for await (const { etag: _etag, timestamp: _timestamp, ...row } of tableOf(namespace, name).listEntities())
        rows.push(row);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) continue;
      throw error;
    }
    out[name] = rows;
  }
  return out;
}

/** The decompressed text of every file of a backup, by blob name. */
export async function backupFiles(namespace: string, name: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const container = backupsContainer();
  for await (const blob of container.listBlobsFlat({ prefix: `${namespace}/${name}/` })) {
    const bytes = await container.getBlockBlobClient(blob.name).downloadToBuffer();
    files.set(blob.name, blob.name.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8'));
  }
  return files;
}

/** The app's settings, as App Service gives them, with storage in the tests' Azurite under `namespace`. */
export const appEnv = (namespace: string, key = TEST_SEALING_KEY) => ({
  BOT_ID: '00000000-0000-0000-0000-0000000000b0',
  BOT_TYPE: 'UserAssignedMsi',
  BOT_TENANT_ID: '00000000-0000-0000-0000-0000000000a0',
  STORAGE_CONNECTION_STRING: testConnectionString(),
  STORAGE_NAMESPACE: namespace,
  SPEAKUP_ENCRYPTION_KEY: key,
  ADMIN_AAD_OBJECT_IDS: '00000000-0000-0000-0000-0000000000c0',
  PUBLIC_BASE_URL: 'https://staff-voice.example.nhs.uk',
});

/** Runs one of the app's commands (`src/restore.ts`, `src/audit-verify.ts`) as `npm run` would, with `env`. */
export function runCommand(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', script, ...args], {
      env: { ...process.env, ...env },
      cwd: path.join(__dirname, '..', '..'),
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}
