import { createApp, type AppConfig } from './app';
import { loadConfig, type Config } from './config';
import { startAzurite, type RunningAzurite } from './local/azurite';
import { DEMO_PEOPLE } from './local/demo';
import { startPlayground, type RunningPlayground } from './local/playground';

/** Process entry: config → (local mode: embedded Azurite and the Agents Playground) → app → listen; signals stop all. */
async function main(): Promise<void> {
  const config = loadConfig();
  const stops: (() => Promise<void>)[] = [];
  let azurite: RunningAzurite | undefined;
  let playground: RunningPlayground | undefined;

  const shutdown = async (signal: string) => {
    process.stderr.write(`\n${signal}: stopping Staff Voice...\n`);
    const deadline = setTimeout(() => process.exit(1), 10_000);
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    clearTimeout(deadline);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  if (config.storage.kind === 'embedded') {
    const { dataDir, blobPort, queuePort, tablePort } = config.storage;
    azurite = await startAzurite({ ports: { blob: blobPort, queue: queuePort, table: tablePort }, location: `${dataDir}/azurite` });
    stops.push(() => azurite!.stop());
  }
  const appConfig = resolveStorage(config, azurite);
  const app = await createApp(appConfig);
  stops.push(() => app.stop());
  await app.listen();

  if (config.mode === 'local') {
    for (const person of DEMO_PEOPLE) await app.roles.seed(person.aadObjectId, person.roles);
    if (config.local.startPlayground) {
      playground = await startPlayground({ botPort: config.server.port, port: config.local.playgroundPort });
      stops.push(() => playground!.stop());
    }
    printLocalBanner(config, playground);
  }
}

function resolveStorage(config: Config, azurite: RunningAzurite | undefined): AppConfig {
  if (config.storage.kind !== 'embedded') return { ...config, storage: config.storage };
  return { ...config, storage: { kind: 'connection-string', connectionString: azurite!.connectionString } };
}

function printLocalBanner(config: Config, playground: RunningPlayground | undefined): void {
  const lines = [
    '',
    'Staff Voice is running in local mode.',
    `  bot:        http://localhost:${config.server.port}/api/messages`,
    `  storage:    Azurite, kept in ${config.storage.kind === 'embedded' ? config.storage.dataDir : '?'}/azurite`,
    '  you are:    Alex Admin (admin, guardian and executive); see .m365agentsplayground.yml for the others',
    '',
    playground ? `  Open ${playground.url} and say "help".` : '  The Playground is off (LOCAL_PLAYGROUND=off).',
    '  Ctrl-C stops everything.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Staff Voice could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
