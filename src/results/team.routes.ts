import { z } from 'zod';
import { assertNever } from '../platform/assert';
import type { CardJson } from '../platform/cards';
import type { Log } from '../platform/log';
import type { BotApp } from '../platform/teams/bot';
import { problemCard } from '../platform/teams/system.cards';
import {
  asData,
  callerOf,
  isPersonal,
  onCardAction,
  onCommand,
  replyWithCard,
  type Turn,
} from '../platform/teams/turn';
import type { TeamRefusal, TeamResultsOutcome, TeamResultsService } from './team-access.service';
import { TEAM_RESULTS_VERBS, teamChoiceCard, teamResultsCard, teamText } from './team.cards';

const STALE = 'This card is out of date. Type "results team" for your team’s latest results.';
// Team ids come from Teams (`19:…@thread.tacv2`); anything else in a card's data is stale or tampered.
const teamId = z.string({ required_error: STALE, invalid_type_error: STALE }).min(1).max(400).regex(/^\S+$/, STALE);
const showSchema = z.object({ team: teamId });
const postSchema = z.object({
  survey: z.string().regex(/^[a-f0-9]{10}$/, STALE),
  wave: z.string().regex(/^[a-f0-9]{10}-w\d{1,4}$/, STALE),
  team: teamId,
});

const onlyInChat = () =>
  problemCard(
    'Team results are shown in your 1:1 chat with me',
    'Open a chat with Staff Voice and type "results team" there, so that figures are not posted where others can see them.',
  );
const staleCard = () => problemCard('That button is no longer in use', `${STALE} Nothing has changed.`);

/** Why a refusal was given, in words: the caller is told why, and what to do. */
export function teamRefusalCard(refusal: TeamRefusal): CardJson {
  switch (refusal.kind) {
    case 'not-a-lead':
      return problemCard(
        'Team results are for the team’s leads',
        'You are not named as the lead of a team, so nothing was shown. A survey admin names each team’s leads on the roles card; executives and survey admins see every team. Type "help" to see what you can do.',
      );
    case 'not-their-team': {
      const team = teamText(refusal.teamName);
      const led = refusal.led.map(teamText).join(', ');
      return problemCard(
        `${team}’s results are for its leads`,
        `You lead ${led}, not ${team}, so nothing was shown. Type "results team" to see your own team’s results. If you should lead ${team} too, ask a survey admin to name you on the roles card.`,
      );
    }
    default:
      return assertNever(refusal);
  }
}

/** `results team [name]`, a team chosen from a list, and posting a team's card to its channel: in 1:1 chat only. */
export function registerTeamRoutes(
  app: BotApp,
  deps: { teams: TeamResultsService; respondVerb: string; log: Log },
): void {
  const { teams, log } = deps;
  const lead = { kind: 'lead', respondVerb: deps.respondVerb } as const;
  const caller = (context: Turn) => callerOf(context).aadObjectId;

  const shown = (outcome: TeamResultsOutcome): CardJson => {
    switch (outcome.kind) {
      case 'shown':
        return teamResultsCard(outcome.data, lead);
      case 'choose':
        return teamChoiceCard(outcome.teams, outcome.query);
      case 'no-results':
        return problemCard(
          `No results for ${teamText(outcome.teamName)} yet`,
          'A team’s results appear a few minutes after a survey wave sent through the team closes. Its leads get a card here when they do.',
        );
      case 'name-a-team':
        return problemCard(
          'Which team?',
          'Type "results team" and part of a team’s name, for example "results team Ward 7". The "results" card lists every team of a survey sent to teams.',
        );
      case 'no-such-team':
        return problemCard(
          `No team called "${teamText(outcome.query)}"`,
          'Nothing matched that name among the teams Staff Voice is in. Check the spelling, or type part of the name.',
        );
      case 'not-a-lead':
      case 'not-their-team':
        return teamRefusalCard(outcome);
      default:
        return assertNever(outcome);
    }
  };

  onCommand(app, /^results team(?: (.{1,80}))?$/, async (context, match) => {
    if (!isPersonal(context)) return replyWithCard(context, onlyInChat());
    await replyWithCard(context, shown(await teams.forCaller(caller(context), match[1]?.trim() || undefined)));
  });

  onCardAction(app, TEAM_RESULTS_VERBS.show, log, async (context, data) => {
    if (!isPersonal(context)) return onlyInChat();
    const parsed = showSchema.safeParse(asData(data));
    if (!parsed.success) return staleCard();
    return shown(await teams.forTeam(caller(context), parsed.data.team));
  });

  onCardAction(app, TEAM_RESULTS_VERBS.post, log, async (context, data) => {
    if (!isPersonal(context)) return onlyInChat();
    const parsed = postSchema.safeParse(asData(data));
    if (!parsed.success) return staleCard();
    const outcome = await teams.postToChannel(caller(context), parsed.data, callerOf(context).name);
    switch (outcome.kind) {
      case 'posted':
      case 'already-posted':
      case 'no-channel': {
        const team = teamText(outcome.data.teamName);
        const status = {
          posted: { text: `Posted to ${team}’s General channel. Nothing else has changed.`, ok: true },
          'already-posted': { text: `Already posted to ${team}’s General channel for this wave.`, ok: true },
          'no-channel': {
            text: `Not posted: Staff Voice is no longer in ${team}, or does not know its General channel. Nothing was sent.`,
            ok: false,
          },
        }[outcome.kind];
        return teamResultsCard(outcome.data, { ...lead, status });
      }
      case 'nothing-to-post':
        return staleCard();
      case 'not-a-lead':
      case 'not-their-team':
        return teamRefusalCard(outcome);
      default:
        return assertNever(outcome);
    }
  });
}
