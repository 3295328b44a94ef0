import type { TurnContext } from 'botbuilder';
import { assertNever } from '../platform/assert';
import { describeTime } from '../platform/calendar/local-time';
import type { CardJson } from '../platform/cards';
import type { Log } from '../platform/log';
import type { BotApp } from '../platform/teams/bot';
import { asData, callerOf, conversationRefOf, onCardAction, onCommand, replyWithCard } from '../platform/teams/turn';
import type { AnswerService, CardRefusal } from './answer.service';
import { adminOnlyCard, newSurveyCard, questionCard, surveysCard, SURVEY_ADMIN_VERBS, type AdminStatus } from './survey-admin.cards';
import type { ChangeOutcome, SurveyAdminService } from './survey-admin.service';
import { openForMeCard, surveyCard, surveyNoteCard, SURVEY_VERBS, thankYouCard } from './survey.cards';

/** `surveys`, answering survey cards, and the admin's survey cards. */
export function registerSurveyRoutes(app: BotApp, deps: { answers: AnswerService; admin: SurveyAdminService; log: Log; timeZone: string; minGroupSize: number }): void {
  const { answers, admin, log, timeZone, minGroupSize } = deps;
  const caller = (context: TurnContext) => callerOf(context).aadObjectId;

  const adminList = async (context: TurnContext, status?: AdminStatus): Promise<CardJson> => {
    const listed = await admin.list(caller(context));
    return listed.kind === 'list' ? surveysCard(listed.surveys, timeZone, status) : adminOnlyCard();
  };

  onCommand(app, /^surveys?$/, async (context) => {
    if (conversationRefOf(context).kind !== 'personal') {
      await replyWithCard(context, surveyNoteCard('Surveys live in your 1:1 chat with me', 'Open a chat with Staff Voice and type "surveys": your answers stay between you and the bot.'));
      return;
    }
    const who = caller(context);
    await replyWithCard(context, (await admin.isAdmin(who)) ? await adminList(context) : openForMeCard(await answers.openFor(who)));
  });

  // Staff: answering.
  onCardAction(app, SURVEY_VERBS.answer, log, async (context, data) => {
    const outcome = await answers.recordAnswer(caller(context), asData(data));
    switch (outcome.kind) {
      case 'recorded':
        return thankYouCard(outcome.surveyName, minGroupSize);
      case 'problems':
        return surveyCard(outcome.view, { values: outcome.values, problems: outcome.problems });
      case 'try-again':
        return surveyCard(outcome.view, { values: outcome.values, problems: ["Sorry, your answers could not be saved just now (a problem on our side). They are still filled in below: please press Submit again in a minute."] });
      default:
        return refusalCard(outcome);
    }
  });

  onCardAction(app, SURVEY_VERBS.decline, log, async (context, data) => {
    const outcome = await answers.decline(caller(context), asData(data));
    return outcome.kind === 'declined'
      ? surveyNoteCard('No problem: not this time', `You won't be reminded about "${outcome.surveyName}". The next survey will come here as usual.`)
      : refusalCard(outcome);
  });

  onCardAction(app, SURVEY_VERBS.show, log, async (context, data) => {
    const outcome = await answers.show(caller(context), asData(data).wave);
    return outcome.kind === 'show' ? surveyCard(outcome.view) : refusalCard(outcome);
  });

  onCardAction(app, SURVEY_VERBS.mine, log, async (context) => openForMeCard(await answers.openFor(caller(context))));

  // Admins: authoring and running surveys.
  onCardAction(app, SURVEY_ADMIN_VERBS.list, log, (context) => adminList(context));

  onCardAction(app, SURVEY_ADMIN_VERBS.new, log, async (context) => ((await admin.isAdmin(caller(context))) ? newSurveyCard(await admin.teams()) : adminOnlyCard()));

  onCardAction(app, SURVEY_ADMIN_VERBS.create, log, async (context, data) => {
    const outcome = await admin.create(caller(context), asData(data));
    switch (outcome.kind) {
      case 'not-allowed':
        return adminOnlyCard();
      case 'problems':
        return newSurveyCard(await admin.teams(), asData(data), outcome.problems);
      case 'created':
        return adminList(context, { text: `Created "${outcome.survey.name}" as a draft. Preview it, then launch it now or schedule it.`, ok: true });
      default:
        return assertNever(outcome);
    }
  });

  onCardAction(app, SURVEY_ADMIN_VERBS.question, log, async (context, data) => {
    const listed = await admin.list(caller(context));
    if (listed.kind !== 'list') return adminOnlyCard();
    const survey = listed.surveys.find((s) => s.survey.id === asData(data).survey)?.survey;
    return survey ? questionCard(survey) : adminList(context, { text: 'That survey no longer exists.', ok: false });
  });

  onCardAction(app, SURVEY_ADMIN_VERBS.saveQuestion, log, async (context, data) => {
    const outcome = await admin.addQuestion(caller(context), asData(data).survey, asData(data));
    switch (outcome.kind) {
      case 'not-allowed':
        return adminOnlyCard();
      case 'not-found':
        return adminList(context, { text: 'That survey no longer exists.', ok: false });
      case 'launched-already':
        return adminList(context, { text: 'Questions cannot change once a survey is launched, so that waves stay comparable. Create a new survey instead.', ok: false });
      case 'problems': {
        const listed = await admin.list(caller(context));
        const survey = listed.kind === 'list' ? listed.surveys.find((s) => s.survey.id === asData(data).survey)?.survey : undefined;
        return survey ? questionCard(survey, asData(data), outcome.problems) : adminOnlyCard();
      }
      case 'added':
        return adminList(context, { text: `Added a question to "${outcome.survey.name}" (now ${outcome.survey.questions.length}).`, ok: true });
      default:
        return assertNever(outcome);
    }
  });

  onCardAction(app, SURVEY_ADMIN_VERBS.preview, log, async (context, data) => {
    const outcome = await admin.preview(caller(context), asData(data).survey);
    if (outcome.kind === 'not-allowed') return adminOnlyCard();
    if (outcome.kind === 'not-found') return adminList(context, { text: 'That survey no longer exists.', ok: false });
    return surveyCard(outcome.view, { preview: true });
  });

  const change = (verb: string, act: (actor: string | undefined, surveyId: unknown) => Promise<ChangeOutcome>) =>
    onCardAction(app, verb, log, async (context, data) => {
      const outcome = await act(caller(context), asData(data).survey);
      return outcome.kind === 'not-allowed' ? adminOnlyCard() : adminList(context, changeStatus(outcome, timeZone));
    });
  change(SURVEY_ADMIN_VERBS.launch, (a, s) => admin.launchNow(a, s));
  change(SURVEY_ADMIN_VERBS.schedule, (a, s) => admin.schedule(a, s));
  change(SURVEY_ADMIN_VERBS.pause, (a, s) => admin.pause(a, s));
  change(SURVEY_ADMIN_VERBS.resume, (a, s) => admin.resume(a, s));
  change(SURVEY_ADMIN_VERBS.close, (a, s) => admin.closeWave(a, s));
}

