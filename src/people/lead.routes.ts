import { z } from 'zod';
import { assertNever } from '../platform/assert';
import type { CardJson } from '../platform/cards';
import type { Log } from '../platform/log';
import type { BotApp } from '../platform/teams/bot';
import { problemCard } from '../platform/teams/system.cards';
import { answerIsPrivate, callerOf, onCardAction, type Turn } from '../platform/teams/turn';
import { LEAD_VERBS, teamLeadCard, teamLeadsCard } from './lead.cards';
import { isTeamId, type LeadChange, type TeamLeadService } from './lead.service';
import { noteCard } from './people.cards';
import { teamLabel, teamsNamed } from './team-leads';

const CHOOSE_TEAM = 'Choose a team from the list.';
const CHOOSE_MEMBER = 'Choose a member from the list.';
const teamIdSchema = z
  .string({ required_error: CHOOSE_TEAM, invalid_type_error: CHOOSE_TEAM })
  .refine(isTeamId, CHOOSE_TEAM);
const teamSchema = z.object({ team: teamIdSchema });
const personSchema = z
  .string({ required_error: CHOOSE_MEMBER, invalid_type_error: CHOOSE_MEMBER })
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, CHOOSE_MEMBER);
// A picker's empty choice and an empty text box both arrive as '' (or not at all).
const blank = (value: unknown) => (value === '' ? undefined : value);
const nameSchema = z
  .object({
    person: z.preprocess(blank, personSchema.optional()),
    email: z.preprocess(
      blank,
      z.string().trim().email('Type an email address like name@trust.nhs.uk.').max(256).optional(),
    ),
  })
  .refine((d) => (d.person === undefined) !== (d.email === undefined), {
    message: 'Choose one member from the list, or type one email address.',
  });
const removeSchema = z.object({ person: personSchema });
// Opening a team: chosen from the list, or found by part of its name where the list cannot hold every team.
const openSchema = z
  .object({
    team: z.preprocess(blank, teamIdSchema.optional()),
    find: z.preprocess(blank, z.string({ invalid_type_error: CHOOSE_TEAM }).trim().min(1).max(100).optional()),
  })
  .refine((d) => d.team !== undefined || d.find !== undefined, { message: CHOOSE_TEAM });

type Status = { text: string; ok: boolean };
const problems = (error: z.ZodError): Status => ({
  text: [...new Set(error.issues.map((i) => i.message))].join(' '),
  ok: false,
});

const notAllowed = () =>
  problemCard('Only survey admins can name team leads', 'Nothing has changed. Type "help" to see what you can do.');

