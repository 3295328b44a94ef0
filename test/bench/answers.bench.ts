import path from 'node:path';
import { TableClient } from '@azure/data-tables';
import { QueueClient } from '@azure/storage-queue';
import { newSealingKey, PurposeKeys } from '../../src/platform/crypto';
import { sealResponse } from '../../src/surveys/answering/response-message';
import { actionExecute, personalInstall, user } from '../support/activities';
import { cardOf, cardText, startHarness, testConnectionString } from '../support/harness';
import { waitFor } from '../support/outbox-helpers';
import { click, nqpsAnswers, submitData, surveyForm, surveyIdIn } from '../support/surveys';
import { checkAnswers } from './answers-check';
import { runFanoutChild, withStorage } from './bench-env';
import {
  CONCURRENCY,
  countStorageCalls,
  fmt,
  fmtCalls,
  measure,
  pool,
  range,
  secs,
  startProfile,
  type Measured,
} from './measure';

const PEOPLE = 1000;
const RAW_INSERTS = 1000;
const THANK_YOU = 'Thank you: your answers are in';

/**
 * `npm run bench -- answers`: 1,000 survey answers through /api/messages at concurrency 50, against raw
 * single-entity inserts into the same Azurite in the same run; then the peak RSS of one wave fanned out to 20,000.
 */
export async function runAnswersBench(): Promise<string> {
  const run = await withStorage(() => answerRun());
  // BENCH_ANSWERS_FANOUT lets a tuning session shorten the slowest part; the recorded figures use the default.
  const fanout = await withStorage(() => fanoutPeakRss(Number(process.env.BENCH_ANSWERS_FANOUT ?? 20_000)));
  console.log(`fan-out: ${fanout.line}`);
  return `answers ratio=${run.ratio.toFixed(3)} per-noop-turn=${run.perNoopTurn.toFixed(3)} p95-ms=${run.p95.toFixed(0)} fanout-peak-rss-mb=${fanout.peakMb}`;
}

