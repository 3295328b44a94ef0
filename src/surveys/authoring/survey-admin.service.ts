import type { ConversationDirectory } from '../../delivery';
import type { RoleService } from '../../people';
import type { TableAuditLog } from '../../platform/audit';
import { DAY_MS } from '../../platform/calendar/durations';
import type { Clock } from '../../platform/clock';
import { randomId } from '../../platform/random';
import { nextSendSlot, type OpenOutcome, type Survey, type Wave, type WaveProgress } from './survey';
import { progressAsShown, type SurveySummary, type TeamChoice } from './survey-admin';
import { parseQuestionForm, parseSurveyForm, type FormProblem } from './survey-form';
import type { SurveyCardView } from './survey.cards';
import type { TableSurveyStore, TableWaveStore } from './survey.store';
import { templateById } from './templates';

type NotAllowed = { kind: 'not-allowed' };
type Missing = { kind: 'not-found' };
export type CreateOutcome =
  NotAllowed | { kind: 'problems'; problems: FormProblem[] } | { kind: 'created'; survey: Survey };
export type QuestionOutcome =
  | NotAllowed
  | Missing
  | { kind: 'launched-already' }
  | { kind: 'problems'; problems: FormProblem[] }
  | { kind: 'added'; survey: Survey };
export type ChangeOutcome =
  | NotAllowed
  | Missing
  | { kind: 'no-questions' }
  | { kind: 'wave-open'; wave: Wave }
  | { kind: 'not-now'; why: string }
  | { kind: 'launched'; wave: Wave }
  | { kind: 'audience-too-small'; reachable: number; k: number }
  | { kind: 'scheduled'; at: string }
  | { kind: 'paused' }
  | { kind: 'resumed'; at?: string }
  | { kind: 'closed'; wave: Wave };

/**
 * What an admin's launch and close need of the wave lifecycle (waves' `WaveService`). Authoring sits under waves and
 * answering, which read its surveys, waves and cards, so it names here what it needs of them, in its own words, and
 * the composition root hands it theirs.
 */
export interface WaveControl {
  /** Opens the survey's next wave now and sends it. */
  openNext(survey: Survey): Promise<OpenOutcome>;
  /** Closes the wave now; undefined if it changed meanwhile. */
  close(wave: Wave): Promise<Wave | undefined>;
}

/** The staff card's view of a wave for one person, proof of sending included (answering's `AnswerService`). */
export interface CardPreview {
  viewOf(survey: Survey, wave: Pick<Wave, 'id' | 'closesAt'>, to: string): SurveyCardView;
}

/** A wave's live figures from its deliveries rows and markers (answering's recipient store). */
export interface WaveFigures {
  progress(waveId: string): Promise<WaveProgress>;
}

/**
 * What survey admins do, from Teams: create from a template, add questions, preview, launch now or on schedule,
 * pause, resume, close the open wave. Roles are checked here for every action, and every change is audited.
 */
export class SurveyAdminService {
  constructor(
    private readonly deps: {
      surveys: TableSurveyStore;
      waves: TableWaveStore;
      recipients: WaveFigures;
      waveService: WaveControl;
      answers: CardPreview;
      conversations: ConversationDirectory;
      roles: RoleService;
      audit: TableAuditLog;
      clock: Clock;
      timeZone: string;
      /** PRIVACY_MIN_GROUP_SIZE: answer counts are shown in steps of it. */
      minGroupSize: number;
    },
  ) {}

  isAdmin(actor: string | undefined): Promise<boolean> {
    return this.deps.roles.has(actor, 'admin');
  }

  async list(actor: string | undefined): Promise<NotAllowed | { kind: 'list'; surveys: SurveySummary[] }> {
    if (!(await this.isAdmin(actor))) return { kind: 'not-allowed' };
    const surveys = await this.deps.surveys.list();
    const summaries = await Promise.all(
      surveys.map(async (survey): Promise<SurveySummary> => {
        const wave = await this.deps.waves.latestOf(survey.id);
        if (!wave) return { survey };
        // A purged wave's recipient rows are gone: its figures were kept on the wave row before they were deleted.
        const progress = wave.keptProgress ?? (await this.deps.recipients.progress(wave.id));
        return { survey, latest: { wave, progress: progressAsShown(progress, this.deps.minGroupSize) } };
      }),
    );
    return { kind: 'list', surveys: summaries };
  }

