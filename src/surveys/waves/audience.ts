import type { ConversationDirectory, RosterService } from '../../delivery';
import type { Log } from '../../platform/log';
import type { Asked } from '../answering';
import { isNewStarterDue, type Survey } from '../authoring';

interface AudienceDeps {
  conversations: ConversationDirectory;
  roster: RosterService;
  log: Log;
}

/**
 * Who a wave goes to: everyone reachable, chosen teams' members, or new starters due a check-in. Each person once: in
 * a wave to chosen teams, through the first of the survey's teams (in the admin's order) whose roster has them, so
 * each answer belongs to at most one team. Waves to everyone and to new starters carry no team.
 */
export async function* audienceOf(survey: Survey, opensAt: Date, deps: AudienceDeps): AsyncIterable<Asked> {
  const { conversations, roster, log } = deps;
  if (survey.audience.kind === 'teams') {
    const seen = new Set<string>();
    for (const teamId of survey.audience.teamIds) {
      try {
        for await (const m of roster.members(teamId)) {
          if (!m.aadObjectId || (m.outcome !== 'reachable' && m.outcome !== 'created')) continue;
          if (seen.has(m.aadObjectId.toLowerCase())) continue; // already asked through an earlier team
          seen.add(m.aadObjectId.toLowerCase());
          yield { person: m.aadObjectId, team: teamId };
        }
      } catch (error) {
        log.warn(
          { survey: survey.id, err: error },
          'a chosen team could not be reached; its members are skipped this wave',
        );
      }
    }
    return;
  }
  if (survey.audience.kind === 'everyone') {
    // Reach members of every team first (creating their 1:1 chats), then everyone with an active chat.
    for (const team of await conversations.activeTeams()) {
      await roster
        .reachTeamMembers(team.teamId)
        .catch((error: unknown) =>
          log.warn(
            { survey: survey.id, err: error },
            'a team roster could not be read; its members who have chats are still included',
          ),
        );
    }
  }
  for await (const user of conversations.users()) {
    if (user.status !== 'active') continue;
    if (
      survey.audience.kind === 'new-starters' &&
      !(user.firstInstalledAt && isNewStarterDue(new Date(user.firstInstalledAt), opensAt))
    )
      continue;
    yield { person: user.aadObjectId };
  }
}

/**
 * The wave's audience as its cards are sent: in a wave to chosen teams, read whole first, so that a team through which
 * fewer than k people are asked is recorded for none of them (`teamsOfAtLeast`).
 */
export async function* recipientsOf(
  survey: Survey,
  opensAt: Date,
  deps: AudienceDeps & { minGroupSize: number },
): AsyncIterable<Asked> {
  if (survey.audience.kind !== 'teams') {
    yield* audienceOf(survey, opensAt, deps);
    return;
  }
  const asked: Asked[] = [];
  for await (const a of audienceOf(survey, opensAt, deps)) asked.push(a);
  yield* teamsOfAtLeast(deps.minGroupSize, asked);
}

/**
 * Keeps a team on the people asked through it only when there are at least k of them. A response sealed with a team
 * asked of three people would tell anyone holding the key that it came from one of those three, as a wave to three
 * people would (which is never sent). They are asked all the same; their answers count in the organisation's figures.
 */
export function teamsOfAtLeast(k: number, asked: readonly Asked[]): Asked[] {
  const sizes = new Map<string, number>();
  for (const { team } of asked) if (team) sizes.set(team, (sizes.get(team) ?? 0) + 1);
  return asked.map((a) => (a.team && sizes.get(a.team)! < k ? { person: a.person } : a));
}
