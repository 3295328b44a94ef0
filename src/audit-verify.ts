import { loadConfig } from './config';
import { reachStorage } from './local/reach-storage';
import { AuditChainKeys, describeCheck } from './platform/audit-chain';
import { TableAuditCheck } from './platform/audit-check';
import { storageAccess } from './platform/storage';
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

verify().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`audit:verify could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
