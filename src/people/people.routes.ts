import { z } from 'zod';
import type { ConversationDirectory, MemberNames } from '../delivery';
import { assertNever } from '../platform/assert';
import type { Log } from '../platform/log';
import type { BotApp } from '../platform/teams/bot';
import { problemCard } from '../platform/teams/system.cards';
import {
  callerOf,
  conversationRefOf,
  isPersonal,
  onCardAction,
  onCommand,
  replyWithCard,
  type Caller,
  type Turn,
} from '../platform/teams/turn';
import { teamsFactsOf } from '../platform/teams/turn-facts';
import type { ChannelService } from './channel.service';
import { registerLeadRoutes } from './lead.routes';
import type { TeamLeadService } from './lead.service';
import { channelChangeText, helpCard, noteCard, rolesCard, ROLE_VERBS, type Person } from './people.cards';
import type { RoleService } from './role.service';
import { isChannelType, ROLE_LABELS, ROLES, type ChannelPurpose, type RoleHolder } from './roles';
import type { TeamLeadsView } from './team-leads';

const roleChangeSchema = z.object({
  person: z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Choose a person from the list.'),
  role: z.enum(ROLES, { errorMap: () => ({ message: 'Choose one of the roles listed.' }) }),
});

/** What the people routes use. */
interface PeopleDeps {
  roles: RoleService;
  leads: TeamLeadService;
  channels: ChannelService;
  conversations: ConversationDirectory;
  /** Names from Teams for role holders the bot has no chat with (a first admin from configuration, say). */
  names: MemberNames;
  log: Log;
  /** Called once a channel is newly registered (speak-up posts the cases that were waiting for one). */
  onRegistered?: (purpose: ChannelPurpose) => Promise<void>;
}

/** help, roles, team leads and channel registration. */
export function registerPeopleRoutes(app: BotApp, deps: PeopleDeps): void {
  registerRoleRoutes(app, deps);
  registerLeadRoutes(app, deps);
  registerChannelRoutes(app, deps);
}

/** `help`, and `roles` with its grant and revoke buttons (admins, in their 1:1 chat). */
function registerRoleRoutes(app: BotApp, deps: PeopleDeps): void {
  const { roles, log } = deps;

  // Everyone the bot has a chat with (installed, or captured from a team), by the lower-case id roles are kept under.
  // The caller's name comes from this turn: their install may have carried none (the Agents Playground sends none).
  // A role holder with no chat is looked up in the teams the app is in; their id is shown only if Teams has no name.
  const knownPeople = async (caller: Caller, holders: readonly RoleHolder[]): Promise<Person[]> => {
    const byId = new Map<string, Person>();
    for await (const u of deps.conversations.users())
      byId.set(u.aadObjectId.toLowerCase(), { aadObjectId: u.aadObjectId.toLowerCase(), name: u.name });
    if (caller.aadObjectId && caller.name)
      byId.set(caller.aadObjectId, { aadObjectId: caller.aadObjectId, name: caller.name });
    const unnamed = holders.map((h) => h.aadObjectId.toLowerCase()).filter((id) => !byId.get(id)?.name);
    if (unnamed.length > 0)
      for (const [aadObjectId, name] of await deps.names.namesOf(unnamed)) byId.set(aadObjectId, { aadObjectId, name });
    return [...byId.values()];
  };

  const currentRolesCard = async (context: Turn, status?: { text: string; ok: boolean }) => {
    const holders = await roles.holders();
    const teams = await ledTeams(deps.leads, callerOf(context).aadObjectId);
    return rolesCard(holders, await knownPeople(callerOf(context), holders), status, teams);
  };

  onCommand(app, /^help$/, async (context) => {
    await replyWithCard(context, helpCard(await roles.rolesOf(callerOf(context).aadObjectId)));
  });

  onCommand(app, /^roles$/, async (context) => {
    if (!isPersonal(context)) {
      await replyWithCard(
        context,
        noteCard(
          'Roles are managed in your 1:1 chat with me, so that nobody else sees the list. Open a chat with Staff Voice and type "roles".',
        ),
      );
      return;
    }
    if (!(await roles.has(callerOf(context).aadObjectId, 'admin'))) {
      await replyWithCard(
        context,
        noteCard(
          'Sorry, only survey admins can manage roles. Nothing has changed. Type "help" to see what you can do.',
        ),
      );
      return;
    }
    await replyWithCard(context, await currentRolesCard(context));
  });

  for (const [verb, grant] of [
    [ROLE_VERBS.grant, true],
    [ROLE_VERBS.revoke, false],
  ] as const) {
    onCardAction(app, verb, log, async (context, data) => {
      const parsed = roleChangeSchema.safeParse(data);
      if (!parsed.success) {
        return currentRolesCard(context, { text: parsed.error.issues.map((i) => i.message).join(' '), ok: false });
      }
      const change = await roles.change(callerOf(context).aadObjectId, parsed.data.person, parsed.data.role, grant);
      switch (change.kind) {
        case 'not-allowed':
          return problemCard(
            'Only survey admins can change roles',
            'Nothing has changed. Type "help" to see what you can do.',
          );
        case 'config-admin':
          return currentRolesCard(context, {
            text: 'That admin is set in the app configuration (ADMIN_AAD_OBJECT_IDS), so the role cannot be revoked here.',
            ok: false,
          });
        case 'unchanged':
          return currentRolesCard(context, {
            text: `No change: they ${grant ? 'already hold' : 'do not hold'} the ${ROLE_LABELS[change.role]} role.`,
            ok: true,
          });
        case 'granted':
        case 'revoked':
          return currentRolesCard(context, {
            text: `${change.kind === 'granted' ? 'Granted' : 'Revoked'}: ${ROLE_LABELS[change.role]}.`,
            ok: true,
          });
        default:
          return assertNever(change);
      }
    });
  }
}

/** Who leads which team, for the roles card: an admin's view, and nothing for anyone else. */
async function ledTeams(leads: TeamLeadService, actor: string | undefined): Promise<readonly TeamLeadsView[]> {
  const shown = await leads.overview(actor);
  return shown.kind === 'shown' ? shown.view : [];
}

/** `digest here|stop` and `guardians here|stop` in a channel: registering where digests and cases go. */
function registerChannelRoutes(app: BotApp, deps: PeopleDeps): void {
  const { channels, log } = deps;
  const channelCommand = (purpose: ChannelPurpose, register: boolean) => async (context: Turn) => {
    const ref = conversationRefOf(context);
    const caller = callerOf(context);
    const actor = { aadObjectId: caller.aadObjectId, name: caller.name };
    const place = teamsFactsOf(context);
    // In a private channel `ref` is that channel (its own id); `place.team` is the host team it lives in.
    const type = isChannelType(place.channel?.type) ? place.channel.type : undefined;
    const names = { channel: place.channel?.name, team: place.team?.name, type };
    const change = register
      ? await channels.register(actor, purpose, ref, names)
      : await channels.unregister(actor, purpose, ref, names);
    await replyWithCard(context, noteCard(channelChangeText(change.kind, purpose, type)));
    if (change.kind === 'registered') {
      await deps
        .onRegistered?.(purpose)
        .catch((error: unknown) =>
          log.error(
            { err: error, purpose },
            'work after a channel registration failed; the scheduled job will retry it',
          ),
        );
    }
  };
  onCommand(app, /^digest here$/, channelCommand('digest', true));
  onCommand(app, /^digest stop$/, channelCommand('digest', false));
  onCommand(app, /^guardians here$/, channelCommand('guardians', true));
  onCommand(app, /^guardians stop$/, channelCommand('guardians', false));
}
