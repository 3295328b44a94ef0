import { loadConfig, type Config } from './config';
import { canConnect, startAzurite, type RunningAzurite } from './local/azurite';
import { localSealingKey } from './local/sealing-key';
import { AuditChainKeys, describeCheck } from './platform/audit-chain';
import { TableAuditCheck } from './platform/audit-check';
import { azuriteConnectionString, storageAccess, type ResolvedStorage } from './platform/storage';
import { tableClient } from './platform/tables';

/**
 * `npm run audit:verify [-- --resign]`: checks the audit trail's chain in every partition and prints one line each,
 * "ok" or the first row altered, removed or inserted out of order; exits 1 if any partition fails. Reads the same
 * settings as the app (storage, namespace, SPEAKUP_ENCRYPTION_KEY and its previous keys). Prints keys and numbers
 * only, never what a row says. `--resign`, during a key rotation: heads that check out are signed with the new key.
 */
async function verify(): Promise<number> {
  const config = loadConfig();
  const resign = process.argv.includes('--resign');
  const { storage, secret, stop } = await reachStorage(config);
  try {
    const secrets = { current: secret, previous: config.speakUp?.previousEncryptionKeys ?? [] };
    const table = tableClient(storageAccess(storage), `${config.storageNamespace}audit`);
    const results = await new TableAuditCheck({ table, chain: new AuditChainKeys(secrets) }).checkAll({ resign });
    for (const r of results) process.stdout.write(`${describeCheck(r.partition, r.check)}\n`);
    const failed = results.filter((r) => r.check.kind !== 'ok').length;
    process.stdout.write(
      failed === 0
        ? `audit trail: ${results.length} partition(s), all ok${resign ? ' (heads re-signed with the current key)' : ''}\n`
        : `audit trail: ${failed} of ${results.length} partition(s) FAILED (see docs/operations.md, "Audit trail")\n`,
    );
    return failed === 0 ? 0 : 1;
  } finally {
    await stop();
  }
}

/**
 * Storage as the app reaches it. Local mode: the running app's Azurite if it is up, else one started on the data
 * folder for the length of the check; the local key kept under that folder.
 */
async function reachStorage(
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

verify().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`audit:verify could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
