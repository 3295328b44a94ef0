/**
 * A real Staff Voice process for multi-process tests: the same createApp as production, configured from env by the
 * test that spawns it (storage namespace, dispatcher workers and budget). Prints "ready <port>" when listening; on
 * SIGTERM it stops the way production does.
 */
import { createApp } from '../../src/app';
import { testConfig } from './harness';

async function main(): Promise<void> {
  const env = process.env;
  const config = testConfig({
    namespace: env.SV_NAMESPACE,
    delivery: {
      workers: Number(env.SV_WORKERS ?? 2),
      budgetPerSecond: Number(env.SV_BUDGET ?? 50),
      processes: Number(env.SV_PROCESSES ?? 1),
      maxAttempts: Number(env.SV_MAX_ATTEMPTS ?? 8),
      holdSeconds: Number(env.SV_HOLD_SECONDS ?? 30),
    },
  });
  const app = await createApp({ ...config, log: { level: (env.SV_LOG_LEVEL as 'warn' | undefined) ?? 'warn' } });
  const server = await app.listen(0, '127.0.0.1');
  process.once('SIGTERM', () => {
    const started = Date.now();
    void app.stop().then(() => {
      process.stdout.write(`stopped ${Date.now() - started}\n`);
      process.exit(0);
    });
  });
  process.stdout.write(`ready ${server.port}\n`);
}

main().catch((error) => {
  process.stderr.write(`app-process failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
