import type { AppOptions } from '../../src/app';
import type { ManualClock } from '../../src/platform/clock';
import {
  channelMention,
  personalMessage,
  team,
  teamInstall,
  user,
  type TestTeam,
  type TestUser,
} from '../support/activities';
import { cardOf, cardText, startHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/outbox-helpers';
import {
  click,
  createAndLaunch,
  finishClosedWaves,
  installPeople,
  nqpsAnswers,
  submitData,
  surveyCardsFor,
  surveyForm,
  waitForCards,
} from '../support/surveys';

/** A leadership channel registered with `digest here` by an admin. */
export async function leadershipChannel(h: Harness, admin: TestUser, name = 'Leadership'): Promise<TestTeam> {
  const leaders = team(name);
  await h.post(teamInstall({ serviceUrl: h.emulator.url, team: leaders, by: admin }));
  await h.post(
    channelMention({
      serviceUrl: h.emulator.url,
      user: admin,
      team: leaders,
      channelId: leaders.id,
      text: 'digest here',
    }),
  );
  return leaders;
}

/** Grants the executive role through the roles card, as an admin would. */
export async function makeExecutive(h: Harness, admin: TestUser, who: TestUser): Promise<void> {
  const card = await click(h, admin, 'roles.grant', {
    person: who.aadObjectId,
    role: 'executive',
  });
  if (!/executive/i.test(cardText(card))) throw new Error(`executive role not granted: ${cardText(card)}`);
}

/** Types a command in the person's 1:1 chat; returns the card the bot replied with. */
export async function say(h: Harness, who: TestUser, text: string): Promise<any> {
  await h.post(
    personalMessage({
      serviceUrl: h.emulator.url,
      user: who,
      conversationId: h.emulator.conversationIdFor(who.id),
      text,
    }),
  );
  return cardOf(h.emulator.sent(h.emulator.conversationIdFor(who.id)).at(-1)!.body);
}

/** Every button in a card (top-level and in ActionSets), for finding a verb's data. */
export function buttons(card: any): any[] {
  const out: any[] = [];
  const walk = (node: any) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      if (typeof node.type === 'string' && node.type.startsWith('Action.')) out.push(node);
      Object.values(node).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** The form fields of an action as a leader fills them in. */
export function actionFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    heard: 'Only 41% feel there are enough staff on nights',
    plan: 'Two more nurses on every night shift',
    owner: 'Director of Nursing',
    targetMonth: '2027-01',
    status: 'planned',
    droppedReason: '',
    ...overrides,
  };
}

/** Records an action on a survey's settled wave through the cards: Add an action → Save. Returns the list card. */
export async function recordAction(
  h: Harness,
  who: TestUser,
  surveyId: string,
  fields: Record<string, string>,
): Promise<any> {
  const list = await say(h, who, 'actions');
  const add = buttons(list).find((b) => b.verb === 'actions.form' && b.data.survey === surveyId && b.data.wave);
  if (!add) throw new Error(`no "Add an action" for ${surveyId}: ${cardText(list)}`);
  const form = await click(h, who, 'actions.form', add.data);
  const save = buttons(form).find((b) => b.verb === 'actions.save');
  return click(h, who, 'actions.save', { ...save.data, ...fields });
}

/** The card data that names the action whose plan is `plan` (read from the actions table). */
export async function actionRef(h: Harness, plan: string): Promise<{ survey: string; id: string }> {
  for await (const e of h.table('actions').listEntities<{ plan?: string }>())
    if (e.plan === plan) return { survey: e.partitionKey!, id: e.rowKey! };
  throw new Error(`no action "${plan}"`);
}

/** "You said, we did" cards that reached a conversation. */
export function youSaidCards(h: Harness, conversationId: string): any[] {
  return h.emulator
    .sent(conversationId)
    .map((c) => cardOf(c.body))
    .filter((c) => c && cardText(c).startsWith('You said, we did'));
}

/**
 * A settled wave of `people` staff (the first `answering` answered), and actions on it recorded and published by an
 * executive, delivered in the next day's bundle: each person's "You said, we did" card is in their chat on return.
 */
export async function publishedActions(o: {
  clock: ManualClock;
  bundleAt: string;
  people: number;
  answering: number;
  plans: string[];
  answerKeys?: AppOptions['answerKeys'];
  namespace?: string;
}): Promise<{ h: Harness; admin: TestUser; exec: TestUser; staff: TestUser[]; leaders: TestTeam; surveyId: string }> {
  const admin = user('Ann Admin');
  const exec = user('Evan Executive');
  const h = await startHarness({
    firstAdmins: [admin.aadObjectId],
    clock: o.clock,
    answerKeys: o.answerKeys,
    namespace: o.namespace,
  });
  const staff = await installPeople(h, o.people);
  const { surveyId } = await createAndLaunch(h, admin, surveyForm({ name: 'Night shift pulse', cadence: 'weekly' }));
  await waitForCards(h, staff);
  for (const p of staff.slice(0, o.answering))
    await click(
      h,
      p,
      'survey.answer',
      submitData(
        surveyCardsFor(h, p)[0],
        nqpsAnswers(() => 2),
      ),
    );
  await click(h, admin, 'surveys.close', { survey: surveyId });
  await finishClosedWaves(h, o.clock);
  const leaders = await leadershipChannel(h, admin);
  await makeExecutive(h, admin, exec);
  for (const plan of o.plans) {
    await recordAction(h, exec, surveyId, actionFields({ plan }));
    await click(h, exec, 'actions.publish', await actionRef(h, plan));
  }
  o.clock.set(o.bundleAt);
  await h.app.actions.actions.sendDailyBundle(o.clock.now());
  await waitFor(() => staff.every((p) => youSaidCards(h, h.emulator.conversationIdFor(p.id)).length >= 1), 20_000);
  return { h, admin, exec, staff, leaders, surveyId };
}

/** The "Has this made a difference?" button for an action on a card, with its data, or undefined. */
export function feedbackButton(card: any, actionId: string, choice: 'yes' | 'not-yet' | 'dont-know'): any {
  return buttons(card).find((b) => b.verb === 'actions.feedback' && b.data.id === actionId && b.data.choice === choice);
}
