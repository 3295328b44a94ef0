import type { ConversationDirectory, RosterService } from '../../delivery';
import type { Log } from '../../platform/log';
import { isNewStarterDue, type Survey } from '../authoring';

/** Who a wave goes to: everyone reachable, chosen teams' members, or new starters due a check-in. */
export async function* audienceOf(
  survey: Survey,
  opensAt: Date,
  deps: { conversations: ConversationDirectory; roster: RosterService; log: Log },
): AsyncIterable<string> {
  const { conversations, roster, log } = deps;
  if (survey.audience.kind === 'teams') {
    for (const teamId of survey.audience.teamIds) {
      try {
        for await (const m of roster.members(teamId))
          if (m.aadObjectId && (m.outcome === 'reachable' || m.outcome === 'created')) yield m.aadObjectId;
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
    yield user.aadObjectId;
  }
}
