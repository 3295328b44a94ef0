import { isBackupName, openRestore, type RestoreOutcome } from './backup';
import { loadConfig } from './config';
import { NAMESPACE_RULE } from './config-env';
import { reachStorage } from './local/reach-storage';
import { describeCheck } from './platform/audit-chain';
import { storageAccess } from './platform/storage';

/**
 * `npm run restore -- <backup> --namespace <new>`: restores a backup of the configured namespace (STORAGE_NAMESPACE)
 * into a new, empty one, then checks it; `npm run restore -- --list` lists the backups there are. Reads the same
 * settings as the app (storage, namespace, SPEAKUP_ENCRYPTION_KEY and its previous keys: the manifest's signature and
 * the audit chain are checked with them). Prints names and numbers only, never what a row says. Exits 0 when the
 * restore is complete and checked; 1 when the backup was refused (nothing written) or the restored tables failed a
 * check; 2 when it could not run. docs/operations.md, "Backups and restore", has the drill.
 */
const USAGE = 'usage: npm run restore -- <backup> --namespace <new namespace>    or: npm run restore -- --list';

type Args = { list: true } | { list: false; name: string; into: string };

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const { storage, secret, stop } = await reachStorage(config);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  try {
    const service = openRestore({
      access: storageAccess(storage),
      from: config.storageNamespace,
      into: args.list ? '' : args.into,
      secrets: { current: secret, previous: config.speakUp?.previousEncryptionKeys ?? [] },
      say,
    });
    if (args.list) {
      const names = await service.names();
      for (const name of names) say(name);
      say(`${names.length} backup(s) of namespace "${config.storageNamespace}"`);
      return 0;
    }
    const started = Date.now();
    const outcome = await service.restore(args.name);
    return report(outcome, { ...args, from: config.storageNamespace, seconds: (Date.now() - started) / 1000 }, say);
  } finally {
    await stop();
  }
}

function parseArgs(argv: readonly string[]): Args | string {
  if (argv.length === 1 && argv[0] === '--list') return { list: true };
  const at = argv.indexOf('--namespace');
  const into = at >= 0 ? argv[at + 1] : undefined;
  const rest = argv.filter((_, i) => i !== at && i !== at + 1);
  if (rest.length !== 1 || !isBackupName(rest[0]!))
    return 'name one backup, as `npm run restore -- --list` shows it (e.g. 2026-12-08T033000Z)';
  if (!into) return '--namespace: name the new namespace to restore into';
  if (!NAMESPACE_RULE.pattern.test(into)) return `--namespace: ${NAMESPACE_RULE.says}`;
  return { list: false, name: rest[0]!, into };
}

function report(
  outcome: RestoreOutcome,
  run: { name: string; from: string; into: string; seconds: number },
  say: (line: string) => void,
): number {
  switch (outcome.kind) {
    case 'no-backup':
      say(`REFUSED: namespace "${run.from}" has no finished backup named ${run.name} (see npm run restore -- --list)`);
      return 1;
    case 'refused':
      say(`REFUSED: ${outcome.reason}. Nothing was written.`);
      return 1;
    case 'not-empty':
      say(
        `REFUSED: namespace "${run.into}" is not empty (${outcome.tables.join(', ')} hold rows): restore into a new ` +
          'namespace. Nothing was written.',
      );
      return 1;
    case 'restored': {
      for (const m of outcome.mismatches) say(`FAILED: ${m}`);
      const audit = outcome.audit ?? [];
      for (const a of audit) say(describeCheck(a.partition, a.check));
      const failed = audit.filter((a) => a.check.kind !== 'ok').length;
      const rows = outcome.manifest.files.reduce((n, f) => n + f.rows, 0);
      const tables = outcome.manifest.files.length;
      if (outcome.mismatches.length > 0 || failed > 0) {
        say(
          `restore of ${run.name} into "${run.into}" FAILED its checks (see docs/operations.md, "Backups and restore")`,
        );
        return 1;
      }
      say(
        `restore complete: ${tables} table(s), ${rows} row(s) of ${run.name} into namespace "${run.into}" in ` +
          `${run.seconds.toFixed(1)} s; every table holds the backup's rows; audit trail: ${audit.length} partition(s), all ok`,
      );
      return 0;
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`restore could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
