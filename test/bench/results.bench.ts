import { randomBytes } from 'node:crypto';
import { TableClient, type TransactionAction } from '@azure/data-tables';
import { aggregateWave } from '../../src/results/aggregate';
import { STAFF_GROUPS } from '../../src/shared/staff-groups';
import { TableResponseStore } from '../../src/surveys/response.store';
import { BELONGING_AND_VOICE, CBI_WORK_BURNOUT, NQPS_ENGAGEMENT } from '../../src/surveys/templates';
import { benchStorage } from './bench-env';

const QUESTIONS = [...NQPS_ENGAGEMENT.questions, ...CBI_WORK_BURNOUT.questions, ...BELONGING_AND_VOICE.questions]; // 20
const DIRECTORATES = Array.from({ length: 30 }, (_, i) => `Directorate ${i + 1}`);
const WAVE = 'a1b2c3d4e5-w001';
const ROUNDS = 3;

/**
 * `npm run bench -- results`: a closed wave of 20,000 responses × 20 answers with two attributes. Computing all its
 * results (one pass, every score, both breakdowns with suppression) against merely listing the same entities from
 * the same Azurite, alternated so drift hits both alike; the median of the rounds' ratios is reported.
 */
export async function runResultsBench(): Promise<string> {
  const responses = Number(process.env.BENCH_RESPONSES ?? 20_000);
  const azurite = await benchStorage();
  try {
    const table = TableClient.fromConnectionString(azurite.connectionString, `bench${randomBytes(4).toString('hex')}`, {
      allowInsecureConnection: true,
    });
    await table.createTable();
    const seeded = Date.now();
    await seed(table, responses);
    console.log(`seeded ${responses} responses in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);

    const store = new TableResponseStore(table);
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const scanMs = await timed(async () => {
        let n = 0;
        for await (const _ of table.listEntities({ queryOptions: { filter: `PartitionKey eq '${WAVE}'` } })) n++;
        if (n !== responses) throw new Error(`listed ${n} of ${responses}`);
      });
      let shown = 0;
      const aggregateMs = await timed(async () => {
        const figures = await aggregateWave(QUESTIONS, store.ofWave(WAVE), {
          recipients: responses * 2,
          k: 10,
          kComments: 10,
        });
        if (figures.responses !== responses || !figures.overall) throw new Error('aggregation lost responses');
        shown = figures.breakdowns.reduce((a, b) => a + b.shown.length, 0);
      });
      ratios.push(aggregateMs / scanMs);
      console.log(
        `round ${round + 1}: scan ${scanMs.toFixed(0)} ms, aggregate ${aggregateMs.toFixed(0)} ms (${shown} groups shown), ratio ${(aggregateMs / scanMs).toFixed(3)}`,
      );
    }
    const median = [...ratios].sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!;
    return `results ratio=${median.toFixed(3)} responses=${responses}`;
  } finally {
    await azurite.stop();
  }
}

async function seed(table: TableClient, count: number): Promise<void> {
  const pick = <T>(xs: readonly T[], i: number) => xs[(i * 7919) % xs.length]!;
  const batches: TransactionAction[][] = [];
  for (let i = 0; i < count; i += 100) {
    batches.push(
      Array.from({ length: Math.min(100, count - i) }, (_, j): TransactionAction => {
        const n = i + j;
        const entity: Record<string, unknown> = {
          partitionKey: WAVE,
          rowKey: randomBytes(16).toString('hex'),
          day: '2026-11-23',
        };
        QUESTIONS.forEach((q, qi) => (entity[`a_${q.id}`] = String(((n + qi) % 5) + 1)));
        if (n % 4 !== 0) entity.about_staffGroup = pick(STAFF_GROUPS, n);
        if (n % 3 !== 0) entity.about_directorate = pick(DIRECTORATES, n + 1);
        return ['create', entity as { partitionKey: string; rowKey: string }];
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