async function answerRun(): Promise<{ ratio: number; perNoopTurn: number; p95: number }> {
  const admin = user('Ann Admin');
  // The dispatcher only has to get 1,001 survey cards out before the timed part; the emulator has no cap here.
  const h = await startHarness({ firstAdmins: [admin.aadObjectId], delivery: { workers: 4, budgetPerSecond: 1000 } });
  try {
    // 1. Install: 1,000 people (and the admin) install the app in personal scope, through /api/messages.
    const people = Array.from({ length: PEOPLE }, (_, i) => user(`Staff ${i + 1}`));
    let t = Date.now();
    await h.post(
      personalInstall({
        serviceUrl: h.emulator.url,
        user: admin,
        conversationId: h.emulator.conversationIdFor(admin.id),
      }),
    );
    await pool(people, CONCURRENCY, async (p) => {
      const res = await h.post(
        personalInstall({ serviceUrl: h.emulator.url, user: p, conversationId: h.emulator.conversationIdFor(p.id) }),
      );
      if (res.status !== 200) throw new Error(`install answered ${res.status}`);
    });
    console.log(`  installed ${PEOPLE + 1} people in ${secs(t)} s`);

    // 2. Create and launch a survey through the admin cards; wait until every survey card has been delivered.
    t = Date.now();
    const created = await click(h, admin, 'surveys.create', surveyForm({ name: 'Bench pulse' }));
    if (!cardText(created).includes('Created "Bench pulse"')) throw new Error(`create failed: ${cardText(created)}`);
    const surveyId = surveyIdIn(created, 'Bench pulse');
    const launched = await click(h, admin, 'surveys.launch', { survey: surveyId });
    if (!/Launched: wave 1/.test(cardText(launched))) throw new Error(`launch failed: ${cardText(launched)}`);
    const waveId = `${surveyId}-w001`;
    await waitFor(async () => (await h.app.delivery.outbox.progress(waveId)).sent === PEOPLE + 1, 300_000, 500);
    console.log(`  launched wave ${waveId} and delivered ${PEOPLE + 1} survey cards in ${secs(t)} s`);
    // Nothing else touches storage during the timed parts: the dispatcher's idle polls would be noise.
    await h.app.delivery.dispatcher.stop();

    // 3. Each person's answer, built from the card they received, as Teams would send it back.
    const answers = people.map((p) => {
      const card = h.emulator
        .sent(h.emulator.conversationIdFor(p.id))
        .map((c) => cardOf(c.body))
        .find((c) => JSON.stringify(c ?? {}).includes('"verb":"survey.answer"'));
      if (!card) throw new Error(`no survey card reached ${p.name}`);
      return actionExecute({
        serviceUrl: h.emulator.url,
        user: p,
        conversationId: h.emulator.conversationIdFor(p.id),
        verb: 'survey.answer',
        data: submitData(
          card,
          nqpsAnswers((i) => (i % 5) + 1),
        ),
      });
    });

    // The floor under any answer path: the same people (known to this process, so not captured again) click a
    // button no route claims. The bot answers with a card and makes no storage call. Measured before and after the
    // answers, like the raw inserts, so that the machine drifting during the run does not land on one side only.
    const noopTurns = async () => {
      const turnCalls = countStorageCalls();
      const measured = await measure(people, async (p) => {
        const res = await h.post(
          actionExecute({
            serviceUrl: h.emulator.url,
            user: p,
            conversationId: h.emulator.conversationIdFor(p.id),
            verb: 'bench.nothing',
            data: {},
          }),
        );
        if (res.status !== 200 || !cardText(res.body?.value).includes('no longer in use'))
          throw new Error(`the no-op turn answered ${res.status}`);
      });
      return { measured, storage: turnCalls.stop() };
    };

    // 4. Baselines before, the answers, baselines after: the ratios use the mean of each pair of baselines. One
    // untimed round of no-op turns first, so that the first baseline is not a cold one (that would flatter the ratio).
    await noopTurns();
    const before = await rawInserts(`${h.namespace}rawbefore`);
    console.log(`  raw inserts (before): ${fmt(before)}`);
    const turnsBefore = await noopTurns();
    console.log(`  no-op turns (before): ${fmt(turnsBefore.measured)}`);

    const storage = countStorageCalls();
    const profile = await startProfile(process.env.BENCH_ANSWERS_PROFILE);
    const latencies: number[] = [];
    const failures: string[] = [];
    const answered = await measure(answers, async (activity) => {
      const started = performance.now();
      const res = await h.post(activity).catch((e: Error) => ({ status: 0, body: String(e.message) }));
      latencies.push(performance.now() - started);
      const text = res.status === 200 ? cardText(res.body?.value) : '';
      if (!text.includes(THANK_YOU)) failures.push(res.status === 200 ? text.split('\n')[0]! : `HTTP ${res.status}`);
    });
    await profile.stop();
    const calls = storage.stop();
    const answerRate = answered.rate;

    const after = await rawInserts(`${h.namespace}rawafter`);
    console.log(`  raw inserts (after):  ${fmt(after)}`);
    const raw = (before.rate + after.rate) / 2;
    const turnsAfter = await noopTurns();
    console.log(`  no-op turns (after):  ${fmt(turnsAfter.measured)}`);
    const turns = turnsAfter.measured;
    const turnStorage = turnsAfter.storage;
    const turnRate = (turnsBefore.measured.rate + turnsAfter.measured.rate) / 2;

    // Below that: an HTTP request the server answers without the bot at all (the load generator's fetch, Node's HTTP
    // server and restify).
    const probes = await measure(people, async () => {
      const res = await fetch(`${h.url}/healthz`);
      if (res.status !== 200) throw new Error(`/healthz answered ${res.status}`);
      await res.text();
    });

    // What each kind of storage call an answer makes costs alone, at the same concurrency (not part of the ratio):
    // with the calls per answer, the cost model behind docs/performance.md.
    const ops = await operationRates(h.namespace);

    // 5. Check what was stored: one answered marker and one queued response per thank-you card.
    const progress = await markerCounts(h.table('answered'), waveId);
    const queued =
      (await new QueueClient(testConnectionString(), `${h.namespace}-responses`).getProperties())
        .approximateMessagesCount ?? -1;

    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(0);
    console.log(
      `  answers: ${PEOPLE} in ${answered.seconds.toFixed(2)} s = ${fmt(answered)}; thank-you cards ${PEOPLE - failures.length}, failures ${failures.length}${failures.length ? ` (first: ${failures[0]})` : ''}`,
    );
    console.log(
      `  answer latency ms: p50 ${pct(50)} p95 ${pct(95)} p99 ${pct(99)} max ${latencies.at(-1)!.toFixed(0)}`,
    );
    console.log(`  storage calls per answer: ${fmtCalls(calls, PEOPLE)}`);
    console.log(
      `  a turn with no storage call (unknown verb, known caller): ${fmt(turns)}; storage calls per turn ${fmtCalls(turnStorage, PEOPLE)}`,
    );
    console.log(`  an HTTP request with no bot turn (GET /healthz): ${fmt(probes)}`);
    console.log(`  single operations at concurrency ${CONCURRENCY} (cpu per operation):`);
    for (const [name, m] of Object.entries(ops)) console.log(`    ${name}: ${fmt(m)}`);
    const ratio = answerRate / raw;
    // The same comparison in CPU (both processes, per item): steadier than wall time when the machine is shared.
    const cpuOf = (m: Measured) => m.selfMs + (m.azuriteMs ?? Number.NaN);
    const cpuPerInsert = (cpuOf(before) + cpuOf(after)) / 2;
    console.log(
      `  cpu ratio: ${cpuPerInsert.toFixed(2)} ms per raw insert ÷ ${cpuOf(answered).toFixed(2)} ms per answer = ${(cpuPerInsert / cpuOf(answered)).toFixed(3)}`,
    );
    // The ceiling: an answer is at least a bot turn, so no answer path can beat the no-op turn's ratio.
    console.log(
      `  ceiling: no-op turns/s ÷ raw inserts/s = ${(turnRate / raw).toFixed(3)}; in cpu, ms per raw insert ÷ ms per no-op turn = ${(cpuPerInsert / cpuOf(turns)).toFixed(3)}`,
    );
    const perNoopTurn = answerRate / turnRate;
    const p95 = Number(pct(95));
    console.log(
      `answers: ${answerRate.toFixed(1)} answers/s ÷ ${raw.toFixed(0)} raw inserts/s = ratio ${ratio.toFixed(3)}; ÷ ${turnRate.toFixed(0)} no-op turns/s (mean of before and after) = ${perNoopTurn.toFixed(3)} (target ≥ 0.33); p95 ${p95} ms (target ≤ 800); failures ${failures.length}`,
    );
    // Fails the bench (after printing the figures, so a failed run can still be read) unless every reply was the
    // thank-you card and every answer was stored exactly once.
    console.log(`  ${checkAnswers({ people: PEOPLE, failures, ...progress, queued })}`);
    return { ratio, perNoopTurn, p95 };
  } catch (error) {
    // A card that came back as an error card: the app logged why, with the correlation id.
    for (const line of h.logLines.filter((l) => /"level":(50|60)/.test(l)).slice(-5)) console.error(line);
    throw error;
  } finally {
    await h.stop();
  }
}

