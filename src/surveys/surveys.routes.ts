import type { Log } from '../platform/log';
import type { BotApp } from '../platform/teams/bot';
import { callerOf, conversationRefOf, onCommand, replyWithCard, type Turn } from '../platform/teams/turn';
import { type AnswerService, registerAnsweringRoutes } from './answering';
import {
  adminListCard,
  openForMeCard,
  registerSurveyAdminRoutes,
  type SurveyAdminService,
  surveyNoteCard,
} from './authoring';

/** `surveys` (an admin's list, or what is open for anyone else), then staff's and admins' survey card routes. */
export function registerSurveyRoutes(
  app: BotApp,
  deps: { answers: AnswerService; admin: SurveyAdminService; log: Log; timeZone: string; minGroupSize: number },
): void {
  const { answers, admin, log, timeZone, minGroupSize } = deps;
  const caller = (context: Turn) => callerOf(context).aadObjectId;

  onCommand(app, /^surveys?$/, async (context) => {
    if (conversationRefOf(context).kind !== 'personal') {
      await replyWithCard(
        context,
        surveyNoteCard(
          'Surveys live in your 1:1 chat with me',
          'Open a chat with Staff Voice and type "surveys": your answers stay between you and the bot.',
        ),
      );
      return;
    }
    const who = caller(context);
    await replyWithCard(
      context,
      (await admin.isAdmin(who))
        ? await adminListCard(admin, who, timeZone)
        : openForMeCard(await answers.openFor(who)),
    );
  });

  registerAnsweringRoutes(app, { answers, log, minGroupSize });
  registerSurveyAdminRoutes(app, { admin, log, timeZone });
}