function changeStatus(outcome: Exclude<ChangeOutcome, { kind: 'not-allowed' }>, timeZone: string): AdminStatus {
  switch (outcome.kind) {
    case 'not-found':
      return { text: 'That survey no longer exists.', ok: false };
    case 'no-questions':
      return { text: 'Add at least one question before launching.', ok: false };
    case 'wave-open':
      return { text: `Wave ${outcome.wave.number} is still open until ${describeTime(outcome.wave.closesAt, timeZone)}. Close it first to start another.`, ok: false };
    case 'not-now':
      return { text: outcome.why, ok: false };
    case 'audience-too-small':
      return {
        text: `Not launched: only ${outcome.reachable === 0 ? 'nobody' : outcome.reachable} in this survey's audience can be reached, and a wave needs at least ${outcome.k} people so that nobody's answers can be singled out. Choose a wider audience (more teams, or everyone).`,
        ok: false,
      };
    case 'launched':
      return { text: `Launched: wave ${outcome.wave.number} is on its way and closes ${describeTime(outcome.wave.closesAt, timeZone)}.`, ok: true };
    case 'scheduled':
      return { text: `Scheduled: the first wave opens ${describeTime(outcome.at, timeZone)}.`, ok: true };
    case 'paused':
      return { text: 'Paused: no new waves will open. An open wave runs to its close.', ok: true };
    case 'resumed':
      return { text: outcome.at ? `Resumed: the next wave opens ${describeTime(outcome.at, timeZone)}.` : 'Resumed.', ok: true };
    case 'closed':
      return { text: `Closed wave ${outcome.wave.number}. Late answers will be refused politely.`, ok: true };
    default:
      return assertNever(outcome);
  }
}

/** The polite card for each way a survey card action can be refused. Nothing was stored in any of them. */
function refusalCard(refusal: CardRefusal): CardJson {
  switch (refusal.kind) {
    case 'invalid-card':
      return surveyNoteCard('This card could not be read', 'Nothing was saved. Type "surveys" to get a fresh card for any survey open for you.', true);
    case 'not-yours':
      return surveyNoteCard('This card was sent to someone else', 'Only the person a survey card was sent to can answer it, so nothing was saved. Type "surveys" to see the surveys open for you.', true);
    case 'unknown-wave':
      return surveyNoteCard('This survey no longer exists', 'Nothing was saved. Type "surveys" to see the surveys open for you.', true);
    case 'closed':
      return surveyNoteCard(`"${refusal.surveyName}" has closed`, `It closed ${refusal.closedOn}, so answers are no longer taken and nothing was saved. Thank you for wanting to take part: the next survey will arrive here.`, true);
    case 'not-recipient':
      return surveyNoteCard('This survey was not sent to you', 'Nothing was saved. Type "surveys" to see the surveys open for you.', true);
    case 'already-answered':
      return surveyNoteCard('You have already answered', `Your answers to "${refusal.surveyName}" are in, and answers are final. Thank you.`);
    default:
      return assertNever(refusal);
  }
}
