import type { Config } from '../config';
import { azuriteConnectionString, type ResolvedStorage } from '../platform/storage';
import { canConnect, startAzurite, type RunningAzurite } from './azurite';
import { localSealingKey } from './sealing-key';

/**
 * Storage as the app reaches it, for the commands run beside it (`npm run audit:verify`, `npm run restore`), with the
 * secret its keys come from. Local mode: the running app's Azurite if it is up, else one started on the data folder
 * for the length of the command; the local key kept under that folder.
 */
export async function reachStorage(
  config: Config,
): Promise<{ storage: ResolvedStorage; secret: string; stop: () => Promise<void> }> {
  if (config.storage.kind !== 'embedded')
    return { storage: config.storage, secret: config.speakUp!.encryptionKey, stop: async () => undefined };
  const { dataDir, blobPort, queuePort, tablePort } = config.storage;
  const ports = { blob: blobPort, queue: queuePort, table: tablePort };
  const secret = config.speakUp?.encryptionKey ?? localSealingKey(dataDir);
  let azurite: RunningAzurite | undefined;
  if (!(await canConnect(tablePort))) azurite = await startAzurite({ ports, location: `${dataDir}/azurite` });
  return {
    storage: { kind: 'connection-string', connectionString: azuriteConnectionString(ports) },
    secret,
    stop: async () => azurite?.stop(),
  };
}
