import { randomUUID } from 'node:crypto';

/** A person as Teams identifies them in activities. */
export interface TestUser {
  aadObjectId: string;
  id: string;
  name: string;
}

export interface TestTeam {
  id: string;
  name: string;
  channels: { id: string; name?: string }[];
}

export const BOT = { id: '28:staff-voice-bot', name: 'Staff Voice' };
export const TENANT_ID = '72f988bf-0000-4000-8000-000000000001';

let counter = 0;

/** A new person with a fresh Entra object id. */
export function user(name: string): TestUser {
  const aadObjectId = randomUUID();
  return { aadObjectId, id: `29:${aadObjectId.replace(/-/g, '')}`, name };
}

/** A team with a General channel (id = team id, as in Teams) and the named channels. */
export function team(name: string, channelNames: string[] = []): TestTeam {
  const id = `19:${randomUUID().replace(/-/g, '')}@thread.tacv2`;
  return {
    id,
    name,
    channels: [
      { id },
      ...channelNames.map((n) => ({ id: `19:${randomUUID().replace(/-/g, '')}@thread.tacv2`, name: n })),
    ],
  };
}

interface Base {
  serviceUrl: string;
}

function common(serviceUrl: string) {
  return {
    id: `act-in-${++counter}`,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    recipient: BOT,
    locale: 'en-GB',
  };
}

