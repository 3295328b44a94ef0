import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

/** Measuring helpers for the answers bench: rates, CPU in this process and in Azurite, storage calls, profiles. */
export const CONCURRENCY = 50;

/** Items per second of wall time, and CPU per item in this process and in Azurite (ms). */
export interface Measured {
  rate: number;
  seconds: number;
  selfMs: number;
  azuriteMs?: number;
}

/** Runs `work` over `items` at the bench's concurrency, timing it and metering CPU in both processes. */
export async function measure<T>(
  items: readonly T[],
  work: (item: T, index: number) => Promise<unknown>,
): Promise<Measured> {
  const cpu = cpuMeter();
  const t = performance.now();
  await pool(items, CONCURRENCY, async (item, i) => void (await work(item, i)));
  const seconds = (performance.now() - t) / 1000;
  const used = cpu.stop();
  return {
    rate: items.length / seconds,
    seconds,
    selfMs: (used.self * 1000) / items.length,
    azuriteMs: used.azurite === undefined ? undefined : (used.azurite * 1000) / items.length,
  };
}

export const fmt = (m: Measured) =>
  `${m.rate.toFixed(1)}/s (cpu: bench process ${m.selfMs.toFixed(2)} ms, Azurite ${m.azuriteMs?.toFixed(2) ?? 'n/a'} ms)`;

/** With a file name: a V8 CPU profile of this process for the timed answers (open it in Chrome DevTools). */
export async function startProfile(file: string | undefined): Promise<{ stop(): Promise<void> }> {
  if (!file) return { stop: async () => undefined };
  const session = new Session();
  session.connect();
  const call = (method: string, params: object = {}) =>
    new Promise<any>((resolve, reject) =>
      session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))),
    );
  await call('Profiler.enable');
  await call('Profiler.setSamplingInterval', { interval: 200 });
  await call('Profiler.start');
  return {
    async stop() {
      const { profile } = await call('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      console.log(`  cpu profile of the timed answers: ${file}`);
    },
  };
}

/** Counts HTTP requests this process makes (the Azure SDKs use node:http; the bench's own fetch calls do not). */
export function countStorageCalls(): { stop(): Map<string, number> } {
  const counts = new Map<string, number>();
  const onStart = (message: unknown) => {
    const request = (message as { request: ClientRequest }).request;
    const p = request.path.split('?')[0]!;
    // Table requests name the entity as Table(PartitionKey='..',RowKey='..'); queue requests end in /messages.
    const what = /\/messages$/.test(p)
      ? 'queue'
      : /\(PartitionKey=/.test(p)
        ? 'entity'
        : /\$batch$/.test(p)
          ? 'batch'
          : 'table';
    const label = `${request.method} ${what}`;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  };
  diagnostics.subscribe('http.client.request.start', onStart);
  return {
    stop() {
      diagnostics.unsubscribe('http.client.request.start', onStart);
      return counts;
    },
  };
}

export function fmtCalls(calls: Map<string, number>, per: number): string {
  const total = [...calls.values()].reduce((a, b) => a + b, 0);
  const parts = [...calls.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${(v / per).toFixed(2)}`);
  return `${(total / per).toFixed(2)} (${parts.join(', ')})`;
}

/** CPU seconds used by this process and by the Azurite child while a part runs. */
export function cpuMeter(): { stop(): { self: number; azurite?: number } } {
  const start = process.cpuUsage();
  const azurite = azuritePid();
  const azStart = azurite === undefined ? undefined : cpuSecondsOf(azurite);
  return {
    stop() {
      const d = process.cpuUsage(start);
      const self = (d.user + d.system) / 1e6;
      return {
        self,
        azurite: azurite === undefined || azStart === undefined ? undefined : cpuSecondsOf(azurite) - azStart,
      };
    },
  };
}

export function azuritePid(): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('azurite'))
        return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (100 per second on Linux)
}

/** Runs `work` over `items` with at most `concurrency` at a time; the first error stops the run. */
export async function pool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i]!, i);
      }
    }),
  );
}

export const range = (n: number) => Array.from({ length: n }, (_, i) => i);
export const secs = (since: number) => ((Date.now() - since) / 1000).toFixed(1);
