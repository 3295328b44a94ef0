import { startAzurite, type RunningAzurite } from '../../src/local/azurite';
import { freePort } from '../support/free-port';

/** Starts an in-memory Azurite for a bench and points the test helpers (and child processes) at it. */
export async function benchStorage(): Promise<RunningAzurite> {
  const azurite = await startAzurite({ ports: { blob: await freePort(), queue: await freePort(), table: await freePort() } });
  process.env.TEST_STORAGE_CONNECTION_STRING = azurite.connectionString;
  return azurite;
}

/** Samples this process's resident set size every `everyMs`; `stop()` returns the peak in MB. */
export function sampleRss(everyMs = 25): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.round(Math.max(peak, process.memoryUsage().rss) / (1024 * 1024));
    },
  };
}