function personal(u: TestUser, conversationId: string) {
  return {
    from: { id: u.id, name: u.name, aadObjectId: u.aadObjectId },
    conversation: { id: conversationId, conversationType: 'personal', tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
  };
}

/** A message in the person's 1:1 chat with the bot. */
export function personalMessage(o: Base & { user: TestUser; conversationId: string; text: string }) {
  return { ...common(o.serviceUrl), type: 'message', text: o.text, ...personal(o.user, o.conversationId) };
}

/** The app installed in personal scope (Teams sends installationUpdate with action "add"). */
export function personalInstall(o: Base & { user: TestUser; conversationId: string }) {
  return { ...common(o.serviceUrl), type: 'installationUpdate', action: 'add', ...personal(o.user, o.conversationId) };
}

export function personalUninstall(o: Base & { user: TestUser; conversationId: string }) {
  return {
    ...common(o.serviceUrl),
    type: 'installationUpdate',
    action: 'remove',
    ...personal(o.user, o.conversationId),
  };
}

/** The bot added to a team: conversationUpdate in the General channel with the bot among membersAdded. */
export function teamInstall(o: Base & { team: TestTeam; by: TestUser }) {
  return {
    ...common(o.serviceUrl),
    type: 'conversationUpdate',
    from: { id: o.by.id, name: o.by.name, aadObjectId: o.by.aadObjectId },
    conversation: { id: o.team.id, conversationType: 'channel', isGroup: true, tenantId: TENANT_ID },
    membersAdded: [{ id: BOT.id }],
    channelData: {
      eventType: 'teamMemberAdded',
      team: { id: o.team.id, name: o.team.name },
      tenant: { id: TENANT_ID },
    },
  };
}

export function teamUninstall(o: Base & { team: TestTeam; by: TestUser }) {
  return {
    ...common(o.serviceUrl),
    type: 'conversationUpdate',
    from: { id: o.by.id, name: o.by.name, aadObjectId: o.by.aadObjectId },
    conversation: { id: o.team.id, conversationType: 'channel', isGroup: true, tenantId: TENANT_ID },
    membersRemoved: [{ id: BOT.id }],
    channelData: {
      eventType: 'teamMemberRemoved',
      team: { id: o.team.id, name: o.team.name },
      tenant: { id: TENANT_ID },
    },
  };
}

/** A channel message that @mentions the bot, as Teams delivers it (the mention markup is in the text). */
export function channelMention(o: Base & { user: TestUser; team: TestTeam; channelId: string; text: string }) {
  const mention = `<at>${BOT.name}</at>`;
  return {
    ...common(o.serviceUrl),
    type: 'message',
    text: `${mention} ${o.text}`,
    entities: [{ type: 'mention', text: mention, mentioned: BOT }],
    from: { id: o.user.id, name: o.user.name, aadObjectId: o.user.aadObjectId },
    // Teams addresses a channel post as <channel id>;messageid=<post id>.
    conversation: {
      id: `${o.channelId};messageid=${Date.now()}`,
      conversationType: 'channel',
      isGroup: true,
      tenantId: TENANT_ID,
    },
    channelData: {
      team: { id: o.team.id, name: o.team.name },
      channel: { id: o.channelId, name: o.team.channels.find((c) => c.id === o.channelId)?.name },
      tenant: { id: TENANT_ID },
    },
  };
}

/** An Action.Execute click (an `adaptiveCard/action` invoke) on a card in the person's 1:1 chat. */
export function actionExecute(
  o: Base & {
    user: TestUser;
    conversationId: string;
    verb: string;
    data?: Record<string, unknown>;
    replyToId?: string;
  },
) {
  return {
    ...common(o.serviceUrl),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: o.replyToId ?? 'act-card',
    value: {
      action: { type: 'Action.Execute', verb: o.verb, data: { ...(o.data ?? {}), verb: o.verb } },
      trigger: 'manual',
    },
    ...personal(o.user, o.conversationId),
  };
}

/** An Action.Submit click (older clients): a message with the card's data as `value` and no text. */
export function actionSubmit(
  o: Base & { user: TestUser; conversationId: string; data: Record<string, unknown>; replyToId?: string },
) {
  return {
    ...common(o.serviceUrl),
    type: 'message',
    value: o.data,
    replyToId: o.replyToId ?? 'act-card',
    ...personal(o.user, o.conversationId),
  };
}

// ---- private channels ------------------------------------------------------------------------------------------
// A private channel lives in a host team but is a conversation of its own: its id is not the team's and Teams does not
// add the app to it with the team (someone adds it to the channel). In its activities `conversation.id` is the
// channel's id (with ';messageid=<post>' for a post or thread), `conversationType` is 'channel', `channelData.channel`
// is { id, name, type: 'private' } and `channelData.team` is the host team.

export interface TestChannel {
  id: string;
  name: string;
  type: 'private';
}

/** A private channel (not in its team's `channels`: a team's channel list is no guide to where the app is). */
export function privateChannel(name: string): TestChannel {
  // Private channels have thread ids of their own ('@thread.skype'), unlike the team's '@thread.tacv2' ones.
  return { id: `19:${randomUUID().replace(/-/g, '')}@thread.skype`, name, type: 'private' };
}

function inPrivateChannel(o: {
  team: TestTeam;
  channel: TestChannel;
  by: TestUser;
  conversationId?: string;
  eventType?: string;
}) {
  return {
    from: { id: o.by.id, name: o.by.name, aadObjectId: o.by.aadObjectId },
    conversation: {
      id: o.conversationId ?? o.channel.id,
      conversationType: 'channel',
      isGroup: true,
      tenantId: TENANT_ID,
    },
    channelData: {
      ...(o.eventType ? { eventType: o.eventType } : {}),
      team: { id: o.team.id, name: o.team.name },
      channel: { id: o.channel.id, name: o.channel.name, type: o.channel.type },
      tenant: { id: TENANT_ID },
    },
  };
}

/**
 * The app added to a private channel of a team it is installed in (the channel's ⋯ > Manage channel > Apps, or + in
 * the channel): conversationUpdate with the bot among membersAdded and eventType "channelMemberAdded".
 * `conversationId` overrides where Teams addresses it (the channel itself by default).
 */
export function privateChannelInstall(
  o: Base & { team: TestTeam; channel: TestChannel; by: TestUser; conversationId?: string },
) {
  return {
    ...common(o.serviceUrl),
    type: 'conversationUpdate',
    membersAdded: [{ id: BOT.id }],
    ...inPrivateChannel({ ...o, eventType: 'channelMemberAdded' }),
  };
}

/** The app removed from a private channel (the team keeps it): the bot among membersRemoved, "channelMemberRemoved". */
export function privateChannelUninstall(o: Base & { team: TestTeam; channel: TestChannel; by: TestUser }) {
  return {
    ...common(o.serviceUrl),
    type: 'conversationUpdate',
    membersRemoved: [{ id: BOT.id }],
    ...inPrivateChannel({ ...o, eventType: 'channelMemberRemoved' }),
  };
}

/** A private channel created in a team that has the app: Teams tells the team's bot, but the app is not in it yet. */
export function privateChannelCreated(o: Base & { team: TestTeam; channel: TestChannel; by: TestUser }) {
  return {
    ...common(o.serviceUrl),
    type: 'conversationUpdate',
    ...inPrivateChannel({ ...o, conversationId: o.team.id, eventType: 'channelCreated' }),
  };
}

/** A new post in a private channel that @mentions the bot. */
export function privateChannelMention(
  o: Base & { user: TestUser; team: TestTeam; channel: TestChannel; text: string },
) {
  const mention = `<at>${BOT.name}</at>`;
  return {
    ...common(o.serviceUrl),
    type: 'message',
    text: `${mention} ${o.text}`,
    entities: [{ type: 'mention', text: mention, mentioned: BOT }],
    ...inPrivateChannel({ ...o, by: o.user, conversationId: `${o.channel.id};messageid=${Date.now()}` }),
  };
}

/** An Action.Execute click on a card the bot posted in a private channel: the invoke arrives in the card's thread. */
export function privateChannelActionExecute(
  o: Base & {
    user: TestUser;
    team: TestTeam;
    channel: TestChannel;
    activityId: string;
    verb: string;
    data?: Record<string, unknown>;
  },
) {
  return {
    ...common(o.serviceUrl),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: o.activityId,
    value: {
      action: { type: 'Action.Execute', verb: o.verb, data: { ...(o.data ?? {}), verb: o.verb } },
      trigger: 'manual',
    },
    ...inPrivateChannel({ ...o, by: o.user, conversationId: `${o.channel.id};messageid=${o.activityId}` }),
  };
}

// ---- where a card action comes from, and from which tenant ----------------------------------------------------------

/** An Action.Execute click on a card the bot posted in a standard channel: the invoke arrives in the card's thread. */
export function channelActionExecute(
  o: Base & {
    user: TestUser;
    team: TestTeam;
    channelId: string;
    activityId: string;
    verb: string;
    data?: Record<string, unknown>;
  },
) {
  return {
    ...common(o.serviceUrl),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: o.activityId,
    value: {
      action: { type: 'Action.Execute', verb: o.verb, data: { ...(o.data ?? {}), verb: o.verb } },
      trigger: 'manual',
    },
    from: { id: o.user.id, name: o.user.name, aadObjectId: o.user.aadObjectId },
    conversation: {
      id: `${o.channelId};messageid=${o.activityId}`,
      conversationType: 'channel',
      isGroup: true,
      tenantId: TENANT_ID,
    },
    channelData: {
      team: { id: o.team.id, name: o.team.name },
      channel: { id: o.channelId },
      tenant: { id: TENANT_ID },
    },
  };
}

/** An Action.Execute click on a card in a group chat with the bot. */
export function groupChatActionExecute(
  o: Base & {
    user: TestUser;
    conversationId: string;
    verb: string;
    data?: Record<string, unknown>;
    replyToId?: string;
  },
) {
  return {
    ...common(o.serviceUrl),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: o.replyToId ?? 'act-card',
    value: {
      action: { type: 'Action.Execute', verb: o.verb, data: { ...(o.data ?? {}), verb: o.verb } },
      trigger: 'manual',
    },
    from: { id: o.user.id, name: o.user.name, aadObjectId: o.user.aadObjectId },
    conversation: { id: o.conversationId, conversationType: 'groupChat', isGroup: true, tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
  };
}

/**
 * The same card action as Teams' automatic refresh of a card with `refresh.userIds` sends it (Universal Actions
 * user-specific views): the refresh action's verb and data, with `trigger: "automatic"`.
 */
export function asRefresh<T extends { value: { action: unknown } }>(invoke: T): T {
  return { ...invoke, value: { ...invoke.value, trigger: 'automatic' } };
}

/** The activity with another `conversationType` (`undefined` leaves it out, as no Teams conversation does). */
export function withConversationType<T extends { conversation: Record<string, unknown> }>(
  activity: T,
  conversationType: string | undefined,
): T {
  const { conversationType: _dropped, ...rest } = activity.conversation;
  return { ...activity, conversation: conversationType === undefined ? rest : { ...rest, conversationType } };
}

/** The activity as if sent from another Entra tenant (both places Teams names the tenant). */
export function fromTenant<T extends { conversation: Record<string, unknown>; channelData?: Record<string, unknown> }>(
  activity: T,
  tenantId: string,
): T {
  return {
    ...activity,
    conversation: { ...activity.conversation, tenantId },
    channelData: { ...(activity.channelData ?? {}), tenant: { id: tenantId } },
  };
}