/** `n` single-entity inserts (TableClient.createEntity) at the bench's concurrency into a fresh table. */
async function rawInserts(tableName: string, n = RAW_INSERTS): Promise<Measured> {
  const table = TableClient.fromConnectionString(testConnectionString(), tableName, { allowInsecureConnection: true });
  await table.createTable();
  const row = (p: string, i: number) => ({
    partitionKey: p,
    rowKey: `r${String(i).padStart(6, '0')}`,
    status: 'queued',
    attempts: 0,
    updatedAt: new Date().toISOString(),
  });
  await pool(range(100), CONCURRENCY, async (i) => void (await table.createEntity(row('warmup', i))));
  return measure(range(n), (i) => table.createEntity(row('bench', i)));
}

/** Rates of each storage operation the answer path uses, alone, at the same concurrency: for the cost model. */
async function operationRates(namespace: string): Promise<Record<string, Measured>> {
  const table = TableClient.fromConnectionString(testConnectionString(), `${namespace}rawafter`, {
    allowInsecureConnection: true,
  });
  const key = (i: number) => `r${String(i).padStart(6, '0')}`;
  const etags: string[] = [];
  const get = await measure(
    range(RAW_INSERTS),
    async (i) => (etags[i] = (await table.getEntity('bench', key(i))).etag),
  );
  const merge = await measure(range(RAW_INSERTS), (i) =>
    table.updateEntity({ partitionKey: 'bench', rowKey: key(i), state: 'submitting' }, 'Replace', { etag: etags[i] }),
  );
  const upsert = await measure(range(RAW_INSERTS), (i) =>
    table.upsertEntity({ partitionKey: 'bench', rowKey: key(i), updatedAt: new Date().toISOString() }, 'Merge'),
  );
  const queue = new QueueClient(testConnectionString(), `${namespace}-rawqueue`);
  await queue.createIfNotExists();
  const keys = new PurposeKeys(newSealingKey(), 'survey-answers');
  const body = sealResponse(
    { v: 2, id: 'a'.repeat(32), wave: 'abcdef0123-w001', answers: nqpsAnswers((i) => (i % 5) + 1), about: {} },
    keys,
  );
  const send = await measure(range(RAW_INSERTS), () => queue.sendMessage(body, { messageTimeToLive: -1 }));
  return {
    getEntity: get,
    'updateEntity Replace with etag': merge,
    'upsertEntity Merge': upsert,
    'queue sendMessage': send,
  };
}

async function markerCounts(table: TableClient, waveId: string): Promise<{ answered: number; submitting: number }> {
  let answered = 0;
  let submitting = 0;
  for await (const r of table.listEntities<{ state?: string }>({
    queryOptions: { filter: `PartitionKey eq '${waveId}'`, select: ['state'] },
  })) {
    if (r.state === 'answered') answered++;
    else if (r.state === 'submitting') submitting++;
  }
  return { answered, submitting };
}

function fanoutPeakRss(n: number): Promise<{ peakMb: number; line: string }> {
  return runFanoutChild(
    path.join(__dirname, 'answers-fanout-child.ts'),
    { SV_FANOUT_RECIPIENTS: String(n) },
    { echo: true },
  );
}
