import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { BotApp } from '../platform/teams/bot';
import { callerOf, conversationRefOf, replyWithCard } from '../platform/teams/turn';
import type { Log } from '../platform/log';
import type { CaptureService } from './capture.service';
import { welcomeCard } from './welcome.cards';

/** Captures conversation references on install and marks them on uninstall. */
export function registerCaptureRoutes(app: BotApp, deps: { capture: CaptureService; log: Log; minGroupSize: number }): void {
  const { capture } = deps;
  // People this process has seen in their 1:1 chat: their first message or click here makes sure their chat is
  // captured; after that, turns (a survey answer, above all) pay no storage call for it.
  const known = new Set<string>();

  const installed = async (context: TurnContext) => {
    const ref = conversationRefOf(context);
    if (ref.kind === 'personal') {
      const caller = callerOf(context);
      const { welcome } = await capture.personalInstalled(caller.aadObjectId, caller.name, ref);
      if (caller.aadObjectId) known.add(caller.aadObjectId);
      if (welcome) await replyWithCard(context, welcomeCard(deps.minGroupSize));
    } else if (ref.kind === 'channel') {
      await teamInstalled(context);
    } else {
      await capture.chatInstalled(ref);
    }
  };

  const uninstalled = async (context: TurnContext) => {
    const ref = conversationRefOf(context);
    if (ref.kind === 'personal') {
      const { aadObjectId } = callerOf(context);
      if (aadObjectId) known.delete(aadObjectId);
      await capture.personalUninstalled(aadObjectId);
    }
    else if (ref.kind === 'channel') await capture.teamUninstalled(teamIdOf(context) ?? ref.conversationId);
    else await capture.chatUninstalled(ref.conversationId);
  };

  const teamInstalled = async (context: TurnContext) => {
    const teamId = teamIdOf(context);
    if (!teamId) return;
    const ref = conversationRefOf(context);
    const channels = await TeamsInfo.getTeamChannels(context, teamId);
    await capture.teamInstalled({
      teamId,
      name: context.activity.channelData?.team?.name,
      serviceUrl: ref.serviceUrl,
      tenantId: ref.tenantId,
      botId: ref.botId,
      channels: channels.filter((c) => !!c.id).map((c) => ({ id: c.id!, name: c.name })),
    });
  };

  // A person who writes before Teams' install event arrives (or whose install event was missed) is captured on their
  // first message. The set saves a storage read on every later message from them in this process.
  app.turn('beforeTurn', async (context) => {
    const caller = callerOf(context);
    const personal = conversationRefOf(context).kind === 'personal';
    if (personal && caller.aadObjectId && ['message', 'invoke'].includes(context.activity.type) && !known.has(caller.aadObjectId)) {
      const { welcome } = await capture.personalInstalled(caller.aadObjectId, caller.name, conversationRefOf(context));
      if (welcome) await replyWithCard(context, welcomeCard(deps.minGroupSize));
      known.add(caller.aadObjectId);
    }
    return true;
  });

  app.activity('installationUpdate', async (context) => {
    const action = String(context.activity.action ?? '');
    if (action.startsWith('add')) await installed(context);
    else if (action.startsWith('remove')) await uninstalled(context);
  });

  app.conversationUpdate('membersAdded', async (context) => {
    if (botIsAmong(context, context.activity.membersAdded)) await installed(context);
  });

  app.conversationUpdate('membersRemoved', async (context) => {
    if (botIsAmong(context, context.activity.membersRemoved)) await uninstalled(context);
  });

  for (const event of ['channelCreated', 'channelRenamed', 'channelRestored'] as const) {
    app.conversationUpdate(event, async (context) => {
      const teamId = teamIdOf(context);
      const channel = context.activity.channelData?.channel as { id?: string; name?: string } | undefined;
      if (!teamId || !channel?.id) return;
      await capture.channelChanged(teamId, { id: channel.id, name: channel.name }, { ...conversationRefOf(context), conversationId: channel.id });
    });
  }

  app.conversationUpdate('channelDeleted', async (context) => {
    const channelId = context.activity.channelData?.channel?.id as string | undefined;
    if (channelId) await capture.channelDeleted(channelId);
  });

  for (const event of ['teamDeleted', 'teamHardDeleted', 'teamArchived'] as const) {
    app.conversationUpdate(event, async (context) => {
      const teamId = teamIdOf(context);
      if (teamId) await capture.teamUninstalled(teamId);
    });
  }
}

function teamIdOf(context: TurnContext): string | undefined {
  return context.activity.channelData?.team?.id as string | undefined;
}

function botIsAmong(context: TurnContext, members: { id: string }[] | undefined): boolean {
  return (members ?? []).some((m) => m.id === context.activity.recipient?.id);
}