  /** Teams the app is installed in: the choices for a survey's audience. */
  async teams(): Promise<TeamChoice[]> {
    return (await this.deps.conversations.activeTeams())
      .map((t) => ({ teamId: t.teamId, name: t.name ?? 'Unnamed team' }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async create(actor: string | undefined, form: unknown): Promise<CreateOutcome> {
    if (!(await this.isAdmin(actor))) return this.refused(actor, 'survey.create');
    const parsed = parseSurveyForm(
      form,
      (await this.teams()).map((t) => t.teamId),
    );
    if (!parsed.ok) return { kind: 'problems', problems: parsed.problems };
    const { templateId, settings } = parsed.value;
    const survey = await this.deps.surveys.create({
      id: randomId(5),
      templateId,
      questions: templateById(templateId)?.questions ?? [],
      ...settings,
      status: 'draft',
      createdBy: actor!,
      createdAt: this.deps.clock.now().toISOString(),
      waveCount: 0,
    });
    await this.audited(actor, 'survey.create', survey.id, `${templateId}, ${settings.cadence}`);
    return { kind: 'created', survey };
  }

  /** Adds a custom question. Only before launch: questions stay the same across waves so results compare. */
  async addQuestion(actor: string | undefined, surveyId: unknown, form: unknown): Promise<QuestionOutcome> {
    if (!(await this.isAdmin(actor))) return this.refused(actor, 'survey.question');
    const survey = await this.find(surveyId);
    if (!survey) return { kind: 'not-found' };
    if (survey.status !== 'draft') return { kind: 'launched-already' };
    const parsed = parseQuestionForm(form, survey.questions);
    if (!parsed.ok) return { kind: 'problems', problems: parsed.problems };
    const updated = await this.deps.surveys.update(survey, { questions: [...survey.questions, parsed.value] });
    if (!updated)
      return {
        kind: 'problems',
        problems: [{ field: 'form', message: 'Someone else changed this survey at the same time. Please try again.' }],
      };
    await this.audited(actor, 'survey.question', survey.id, parsed.value.id);
    return { kind: 'added', survey: updated };
  }

  /** The staff card as a recipient would see it (with a placeholder wave that closes after the window). */
  async preview(
    actor: string | undefined,
    surveyId: unknown,
  ): Promise<NotAllowed | Missing | { kind: 'preview'; view: SurveyCardView }> {
    if (!(await this.isAdmin(actor))) return { kind: 'not-allowed' };
    const survey = await this.find(surveyId);
    if (!survey) return { kind: 'not-found' };
    const closesAt = new Date(this.deps.clock.now().getTime() + survey.windowDays * DAY_MS).toISOString();
    return { kind: 'preview', view: this.deps.answers.viewOf(survey, { id: `${survey.id}-w000`, closesAt }, actor!) };
  }

  async launchNow(actor: string | undefined, surveyId: unknown): Promise<ChangeOutcome> {
    const checked = await this.launchable(actor, surveyId, 'survey.launch');
    if (checked.kind !== 'ok') return checked;
    const opened = await this.deps.waveService.openNext(checked.survey);
    if (opened.kind === 'taken')
      return { kind: 'not-now', why: 'Someone else changed this survey at the same time. Please look again.' };
    if (opened.kind === 'audience-too-small') {
      await this.audited(actor, 'survey.launch', checked.survey.id, `refused: audience under ${opened.k}`);
      return { kind: 'audience-too-small', reachable: opened.reachable, k: opened.k };
    }
    await this.audited(actor, 'survey.launch', checked.survey.id, opened.wave.id);
    return { kind: 'launched', wave: opened.wave };
  }

  async schedule(actor: string | undefined, surveyId: unknown): Promise<ChangeOutcome> {
    const checked = await this.launchable(actor, surveyId, 'survey.schedule');
    if (checked.kind !== 'ok') return checked;
    const at = nextSendSlot(this.deps.clock.now(), checked.survey.sendTime, this.deps.timeZone).toISOString();
    if (!(await this.deps.surveys.update(checked.survey, { status: 'active', nextOpenAt: at })))
      return { kind: 'not-now', why: 'Someone else changed this survey at the same time. Please look again.' };
    await this.audited(actor, 'survey.schedule', checked.survey.id, at);
    return { kind: 'scheduled', at };
  }

  /** Stops new waves opening. A wave already open runs to its close (people may be mid-answer). */
  async pause(actor: string | undefined, surveyId: unknown): Promise<ChangeOutcome> {
    if (!(await this.isAdmin(actor))) return this.refused(actor, 'survey.pause');
    const survey = await this.find(surveyId);
    if (!survey) return { kind: 'not-found' };
    if (survey.status !== 'active') return { kind: 'not-now', why: 'Only a running survey can be paused.' };
    if (!(await this.deps.surveys.update(survey, { status: 'paused' })))
      return { kind: 'not-now', why: 'Someone else changed this survey at the same time. Please look again.' };
    await this.audited(actor, 'survey.pause', survey.id);
    return { kind: 'paused' };
  }

  async resume(actor: string | undefined, surveyId: unknown): Promise<ChangeOutcome> {
    if (!(await this.isAdmin(actor))) return this.refused(actor, 'survey.resume');
    const survey = await this.find(surveyId);
    if (!survey) return { kind: 'not-found' };
    if (survey.status !== 'paused') return { kind: 'not-now', why: 'Only a paused survey can be resumed.' };
    const now = this.deps.clock.now();
    // A wave that fell due while paused is not sent late at night: it moves to the next send slot.
    const at =
      survey.nextOpenAt && survey.nextOpenAt > now.toISOString()
        ? survey.nextOpenAt
        : survey.cadence === 'once' && survey.waveCount > 0
          ? undefined
          : nextSendSlot(now, survey.sendTime, this.deps.timeZone).toISOString();
    if (!(await this.deps.surveys.update(survey, { status: 'active', nextOpenAt: at })))
      return { kind: 'not-now', why: 'Someone else changed this survey at the same time. Please look again.' };
    await this.audited(actor, 'survey.resume', survey.id, at);
    return { kind: 'resumed', at };
  }

  /** Closes the survey's open wave now. */
  async closeWave(actor: string | undefined, surveyId: unknown): Promise<ChangeOutcome> {
    if (!(await this.isAdmin(actor))) return this.refused(actor, 'survey.close');
    const survey = await this.find(surveyId);
    if (!survey) return { kind: 'not-found' };
    const wave = await this.deps.waves.latestOf(survey.id);
    if (!wave || wave.status !== 'open') return { kind: 'not-now', why: 'This survey has no open wave to close.' };
    const closed = await this.deps.waveService.close(wave);
    if (!closed)
      return {
        kind: 'not-now',
        why: 'The wave changed at the same time (it may be closing already). Please look again.',
      };
    await this.audited(actor, 'survey.close', survey.id, wave.id);
    return { kind: 'closed', wave: closed };
  }

  private async launchable(
    actor: string | undefined,
    surveyId: unknown,
    action: string,
  ): Promise<ChangeOutcome | { kind: 'ok'; survey: Survey }> {
    if (!(await this.isAdmin(actor))) return this.refused(actor, action);
    const survey = await this.find(surveyId);
    if (!survey) return { kind: 'not-found' };
    if (survey.questions.length === 0) return { kind: 'no-questions' };
    if (survey.status === 'ended')
      return { kind: 'not-now', why: 'This survey has ended. Create a new one to run it again.' };
    const latest = await this.deps.waves.latestOf(survey.id);
    if (latest?.status === 'open') return { kind: 'wave-open', wave: latest };
    if (action === 'survey.schedule' && survey.status !== 'draft')
      return { kind: 'not-now', why: 'This survey is already running on its schedule.' };
    return { kind: 'ok', survey };
  }

  private async find(surveyId: unknown): Promise<Survey | undefined> {
    return typeof surveyId === 'string' && /^[a-f0-9]{10}$/.test(surveyId)
      ? this.deps.surveys.get(surveyId)
      : undefined;
  }

  private async refused(actor: string | undefined, action: string): Promise<NotAllowed> {
    await this.deps.audit.record({
      scope: 'admin',
      actor: actor ?? 'unknown',
      action,
      outcome: 'refused',
      detail: 'caller is not an admin',
    });
    return { kind: 'not-allowed' };
  }

  private async audited(actor: string | undefined, action: string, target: string, detail?: string): Promise<void> {
    await this.deps.audit.record({
      scope: 'admin',
      actor: actor ?? 'unknown',
      action,
      outcome: 'done',
      target,
      ...(detail ? { detail } : {}),
    });
  }
}
