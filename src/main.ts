import type { AppConfig } from './app';
import { loadConfig, type Config } from './config';
import type { RunningAzurite } from './local/azurite';
import type { RunningPlayground } from './local/playground';
import { localSealingKey } from './local/sealing-key';
import { startTelemetry } from './platform/telemetry';

/** Process entry: config → (local mode: embedded Azurite and the Agents Playground) → app → listen; signals stop all. */
async function main(): Promise<void> {
  const config = loadConfig();
  // Telemetry first: Azure Monitor instruments http and the Azure SDKs as they are first required, so everything
  // else is required below, after it has started.
  const telemetry = startTelemetry(config.telemetry);
  const { createApp } = require('./app') as typeof import('./app');
  const { startAzurite } = require('./local/azurite') as typeof import('./local/azurite');
  const { DEMO_PEOPLE } = require('./local/demo') as typeof import('./local/demo');
  const { startPlayground } = require('./local/playground') as typeof import('./local/playground');
  const stops: (() => Promise<void>)[] = [telemetry.stop];
  let azurite: RunningAzurite | undefined;
  let playground: RunningPlayground | undefined;

  let stopping = false;
  const shutdown = async (signal: string) => {
    // `npm start` runs the bot under npm and tsx, which can pass the terminal's Ctrl-C on again: one stop is enough.
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${signal}: stopping Staff Voice...\n`);
    const deadline = setTimeout(() => process.exit(1), 10_000);
    // The reverse of starting: the Playground, then the app (scheduler, fan-out and dispatcher drained), then Azurite,
    // which the app needs until its last write, then telemetry, which sends what the others reported.
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    clearTimeout(deadline);
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));

  if (config.storage.kind === 'embedded') {
    const { dataDir, blobPort, queuePort, tablePort } = config.storage;
    azurite = await startAzurite({
      ports: { blob: blobPort, queue: queuePort, table: tablePort },
      location: `${dataDir}/azurite`,
    });
    stops.push(() => azurite!.stop());
  }
  const appConfig = resolveStorage(config, azurite);
  const app = await createApp(appConfig);
  stops.push(() => app.stop());
  // Local mode has no inbound auth and a demo admin: only this machine may reach it. Azure mode listens on every
  // interface, as App Service's front end needs.
  await app.listen(undefined, config.mode === 'local' ? LOOPBACK : undefined);

  if (config.mode === 'local') {
    for (const person of DEMO_PEOPLE) await app.people.roles.seed(person.aadObjectId, person.roles);
    if (config.local.startPlayground) {
      playground = await startPlayground({ botPort: config.server.port, port: config.local.playgroundPort });
      stops.push(() => playground!.stop());
    }
    printLocalBanner(config, playground);
  }
}

const LOOPBACK = '127.0.0.1';

/** Local mode's parts filled in: Azurite's connection string, and the speak-up key kept under the data folder. */
function resolveStorage(config: Config, azurite: RunningAzurite | undefined): AppConfig {
  // config.ts requires SPEAKUP_ENCRYPTION_KEY in azure mode, so only embedded storage reaches the local key.
  if (config.storage.kind !== 'embedded')
    return { ...config, storage: config.storage, sealingKey: config.speakUp!.encryptionKey };
  return {
    ...config,
    storage: { kind: 'connection-string', connectionString: azurite!.connectionString },
    sealingKey: config.speakUp?.encryptionKey ?? localSealingKey(config.storage.dataDir),
  };
}

function printLocalBanner(config: Config, playground: RunningPlayground | undefined): void {
  const lines = [
    '',
    'Staff Voice is running in local mode.',
    `  bot:        http://${LOOPBACK}:${config.server.port}/api/messages (this machine only)`,
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
