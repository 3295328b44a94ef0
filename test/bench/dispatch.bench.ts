import path from 'node:path';
import { createApp, type StaffVoiceApp } from '../../src/app';
import { ConnectorEmulator } from '../support/connector-emulator';
import { uniqueNamespace, testConfig } from '../support/harness';
import { deliveredCounts, draftTo, waitFor } from '../support/outbox-helpers';
import { startAppProcess, type AppProcess } from '../support/processes';
import { runFanoutChild, withStorage } from './bench-env';

const CAP = 50; // requests per second the emulated connector allows, as Teams does per app per tenant
const MESSAGES = 2000;
const FAULT_RATE = 0.05;
// The app-wide budget, just under the cap as an operator would set it for this connector; processes split it.
const BUDGET = 48.5;

interface Run {
  ratio: number;
  lost: number;
  duplicated: number;
  seconds: number;
}

/** `npm run bench -- dispatch`: delivered rate against the connector's cap, one and two processes; fan-out memory. */
export async function runDispatchBench(): Promise<string> {
  const one = await withStorage(() => deliver(1));
  console.log(`one process:   ${fmt(one)}`);
  const two = await withStorage(() => deliver(2));
  console.log(`two processes: ${fmt(two)}`);
  // BENCH_FANOUT lets a tuning session shorten the slowest part; the recorded figures use the default.
  const fanout = await withStorage(() => fanoutPeakRss(Number(process.env.BENCH_FANOUT ?? 50_000)));
  console.log(`fan-out: ${fanout.line}`);
  return `dispatch ratio=${one.ratio.toFixed(3)} two-process-ratio=${two.ratio.toFixed(3)} lost=${one.lost + two.lost} duplicated=${one.duplicated + two.duplicated} fanout-peak-rss-mb=${fanout.peakMb}`;
}

async function deliver(processes: number): Promise<Run> {
  const emulator = await ConnectorEmulator.start();
  emulator.setRateCap(CAP);
  emulator.setFaultRate(FAULT_RATE, [{ status: 502 }, { status: 503 }, { status: 504 }], 7);
  const namespace = uniqueNamespace();
  const enqueuer: StaffVoiceApp = await createApp({
    ...testConfig({ namespace, delivery: { workers: 0 } }),
    log: { level: 'warn' },
  });
  const batch = `run${processes}`;
  const children: AppProcess[] = [];
  try {
    // The work is queued first and the processes start together, so the run measures sending, not start-up.
    await enqueuer.delivery.outbox.enqueueMany(
      batch,
      Array.from({ length: MESSAGES }, (_, i) => draftTo(emulator.url, `${batch}-${i}`)),
    );
    const env = {
      SV_NAMESPACE: namespace,
      SV_WORKERS: process.env.BENCH_WORKERS ?? '4',
      SV_BUDGET: String(BUDGET),
      SV_PROCESSES: String(processes),
    };
    children.push(...(await Promise.all(Array.from({ length: processes }, () => startAppProcess(env)))));
    // Watch the emulator (in this process, free) rather than scanning the batch in Azurite while it works.
    await waitFor(() => deliveredCounts(emulator).size === MESSAGES, 600_000, 200);
    await waitFor(async () => (await enqueuer.delivery.outbox.progress(batch)).pending === 0, 60_000, 500);
    const sent = emulator.sent();
    const seconds = (sent.at(-1)!.at - sent[0]!.at) / 1000;
    const counts = deliveredCounts(emulator);
    let lost = 0;
    let duplicated = 0;
    for (let i = 0; i < MESSAGES; i++) {
      const c = counts.get(`${batch}-${i}`) ?? 0;
      if (c === 0) lost++;
      duplicated += Math.max(0, c - 1);
    }
    const rate = (MESSAGES - lost) / seconds;
    const throttled = emulator.calls.filter((c) => c.status === 429).length;
    const perFive: number[] = [];
    for (const c of emulator.calls)
      perFive[Math.floor((c.at - sent[0]!.at) / 5000)] = (perFive[Math.floor((c.at - sent[0]!.at) / 5000)] ?? 0) + 1;
    console.log(`  requests per 5 s: ${[...perFive].map((n) => n ?? 0).join(' ')}`);
    console.log(
      `  ${processes} process(es): ${emulator.calls.length} requests, ${throttled} answered 429 by the cap, ${rate.toFixed(1)} delivered/s`,
    );
    return { ratio: rate / CAP, lost, duplicated, seconds };
  } finally {
    for (const c of children) c.child.kill('SIGKILL');
    await enqueuer.stop();
    await emulator.stop();
  }
}

function fanoutPeakRss(n: number): Promise<{ peakMb: number; line: string }> {
  return runFanoutChild(path.join(__dirname, 'fanout-child.ts'), { SV_FANOUT: String(n) });
}

const fmt = (r: Run) =>
  `ratio=${r.ratio.toFixed(3)} lost=${r.lost} duplicated=${r.duplicated} over ${r.seconds.toFixed(1)} s`;
