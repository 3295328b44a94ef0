import type { ManualClock } from '../../src/platform/clock';
import { KeyRing, PurposeKeys, type Sealer } from '../../src/platform/crypto';
import { plainRow, readRow, type ResponseEntity } from '../../src/surveys/answering/response-row';
import { markerTag } from '../../src/surveys/answering/person-tags';
import { FINAL_MIX_GRACE_MS } from '../../src/surveys/waves/wave-mix';
import { actionExecute, personalInstall, user, type TestUser } from './activities';
import { allEntities, cardOf, cardText, TEST_SEALING_KEY, type Harness } from './harness';
import { waitFor } from './outbox-helpers';

/** People who installed the app in personal scope (each gets a welcome card). */
export async function installPeople(h: Harness, count: number, prefix = 'Staff'): Promise<TestUser[]> {
  const people = Array.from({ length: count }, (_, i) => user(`${prefix} ${i + 1}`));
  for (const p of people)
    await h.post(
      personalInstall({ serviceUrl: h.emulator.url, user: p, conversationId: h.emulator.conversationIdFor(p.id) }),
    );
  return people;
}

/** Clicks an Action.Execute button as `who`; returns the card that replaces the clicked one. */
export async function click(h: Harness, who: TestUser, verb: string, data: Record<string, unknown> = {}): Promise<any> {
  const res = await h.post(
    actionExecute({
      serviceUrl: h.emulator.url,
      user: who,
      conversationId: h.emulator.conversationIdFor(who.id),
      verb,
      data,
    }),
  );
  // Plain errors rather than jest's expect, so benchmarks can use these helpers too.
  if (res.status !== 200) throw new Error(`${verb} answered HTTP ${res.status}`);
  return res.body.value;
}

/** The create-survey form as an admin fills it in. */
export function surveyForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    template: 'nqps-engagement',
    name: 'Ward 7 pulse',
    cadence: 'once',
    windowDays: '7',
    sendTime: '09:00',
    remind: 'true',
    reminderDays: '3',
    audience: 'everyone',
    aboutYou: 'false',
    directorates: '',
    ...overrides,
  };
}

/** The id of a survey in the admin list card, by name (from the Preview button in its section). */
export function surveyIdIn(listCard: any, name: string): string {
  const section = listCard.body.find((b: any) => b.type === 'Container' && b.items?.[0]?.text === name);
  const preview = section?.items
    .find((i: any) => i.type === 'ActionSet')
    ?.actions.find((a: any) => a.verb === 'surveys.preview');
  if (!preview) throw new Error(`no survey named ${name} in the card`);
  return preview.data.survey;
}

/** Creates a survey through the admin cards and launches it now; returns the ids. */
export async function createAndLaunch(
  h: Harness,
  admin: TestUser,
  form = surveyForm(),
): Promise<{ surveyId: string; waveId: string }> {
  // Everyone who has written to the bot so far is captured first (the capture job otherwise runs on its own timer),
  // so a wave's audience does not depend on how the test's timing falls.
  await h.app.delivery.captures.flush();
  const created = await click(h, admin, 'surveys.create', form);
  if (!cardText(created).includes(`Created "${form.name}"`))
    throw new Error(`survey not created: ${cardText(created)}`);
  const surveyId = surveyIdIn(created, form.name!);
  const launched = await click(h, admin, 'surveys.launch', { survey: surveyId });
  if (!/Launched: wave 1/.test(cardText(launched))) throw new Error(`survey not launched: ${cardText(launched)}`);
  return { surveyId, waveId: `${surveyId}-w001` };
}

/** Survey cards (first sends and reminders) that reached a person's chat. */
export function surveyCardsFor(h: Harness, who: TestUser): any[] {
  return h.emulator
    .sent(h.emulator.conversationIdFor(who.id))
    .map((c) => cardOf(c.body))
    .filter((c) => JSON.stringify(c ?? {}).includes('"verb":"survey.answer"'));
}

/** The data of a survey card's Submit button, as Teams would send it back with the given answers. */
export function submitData(card: any, answers: Record<string, string>): Record<string, unknown> {
  const submit = card.actions.find((a: any) => a.verb === 'survey.answer');
  return { ...submit.data, ...Object.fromEntries(Object.entries(answers).map(([q, v]) => [`q.${q}`, v])) };
}

/** Answers for all nine NQPS items. */
export function nqpsAnswers(value: (i: number) => number = () => 4): Record<string, string> {
  return Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`nqps${i + 1}`, String(value(i))]));
}

/** Waits until the wave's survey cards have all been delivered. */
export async function waitForCards(h: Harness, people: TestUser[], perPerson = 1, timeoutMs = 20_000): Promise<void> {
  await waitFor(() => people.every((p) => surveyCardsFor(h, p).length >= perPerson), timeoutMs);
}

/** The survey answers' keys as the harness's app has them (its sealing key is TEST_SEALING_KEY). */
export const testAnswerKeys = new PurposeKeys(TEST_SEALING_KEY, 'survey-answers');

/** A person's answered marker for a wave, read the way only a holder of the key can find it. */
export async function markerOf(
  h: Harness,
  waveId: string,
  who: TestUser,
): Promise<{ state?: string; ticket?: string } | undefined> {
  try {
    return await h
      .table('answered')
      .getEntity<{ state?: string; ticket?: string }>(waveId, markerTag(testAnswerKeys, waveId, who.aadObjectId));
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return undefined;
    throw e;
  }
}

/** Runs the clock past a closed wave's grace period and the job that makes its final write (results wait for it). */
export async function finishClosedWaves(h: Harness, clock: ManualClock): Promise<void> {
  clock.advance(FINAL_MIX_GRACE_MS + 1000);
  await h.app.surveys.waves.tick();
}

/** The stored responses' keys as the harness's app has them. */
export const testRowKeys = new KeyRing({ current: TEST_SEALING_KEY }, 'stored-responses');

/**
 * Stored response rows opened the way only a holder of the key can, in the flat shape of the old plain rows
 * (`a_<question>`, `about_<field>`) beside the row's keys and write time. Throws on a row that does not open.
 */
export function openRows(
  rows: readonly Record<string, unknown>[],
  table: string,
  keys: Sealer,
): Record<string, unknown>[] {
  return rows.map((e) => {
    const read = readRow(table, e as ResponseEntity, keys);
    if (read.kind === 'unreadable') throw new Error(`a ${table} row does not open`);
    const { partitionKey, rowKey } = e as ResponseEntity;
    return {
      ...plainRow(partitionKey, rowKey, read.response),
      etag: e.etag,
      timestamp: e.timestamp,
      format: read.kind,
    };
  });
}

/** A harness's `responses` (or `feedback`) rows, opened with the app's key (see `openRows`). */
export async function openedRows(h: Harness, table: 'responses' | 'feedback' = 'responses') {
  return openRows(await allEntities(h.table(table)), table, testRowKeys);
}
