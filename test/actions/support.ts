import { channelMention, personalMessage, team, teamInstall, type TestTeam, type TestUser } from '../support/activities';
import { cardOf, cardText, type Harness } from '../support/harness';
import { click } from '../support/surveys';

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
export async function recordAction(h: Harness, who: TestUser, surveyId: string, fields: Record<string, string>): Promise<any> {
  const list = await say(h, who, 'actions');
  const add = buttons(list).find((b) => b.verb === 'actions.form' && b.data.survey === surveyId && b.data.wave);
  if (!add) throw new Error(`no "Add an action" for ${surveyId}: ${cardText(list)}`);
  const form = await click(h, who, 'actions.form', add.data);
  const save = buttons(form).find((b) => b.verb === 'actions.save');
  return click(h, who, 'actions.save', { ...save.data, ...fields });
}

/** The card data that names the action whose plan is `plan` (read from the actions table). */
export async function actionRef(h: Harness, plan: string): Promise<{ survey: string; id: string }> {
  for await (const e of h.table('actions').listEntities<{ plan?: string }>()) if (e.plan === plan) return { survey: e.partitionKey!, id: e.rowKey! };
  throw new Error(`no action "${plan}"`);
}

/** "You said, we did" cards that reached a conversation. */
export function youSaidCards(h: Harness, conversationId: string): any[] {
  return h.emulator
    .sent(conversationId)
    .map((c) => cardOf(c.body))
    .filter((c) => c && cardText(c).startsWith('You said, we did'));
}