/** The team-lead cards' buttons: the list of teams, one team, naming, removing, and taking a team's owners. */
export function registerLeadRoutes(app: BotApp, deps: { leads: TeamLeadService; log: Log }): void {
  const { leads, log } = deps;

  const teamsCard = async (context: Turn, status?: Status): Promise<CardJson> => {
    const shown = await leads.overview(callerOf(context).aadObjectId);
    return shown.kind === 'shown' ? teamLeadsCard(shown.view, status) : notAllowed();
  };

  // The status line can name the team: it is worded once the team is read.
  const teamCard = async (context: Turn, teamId: string, status?: (team: string) => Status): Promise<CardJson> => {
    const shown = await leads.detail(callerOf(context).aadObjectId, teamId);
    if (shown.kind === 'not-allowed') return notAllowed();
    if (shown.kind === 'no-team') return teamsCard(context, { text: NO_TEAM, ok: false });
    return teamLeadCard(shown.view, status?.(teamLabel(shown.view.name)));
  };

  /** Routes one verb: in the caller's own view only, and with a team id that is at least well formed. */
  const onTeamAction = (verb: string, act: (context: Turn, teamId: string, data: unknown) => Promise<CardJson>) =>
    onCardAction(app, verb, log, async (context, data) => {
      if (!answerIsPrivate(context)) return noteCard(PERSONAL_ONLY);
      const parsed = teamSchema.safeParse(data);
      return parsed.success ? act(context, parsed.data.team, data) : teamsCard(context, problems(parsed.error));
    });

  onCardAction(app, LEAD_VERBS.teams, log, async (context) =>
    answerIsPrivate(context) ? teamsCard(context) : noteCard(PERSONAL_ONLY),
  );

  onCardAction(app, LEAD_VERBS.team, log, async (context, data) => {
    if (!answerIsPrivate(context)) return noteCard(PERSONAL_ONLY);
    const parsed = openSchema.safeParse(data);
    if (!parsed.success) return teamsCard(context, problems(parsed.error));
    if (parsed.data.team) return teamCard(context, parsed.data.team);
    return findTeam(context, parsed.data.find!);
  });

  /** Opens the one team whose name holds `text`, or lists those that do. */
  const findTeam = async (context: Turn, text: string): Promise<CardJson> => {
    const shown = await leads.overview(callerOf(context).aadObjectId);
    if (shown.kind !== 'shown') return notAllowed();
    const found = teamsNamed(shown.view, text);
    if (found.length === 1) return teamCard(context, found[0]!.teamId);
    const status =
      found.length === 0
        ? {
            text: `No team's name holds "${text}". Choose from the list, or try a shorter part of the name.`,
            ok: false,
          }
        : { text: `${found.length} teams' names hold "${text}": choose one.`, ok: true };
    return teamLeadsCard(found.length === 0 ? shown.view : found, status);
  };

  onTeamAction(LEAD_VERBS.name, async (context, teamId, data) => {
    const parsed = nameSchema.safeParse(data);
    if (!parsed.success) return teamCard(context, teamId, () => problems(parsed.error));
    const who = parsed.data.person ?? parsed.data.email!;
    return answer(context, teamId, await leads.name(callerOf(context).aadObjectId, teamId, who));
  });

  onTeamAction(LEAD_VERBS.remove, async (context, teamId, data) => {
    const parsed = removeSchema.safeParse(data);
    if (!parsed.success) return teamCard(context, teamId, () => problems(parsed.error));
    return answer(context, teamId, await leads.remove(callerOf(context).aadObjectId, teamId, parsed.data.person));
  });

  onTeamAction(LEAD_VERBS.owners, async (context, teamId) =>
    answer(context, teamId, await leads.takeOwners(callerOf(context).aadObjectId, teamId)),
  );

  /** What a change did, on the team's card (or the list of teams, when the team is not one the app is in). */
  const answer = async (context: Turn, teamId: string, change: LeadChange): Promise<CardJson> => {
    switch (change.kind) {
      case 'not-allowed':
        return notAllowed();
      case 'no-team':
        return teamsCard(context, { text: NO_TEAM, ok: false });
      default:
        return teamCard(context, teamId, (team) => changeStatus(change, team));
    }
  };
}

const PERSONAL_ONLY =
  'Team leads are managed in your 1:1 chat with me, so that nobody else sees the list. Open a chat with Staff Voice and type "roles".';
const NO_TEAM =
  'Staff Voice is not in that team now, so nobody can be named its lead. Nothing has changed, and the attempt has been recorded.';

/** The status line a change leaves on the team's card. */
function changeStatus(change: Exclude<LeadChange, { kind: 'not-allowed' | 'no-team' }>, team: string): Status {
  switch (change.kind) {
    case 'named':
      return {
        text: `Done: ${change.names.join(', ')} now ${change.names.length === 1 ? 'leads' : 'lead'} ${team}.`,
        ok: true,
      };
    case 'already-lead':
      return { text: `No change: they already lead ${team}.`, ok: true };
    case 'removed':
      return { text: `Done: ${change.name ?? 'they'} no longer ${change.name ? 'leads' : 'lead'} ${team}.`, ok: true };
    case 'not-a-lead':
      return { text: `No change: they do not lead ${team}.`, ok: true };
    case 'not-a-member':
      return {
        text: `They are not a member of ${team} in Teams, so they cannot lead it. Nothing has changed, and the attempt has been recorded.`,
        ok: false,
      };
    case 'no-owners':
      return {
        text: `Teams does not mark any member of ${team} as an owner, so nobody was named. Choose each lead from its members.`,
        ok: false,
      };
    case 'roster-unavailable':
      return {
        text: 'Teams did not answer just now, so nothing has changed. Please try again in a minute.',
        ok: false,
      };
    default:
      return assertNever(change);
  }
}
