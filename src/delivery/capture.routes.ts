import type { BotApp } from '../platform/teams/bot';
import { teamChannels } from '../platform/teams/directory';
import {
  beforeEveryTurn,
  callerOf,
  conversationRefOf,
  onActivity,
  onConversationUpdate,
  replyWithCard,
  type Turn,
} from '../platform/teams/turn';
import {
  botIsAmong,
  isAboutOneChannel,
  joinedOneByOne,
  teamsFactsOf,
  type ChannelFacts,
} from '../platform/teams/turn-facts';
import type { CardJson } from '../platform/cards';
import type { LaterCapture } from './capture-later';
import type { CaptureService } from './capture.service';

/**
 * Captures conversation references on install and marks them on uninstall, and notes for the capture job (`later`)
 * people who write before their install event arrives. `welcomeCard` builds the card a newly installed person gets;
 * it is passed in because its buttons belong to features above delivery.
 */
export function registerCaptureRoutes(
  app: BotApp,
  deps: { capture: CaptureService; later: LaterCapture; welcomeCard: () => CardJson },
): void {
  const { capture, later } = deps;

  const installed = async (context: Turn) => {
    const ref = conversationRefOf(context);
    if (ref.kind === 'personal') {
      const caller = callerOf(context);
      const { welcome } = await capture.personalInstalled(caller.aadObjectId, caller.name, ref);
      if (caller.aadObjectId) later.captured(caller.aadObjectId, caller.name, ref);
      if (welcome) await replyWithCard(context, deps.welcomeCard());
    } else if (ref.kind === 'channel') {
      if (isAboutOneChannel(context)) await channelInstalled(capture, context);
      else await teamInstalled(capture, context);
    } else {
      await capture.chatInstalled(ref);
    }
  };

  const uninstalled = async (context: Turn) => {
    const ref = conversationRefOf(context);
    if (ref.kind === 'personal') {
      const { aadObjectId } = callerOf(context);
      if (aadObjectId) later.forget(aadObjectId);
      await capture.personalUninstalled(aadObjectId);
    } else if (ref.kind === 'channel' && isAboutOneChannel(context))
      await capture.channelUninstalled(ref.conversationId);
    else if (ref.kind === 'channel') await capture.teamUninstalled(teamIdOf(context) ?? ref.conversationId);
    else await capture.chatUninstalled(ref.conversationId);
  };

  // A person who writes before Teams' install event arrives (or whose install event was missed) is noted on their
  // message and captured by the job a few seconds later, never in the turn: the turn may be `my cases` or raising a
  // concern, and a read of their conversations row beside it would pair them with the case in the request log. Card
  // actions (invokes) are never captured: they come from cards the bot sent, so the chat is known already.
  beforeEveryTurn(app, (context) => {
    const caller = callerOf(context);
    const personal = conversationRefOf(context).kind === 'personal';
    // An Action.Submit from an older client arrives as a message with a `value`: a card action too, never captured.
    const cardSubmit = context.activity.value !== undefined && context.activity.value !== null;
    if (personal && caller.aadObjectId && context.activity.type === 'message' && !cardSubmit)
      later.note(caller.aadObjectId, caller.name, conversationRefOf(context));
  });

  onActivity(app, 'installationUpdate', async (context) => {
    const action = String(context.activity.action ?? '');
    if (action.startsWith('add')) await installed(context);
    else if (action.startsWith('remove')) await uninstalled(context);
  });

  onConversationUpdate(app, 'membersAdded', async (context) => {
    if (botIsAmong(context, context.activity.membersAdded)) await installed(context);
  });

  onConversationUpdate(app, 'membersRemoved', async (context) => {
    if (botIsAmong(context, context.activity.membersRemoved)) await uninstalled(context);
  });

  registerTeamChangeRoutes(app, capture);
}

/** The app added to a team: the team and its channels (those Teams lists, and the one the event came from). */
async function teamInstalled(capture: CaptureService, context: Turn): Promise<void> {
  const teamId = teamIdOf(context);
  if (!teamId) return;
  const ref = conversationRefOf(context);
  const listed = await teamChannels(context, teamId);
  // The channel the event came from is kept even when Teams' list leaves it out (it need not list every channel).
  const here = { id: ref.conversationId, name: channelOf(context)?.name };
  await capture.teamInstalled({
    teamId,
    name: teamsFactsOf(context).team?.name,
    serviceUrl: ref.serviceUrl,
    tenantId: ref.tenantId,
    botId: ref.botId,
    channels: listed.some((c) => c.id === here.id) ? listed : [...listed, here],
  });
}

/** The app added to one channel (a private or shared channel, which joins one by one). */
async function channelInstalled(capture: CaptureService, context: Turn): Promise<void> {
  const teamId = teamIdOf(context);
  if (!teamId) return;
  const channel = channelOf(context);
  const type = channel?.type;
  await capture.channelInstalled({
    teamId,
    teamName: teamsFactsOf(context).team?.name,
    channelName: channel?.name,
    channelType: joinedOneByOne(type) ? type : undefined,
    ref: conversationRefOf(context),
  });
}

/** Channels created, renamed, restored or deleted, and teams deleted or archived: the captured rows follow. */
function registerTeamChangeRoutes(app: BotApp, capture: CaptureService): void {
  for (const event of ['channelCreated', 'channelRenamed', 'channelRestored'] as const) {
    onConversationUpdate(app, event, async (context) => {
      const teamId = teamIdOf(context);
      const channel = channelOf(context);
      if (!teamId || !channel?.id) return;
      // A new private or shared channel does not have the app until someone adds it there (channelMemberAdded).
      if (event === 'channelCreated' && joinedOneByOne(channel.type)) return;
      await capture.channelChanged(
        teamId,
        { id: channel.id, name: channel.name },
        { ...conversationRefOf(context), conversationId: channel.id },
      );
    });
  }

  onConversationUpdate(app, 'channelDeleted', async (context) => {
    const channelId = teamsFactsOf(context).channel?.id;
    if (channelId) await capture.channelDeleted(channelId);
  });

  for (const event of ['teamDeleted', 'teamHardDeleted', 'teamArchived'] as const) {
    onConversationUpdate(app, event, async (context) => {
      const teamId = teamIdOf(context);
      if (teamId) await capture.teamUninstalled(teamId);
    });
  }
}

function teamIdOf(context: Turn): string | undefined {
  return teamsFactsOf(context).team?.id;
}

/**
 * The channel an activity names (`channelData.channel`). For a private channel that is its own id, and `type` is
 * `private`; `channelData.team` is the host team.
 */
function channelOf(context: Turn): ChannelFacts | undefined {
  return teamsFactsOf(context).channel;
}
