import { describeTime } from '../platform/calendar/local-time';
import { card, type CardJson } from '../platform/cards';
import type { BotApp } from '../platform/teams/bot';
import { problemCard } from '../platform/teams/system.cards';
import { callerOf, conversationRefOf, onCommand, replyWithCard, type Turn } from '../platform/teams/turn';
import type { ExportService } from './export.service';
import { resultsCard, type ResultsVerbs } from './results.cards';
import type { ResultsService } from './results.service';
import type { ResultsView } from './survey-section.cards';
import type { TeamResultsService } from './team-access.service';

const notAllowed = () =>
  problemCard(
    'Results are for executives and survey admins',
    'Nothing was shown. Results of closed surveys reach leaders in the weekly digest, and a team’s leads see their team’s with "results team". Type "help" to see what you can do.',
  );
const onlyInChat = () =>
  problemCard(
    'Results are shown in your 1:1 chat with me',
    'Open a chat with Staff Voice and type "results" there, so that figures are not posted where others can see them.',
  );

/** `results [survey]` (with each survey's table of teams) and `export [survey]`, in 1:1 chat, for executives and admins. */
export function registerResultsRoutes(
  app: BotApp,
  deps: {
    results: ResultsService;
    teams: Pick<TeamResultsService, 'tablesFor'>;
    exports: ExportService;
    view: ResultsView;
    verbs: ResultsVerbs;
  },
): void {
  const privately =
    (handler: (context: Turn, query: string | undefined) => Promise<CardJson>) =>
    async (context: Turn, match: RegExpMatchArray) => {
      await replyWithCard(
        context,
        conversationRefOf(context).kind === 'personal'
          ? await handler(context, match[1]?.trim() || undefined)
          : onlyInChat(),
      );
    };

  onCommand(
    app,
    // `results team …` is a team's results (team.routes.ts), not a survey named "team …".
    /^results(?! team(?: |$))(?: (.{1,80}))?$/,
    privately(async (context, query) => {
      if (!(await deps.results.mayRead(callerOf(context).aadObjectId))) return notAllowed();
      const results = await deps.results.allResults(query);
      return resultsCard(results, deps.view, deps.verbs, await deps.teams.tablesFor(results));
    }),
  );

  onCommand(
    app,
    /^export(?: (.{1,80}))?$/,
    privately(async (context, query) => {
      const outcome = await deps.exports.createLinks(callerOf(context).aadObjectId, query);
      switch (outcome.kind) {
        case 'not-allowed':
          return notAllowed();
        case 'no-results':
          return problemCard(
            'Nothing to export yet',
            'Exports are made from closed waves only. Type "results" to see which surveys have results.',
          );
        case 'links':
          return card(
            [
              {
                type: 'TextBlock',
                text: `Export: ${outcome.surveyName}, wave ${outcome.waveNumber}`,
                weight: 'Bolder',
                wrap: true,
              },
              {
                type: 'TextBlock',
                text: `The same figures as the results card, with small groups hidden: never individual answers. Each link works once, until ${describeTime(outcome.expiresAt, deps.view.timeZone)}.`,
                wrap: true,
              },
            ],
            outcome.links.map((l) => ({ type: 'Action.OpenUrl', title: l.title, url: l.url })),
          );
      }
    }),
  );
}
