import { assertNever } from '../../platform/assert';
import type { CardJson } from '../../platform/cards';
import { describeTime } from '../../platform/calendar/local-time';
import type { Log } from '../../platform/log';
import type { BotApp } from '../../platform/teams/bot';
import { asData, callerOf, onCardAction, type Turn } from '../../platform/teams/turn';
import { adminOnlyCard, surveysCard, SURVEY_ADMIN_VERBS, type AdminStatus } from './survey-admin.cards';
import type { ChangeOutcome, SurveyAdminService } from './survey-admin.service';
import { newSurveyCard, questionCard } from './survey-form.cards';
import { surveyCard } from './survey.cards';

/** The admin's list of surveys (with a line on what just happened), or the admins-only card for anyone else. */
export async function adminListCard(
  admin: SurveyAdminService,
  who: string | undefined,
  timeZone: string,
  status?: AdminStatus,
): Promise<CardJson> {
  const listed = await admin.list(who);
  return listed.kind === 'list' ? surveysCard(listed.surveys, timeZone, status) : adminOnlyCard();
}

/** Admins on their survey cards: creating a survey, its questions, previewing, launching, scheduling, pausing, closing. */
export function registerSurveyAdminRoutes(
  app: BotApp,
  deps: { admin: SurveyAdminService; log: Log; timeZone: string },
): void {
  const { admin, log, timeZone } = deps;
  const caller = (context: Turn) => callerOf(context).aadObjectId;
  const adminList = (context: Turn, status?: AdminStatus) => adminListCard(admin, caller(context), timeZone, status);

  onCardAction(app, SURVEY_ADMIN_VERBS.list, log, (context) => adminList(context));

  onCardAction(app, SURVEY_ADMIN_VERBS.new, log, async (context) =>
    (await admin.isAdmin(caller(context))) ? newSurveyCard(await admin.teams()) : adminOnlyCard(),
  );

  onCardAction(app, SURVEY_ADMIN_VERBS.create, log, async (context, data) => {
    const outcome = await admin.create(caller(context), asData(data));
    switch (outcome.kind) {
      case 'not-allowed':
        return adminOnlyCard();
      case 'problems':
        return newSurveyCard(await admin.teams(), asData(data), outcome.problems);
      case 'created':
        return adminList(context, {
          text: `Created "${outcome.survey.name}" as a draft. Preview it, then launch it now or schedule it.`,
          ok: true,
        });
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
        return adminList(context, {
          text: 'Questions cannot change once a survey is launched, so that waves stay comparable. Create a new survey instead.',
          ok: false,
        });
      case 'problems': {
        const listed = await admin.list(caller(context));
        const survey =
          listed.kind === 'list' ? listed.surveys.find((s) => s.survey.id === asData(data).survey)?.survey : undefined;
        return survey ? questionCard(survey, asData(data), outcome.problems) : adminOnlyCard();
      }
      case 'added':
        return adminList(context, {
          text: `Added a question to "${outcome.survey.name}" (now ${outcome.survey.questions.length}).`,
          ok: true,
        });
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
      return {
        text: `Wave ${outcome.wave.number} is still open until ${describeTime(outcome.wave.closesAt, timeZone)}. Close it first to start another.`,
        ok: false,
      };
    case 'not-now':
      return { text: outcome.why, ok: false };
    case 'audience-too-small':
      return {
        text: `Not launched: only ${outcome.reachable === 0 ? 'nobody' : outcome.reachable} in this survey's audience can be reached, and a wave needs at least ${outcome.k} people so that nobody's answers can be singled out. Choose a wider audience (more teams, or everyone).`,
        ok: false,
      };
    case 'launched':
      return {
        text: `Launched: wave ${outcome.wave.number} is on its way and closes ${describeTime(outcome.wave.closesAt, timeZone)}.`,
        ok: true,
      };
    case 'scheduled':
      return { text: `Scheduled: the first wave opens ${describeTime(outcome.at, timeZone)}.`, ok: true };
    case 'paused':
      return { text: 'Paused: no new waves will open. An open wave runs to its close.', ok: true };
    case 'resumed':
      return {
        text: outcome.at ? `Resumed: the next wave opens ${describeTime(outcome.at, timeZone)}.` : 'Resumed.',
        ok: true,
      };
    case 'closed':
      return { text: `Closed wave ${outcome.wave.number}. Late answers will be refused politely.`, ok: true };
    default:
      return assertNever(outcome);
  }
}
