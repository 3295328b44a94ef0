import { expect } from '@jest/globals';
import {
  actionExecute,
  channelMention,
  personalMessage,
  team,
  teamInstall,
  type TestTeam,
  type TestUser,
} from './activities';
import { cardOf, cardText, type Harness } from './harness';
import { waitFor } from './outbox-helpers';

/**
 * Installs the app in a team and registers its General channel as the guardians' channel, as a survey admin who is
 * also a guardian would (the guardian role is given to `admin` first: registering takes both).
 */
export async function guardiansChannel(h: Harness, admin: TestUser): Promise<TestTeam> {
  await h.app.people.roles.seed(admin.aadObjectId, ['guardian']);
  const guardians = team('Speak Up Guardians');
  await h.post(teamInstall({ serviceUrl: h.emulator.url, team: guardians, by: admin }));
  await h.post(
    channelMention({
      serviceUrl: h.emulator.url,
      user: admin,
      team: guardians,
      channelId: guardians.id,
      text: 'guardians here',
    }),
  );
  return guardians;
}

export const say = (h: Harness, who: TestUser, text: string) =>
  h.post(
    personalMessage({
      serviceUrl: h.emulator.url,
      user: who,
      conversationId: h.emulator.conversationIdFor(who.id),
      text,
    }),
  );
export const lastCardIn = (h: Harness, who: TestUser) =>
  cardOf(h.emulator.sent(h.emulator.conversationIdFor(who.id)).at(-1)!.body);

/** Opens the raise form with "speak up" and submits it; returns the card that came back. */
export async function raise(
  h: Harness,
  who: TestUser,
  fields: Record<string, string>,
): Promise<{ card: any; draft: string }> {
  await say(h, who, 'speak up');
  // The form this turn sent: not simply the last card, since a message from the outbox (a guardian's reply to an
  // earlier case, say) can reach the same chat just after it.
  const form = h.emulator
    .sent(h.emulator.conversationIdFor(who.id))
    .map((c) => cardOf(c.body))
    .findLast((c) => c?.actions?.some((a: any) => a.verb === 'speakup.raise'));
  const draft = form.actions[0].data.draft as string;
  const res = await h.post(
    actionExecute({
      serviceUrl: h.emulator.url,
      user: who,
      conversationId: h.emulator.conversationIdFor(who.id),
      verb: 'speakup.raise',
      data: { draft, ...fields },
    }),
  );
  expect(res.status).toBe(200);
  return { card: res.body.value, draft };
}

/** The case card the guardians' channel received for a case (waits for the outbox to deliver it). */
export async function caseCardIn(
  h: Harness,
  channel: TestTeam,
  ref: string,
): Promise<{ card: any; activityId: string }> {
  const find = () =>
    h.emulator
      .sent(channel.id)
      .find((c) => c.conversationId === channel.id && cardText(cardOf(c.body)).includes(`Speak-up case ${ref}`));
  await waitFor(() => Boolean(find()), 15_000);
  const call = find()!;
  return { card: cardOf(call.body), activityId: call.newActivityId! };
}

/** A guardian's Action.Execute on the case card in the channel (the invoke arrives in the card's thread). */
export async function guardianClick(
  h: Harness,
  who: TestUser,
  channel: TestTeam,
  activityId: string,
  verb: string,
  data: Record<string, unknown>,
): Promise<any> {
  const base = actionExecute({
    serviceUrl: h.emulator.url,
    user: who,
    conversationId: channel.id,
    verb,
    data,
    replyToId: activityId,
  });
  const res = await h.post({
    ...base,
    conversation: {
      id: `${channel.id};messageid=${activityId}`,
      conversationType: 'channel',
      isGroup: true,
      tenantId: base.conversation.tenantId,
    },
    channelData: { ...base.channelData, team: { id: channel.id, name: channel.name }, channel: { id: channel.id } },
  });
  expect(res.status).toBe(200);
  return res.body.value;
}
