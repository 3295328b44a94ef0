import { randomBytes } from 'node:crypto';
import { TableClient, type TransactionAction } from '@azure/data-tables';
import { aggregateWave } from '../../src/results/aggregate';
import { STAFF_GROUPS } from '../../src/shared/staff-groups';
import { KeyRing, newSealingKey, type Sealer } from '../../src/platform/crypto';
import { createLog } from '../../src/platform/log';
import { readRow, sealedRow, type ResponseEntity } from '../../src/surveys/answering/response-row';
import { TableResponseStore } from '../../src/surveys/answering/response.store';
import { BELONGING_AND_VOICE, CBI_WORK_BURNOUT, NQPS_ENGAGEMENT } from '../../src/surveys/authoring/templates';
import { benchStorage } from './bench-env';

const QUESTIONS = [...NQPS_ENGAGEMENT.questions, ...CBI_WORK_BURNOUT.questions, ...BELONGING_AND_VOICE.questions]; // 20
const DIRECTORATES = Array.from({ length: 30 }, (_, i) => `Directorate ${i + 1}`);
const WAVE = 'a1b2c3d4e5-w001';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/**
 * `npm run bench -- results`: a closed wave of 20,000 responses × 20 answers with two attributes, stored sealed as the
 * app stores them. Computing all its results (one pass, every score, both breakdowns with suppression) against two
 * baselines from the same Azurite: merely listing the wave's entities (the ratio reported before sealing), and
 * listing them and opening every sealed row (what any computation in the app must do; target ≤ 1.2). One warm-up
 * round first; then each round runs the three in a rotated order, so drift and warm caches hit each alike; the median
 * of the rounds' ratios is reported.
 */
export async function runResultsBench(): Promise<string> {
  const responses = Number(process.env.BENCH_RESPONSES ?? 20_000);
  const azurite = await benchStorage();
  try {
    const table = TableClient.fromConnectionString(azurite.connectionString, `bench${randomBytes(4).toString('hex')}`, {
      allowInsecureConnection: true,
    });
    await table.createTable();
    const keys = new KeyRing({ current: newSealingKey() }, 'stored-responses');
    const seeded = Date.now();
    await seed(table, responses, keys);
    console.log(`seeded ${responses} responses in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);

    const log = createLog('silent');
    const store = new TableResponseStore(table, { name: 'responses', keys, log, plainAccepted: async () => false });
    const sides = {
      scan: async () => {
        let n = 0;
        for await (const _ of table.listEntities({ queryOptions: { filter: `PartitionKey eq '${WAVE}'` } })) n++;
        if (n !== responses) throw new Error(`listed ${n} of ${responses}`);
      },
      open: async () => {
        let n = 0;
        for await (const e of table.listEntities({ queryOptions: { filter: `PartitionKey eq '${WAVE}'` } }))
          if (readRow('responses', e as ResponseEntity, keys).kind === 'sealed') n++;
        if (n !== responses) throw new Error(`opened ${n} of ${responses}`);
      },
      aggregate: async () => {
        const figures = await aggregateWave(QUESTIONS, store.ofWave(WAVE), {
          recipients: responses * 2,
          k: 10,
          kComments: 10,
        });
        if (figures.responses !== responses || !figures.overall) throw new Error('aggregation lost responses');
      },
    };
    const order = ['scan', 'open', 'aggregate'] as const;
    for (const side of order) await sides[side](); // warm-up: JIT, Azurite's caches, the key objects
    const scanRatios: number[] = [];
    const openRatios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const ms: Record<string, number> = {};
      for (let i = 0; i < order.length; i++) {
        const side = order[(i + round) % order.length]!;
        ms[side] = await timed(sides[side]);
      }
      scanRatios.push(ms.aggregate! / ms.scan!);
      openRatios.push(ms.aggregate! / ms.open!);
      console.log(
        `round ${round + 1} (${order[round % 3]} first): scan ${ms.scan!.toFixed(0)} ms, scan+open ${ms.open!.toFixed(0)} ms, aggregate ${ms.aggregate!.toFixed(0)} ms, ratio ${scanRatios.at(-1)!.toFixed(3)}, open-ratio ${openRatios.at(-1)!.toFixed(3)}`,
      );
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    return `results ratio=${median(scanRatios).toFixed(3)} open-ratio=${median(openRatios).toFixed(3)} responses=${responses}`;
  } finally {
    await azurite.stop();
  }
}

async function seed(table: TableClient, count: number, keys: Sealer): Promise<void> {
  const pick = <T>(xs: readonly T[], i: number) => xs[(i * 7919) % xs.length]!;
  const batches: TransactionAction[][] = [];
  for (let i = 0; i < count; i += 100) {
    batches.push(
      Array.from({ length: Math.min(100, count - i) }, (_, j): TransactionAction => {
        const n = i + j;
        const answers = Object.fromEntries(QUESTIONS.map((q, qi) => [q.id, String(((n + qi) % 5) + 1)]));
        const about: Record<string, string> = {};
        if (n % 4 !== 0) about.staffGroup = pick(STAFF_GROUPS, n);
        if (n % 3 !== 0) about.directorate = pick(DIRECTORATES, n + 1);
        return ['create', sealedRow('responses', WAVE, randomBytes(16).toString('hex'), { answers, about }, keys)];
      }),
    );
  }
  for (let i = 0; i < batches.length; i += 8)
    await Promise.all(batches.slice(i, i + 8).map((b) => table.submitTransaction(b)));
}

async function timed(run: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}
