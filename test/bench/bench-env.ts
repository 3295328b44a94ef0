import { spawn } from 'node:child_process';
import { startAzurite, type RunningAzurite } from '../../src/local/azurite';
import { freePort } from '../support/free-port';
import { uniqueNamespace } from '../support/harness';

/** Starts an in-memory Azurite for a bench and points the test helpers (and child processes) at it. */
export async function benchStorage(): Promise<RunningAzurite> {
  const azurite = await startAzurite({
    ports: { blob: await freePort(), queue: await freePort(), table: await freePort() },
  });
  process.env.TEST_STORAGE_CONNECTION_STRING = azurite.connectionString;
  return azurite;
}

/** Runs one part of a bench on a fresh Azurite, so one part's leftovers cannot slow the next. */
export async function withStorage<T>(run: () => Promise<T>): Promise<T> {
  const azurite = await benchStorage();
  try {
    return await run();
  } finally {
    await azurite.stop();
  }
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

// Fan-out children run with the production heap setting (package.json "start:prod", docs/performance.md).
const PRODUCTION_OLD_SPACE_MB = 160;

/**
 * Runs a fan-out child (`node -r tsx/cjs <file>`) under the production heap limit, in its own namespace, and reads
 * the peak RSS from the `peak-rss-mb=<n>` it prints last. `echo` passes its output through, indented.
 */
export function runFanoutChild(
  file: string,
  env: Record<string, string>,
  options: { echo?: boolean } = {},
): Promise<{ peakMb: number; line: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${PRODUCTION_OLD_SPACE_MB}`, '-r', 'tsx/cjs', file], {
      env: { ...process.env, ...env, SV_NAMESPACE: uniqueNamespace() },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (options.echo) process.stdout.write(`  ${c.toString().trimEnd().replace(/\n/g, '\n  ')}\n`);
    });
    child.once('exit', (code) => {
      const m = out.match(/peak-rss-mb=(\d+)/);
      if (code !== 0 || !m) reject(new Error(`fan-out child failed (${code}): ${out}`));
      else resolve({ peakMb: Number(m[1]), line: out.trim().split('\n').at(-1)! });
    });
  });
}
