import { z } from 'zod';
import type { TableAuditLog } from '../platform/audit';
import type { Clock } from '../platform/clock';
import { randomId } from '../platform/random';
import { isGuid } from '../platform/keys';
import type { Log } from '../platform/log';
import type { ResultsService } from '../results';
import { localDay } from '../platform/calendar/local-time';
import { checkActionForm, dueOrOverdue, sinceLastTimeLine, type Action } from './action';
import { type FormTarget, type SurveyActions } from './actions.cards';
import { isActionId, type TableActionStore } from './actions.store';
import type { ActionBundle } from './bundle.service';
import { dueActionsSection } from './you-said-we-did.cards';
import { feedbackClosesAt, type FeedbackTally } from './feedback';

const routeSchema = z.object({
  survey: z.string().regex(/^[a-f0-9]{10}$/),
  wave: z
    .string()
    .regex(/^[a-f0-9]{10}-w\d{1,4}$/)
    .optional(),
  id: z.string().refine(isActionId).optional(),
});

export type Refusal = { kind: 'not-allowed' } | { kind: 'invalid-card' } | { kind: 'not-found' };
export type OverviewOutcome = { kind: 'not-allowed' } | { kind: 'list'; surveys: SurveyActions[] };
export type FormOutcome = Refusal | { kind: 'form'; target: FormTarget };
export type SaveOutcome =
  | Refusal
  | {
      kind: 'problems';
      target: FormTarget;
      values: Record<string, string>;
      problems: string[];
    }
  | { kind: 'changed-meanwhile' }
  | { kind: 'saved'; action: Action; created: boolean };
export type PublishOutcome =
  | Refusal
  | { kind: 'dropped' }
  | { kind: 'already-published'; action: Action }
  | { kind: 'published'; action: Action; sendsAt: Date };

const AUDIT_SCOPE = 'admin';

/**
 * Leaders' actions on closed waves' results ("you said, we did"): recorded, edited and published by executives and
 * admins only (roles read on the server for every call; every refusal audited, nothing changed), and announced to
 * everyone who was asked in the wave in one bundle a day per person.
 */
export class ActionsService {
  constructor(
    private readonly deps: {
      store: TableActionStore;
      /** Settled waves' results and their comments, read through results' face. */
      results: Pick<ResultsService, 'allResults'>;
      roles: {
        rolesOf(aadObjectId: string | undefined): Promise<ReadonlySet<string>>;
      };
      bundle: ActionBundle;
      /** Staff's "did it make a difference?" answers, as leaders may see them (counts at k or more). */
      feedback: { tallies(actions: readonly Action[]): Promise<ReadonlyMap<string, FeedbackTally | undefined>> };
      audit: TableAuditLog;
      clock: Clock;
      log: Log;
      timeZone: string;
      /** When the day's bundle goes out: the next weekday slot at this local time (see `nextSendSlot`). */
      nextSlot: (after: Date) => Date;
    },
  ) {}

  async mayAct(actor: string | undefined): Promise<boolean> {
    const roles = await this.deps.roles.rolesOf(actor);
    return roles.has('executive') || roles.has('admin');
  }

  /** Surveys with a settled wave (matching `query`), each with its actions. */
  async overview(actor: string | undefined, query?: string): Promise<OverviewOutcome> {
    if (!(await this.mayAct(actor))) return { kind: 'not-allowed' };
    const out: SurveyActions[] = [];
    for (const r of await this.deps.results.allResults(query)) {
      const latest = r.trend.at(-1);
      if (!latest) continue;
      const actions = await this.deps.store.ofSurvey(r.survey.id);
      out.push({
        surveyId: r.survey.id,
        surveyName: r.survey.name,
        waveId: latest.waveId,
        waveNumber: latest.waveNumber,
        actions,
        tallies: await this.deps.feedback.tallies(actions),
      });
    }
    return { kind: 'list', surveys: out };
  }

  /** The form for a new action on a settled wave, or for editing one. */
  async form(actor: string | undefined, payload: Record<string, unknown>): Promise<FormOutcome> {
    const found = await this.find(actor, payload, 'action.form');
    if ('kind' in found) return found;
    return { kind: 'form', target: found.target };
  }

  /** Creates or edits an action. All fields are checked first; nothing is stored unless all pass. */
  async save(actor: string | undefined, payload: Record<string, unknown>): Promise<SaveOutcome> {
    const existing = routeSchema.safeParse(payload).data?.id !== undefined;
    const auditAction = existing ? 'action.edit' : 'action.create';
    const found = await this.find(actor, payload, auditAction);
    if ('kind' in found) return found;
    const { target, comments } = found;
    const checked = checkActionForm(payload, {
      current: target.action?.status,
      comments,
    });
    if (!checked.ok)
      return {
        kind: 'problems',
        target,
        values: typedValues(payload),
        problems: checked.problems,
      };
    const now = this.deps.clock.now().toISOString();
    const who = actor!.toLowerCase();
    if (!target.action) {
      const action = await this.deps.store.create({
        id: randomId(6),
        surveyId: target.surveyId,
        surveyName: target.surveyName,
        waveId: target.waveId,
        waveNumber: target.waveNumber,
        ...checked.fields,
        createdBy: who,
        createdAt: now,
        updatedAt: now,
      });
      await this.audited(who, 'action.create', `${action.surveyId}/${action.id}`, action.status);
      return { kind: 'saved', action, created: true };
    }
    const before = target.action;
    // Done or dropped: "did it make a difference?" closes (28 days after done; at once when dropped).
    const closes =
      before.status !== checked.fields.status
        ? feedbackClosesAt(checked.fields.status, this.deps.clock.now())
        : undefined;
    const saved = await this.deps.store.update(before, {
      ...checked.fields,
      droppedReason: checked.fields.droppedReason,
      updatedAt: now,
      ...(closes ? { feedbackClosesAt: closes } : {}),
    });
    if (!saved) return { kind: 'changed-meanwhile' };
    const statusChange = before.status === saved.status ? '' : `; status ${before.status} → ${saved.status}`;
    await this.audited(who, 'action.edit', `${saved.surveyId}/${saved.id}`, `edited${statusChange}`);
    // Done after being published: staff hear once (the announcement row is created once).
    if (saved.publishedAt && before.status !== 'done' && saved.status === 'done')
      await this.deps.store.announce(saved, 'done');
    return { kind: 'saved', action: saved, created: false };
  }

  /** Publishes an action: it goes out in the next daily bundle to everyone asked in its wave, and to leadership. */
  async publish(actor: string | undefined, payload: Record<string, unknown>): Promise<PublishOutcome> {
    const found = await this.find(actor, payload, 'action.publish');
    if ('kind' in found) return found;
    const action = found.target.action;
    if (!action) return this.refuse(actor, 'action.publish', 'invalid-card', 'no action id');
    if (action.publishedAt) return { kind: 'already-published', action };
    if (action.status === 'dropped') return { kind: 'dropped' };
    const now = this.deps.clock.now();
    const published = await this.deps.store.update(action, {
      publishedAt: now.toISOString(),
      updatedAt: now.toISOString(),
      // Published when already done: staff have the full 28 days from now to say whether it made a difference.
      ...(action.status === 'done' ? { feedbackClosesAt: feedbackClosesAt('done', now) } : {}),
    });
    if (!published)
      return {
        kind: 'already-published',
        action: (await this.deps.store.get(action.surveyId, action.id)) ?? action,
      };
    await this.deps.store.announce(published, 'published');
    await this.audited(
      actor!.toLowerCase(),
      'action.publish',
      `${published.surveyId}/${published.id}`,
      published.waveId,
    );
    return {
      kind: 'published',
      action: published,
      sendsAt: this.deps.nextSlot(now),
    };
  }

  /** The daily job: one "You said, we did" message per person per day (bundle.service.ts). */
  sendDailyBundle(tick: Date): Promise<{ people: number; channels: number; actions: number }> {
    return this.deps.bundle.sendDaily(tick);
  }

  /** The line that opens the next wave's survey card, or undefined when nothing was published. */
  async sinceLastTime(surveyId: string): Promise<string | undefined> {
    return sinceLastTimeLine(await this.deps.store.ofSurvey(surveyId));
  }

  /** What actions offer the weekly digest: open actions due this month or overdue, as its section (none: undefined). */
  async dueSection(at: Date): Promise<Record<string, unknown> | undefined> {
    const thisMonth = localDay(at, this.deps.timeZone).date.slice(0, 7);
    return dueActionsSection(dueOrOverdue(await this.deps.store.open(), thisMonth), thisMonth);
  }

  /** Checks role, card data, and that the survey has a settled wave (and the action exists): refusals audited. */
  private async find(
    actor: string | undefined,
    payload: Record<string, unknown>,
    auditAction: string,
  ): Promise<Refusal | { target: FormTarget; comments: string[] }> {
    if (!(await this.mayAct(actor)))
      return this.refuse(actor, auditAction, 'not-allowed', 'caller is neither executive nor admin');
    const route = routeSchema.safeParse(payload);
    if (!route.success) return this.refuse(actor, auditAction, 'invalid-card', 'card data malformed');
    const { survey: surveyId, id } = route.data;
    const action = id ? await this.deps.store.get(surveyId, id) : undefined;
    if (id && !action) return this.refuse(actor, auditAction, 'not-found', `${surveyId}/${id}`);
    const waveId = action?.waveId ?? route.data.wave;
    const results = (await this.deps.results.allResults(surveyId)).find((r) => r.survey.id === surveyId);
    const wave = results?.trend.find((w) => w.waveId === waveId) ?? (waveId ? undefined : results?.trend.at(-1));
    if (!results || !wave)
      return this.refuse(actor, auditAction, 'not-found', `${surveyId}/${waveId ?? '-'}: no settled results`);
    const comments = Object.values(wave.figures.comments).flat();
    return {
      target: {
        surveyId,
        surveyName: results.survey.name,
        waveId: wave.waveId,
        waveNumber: wave.waveNumber,
        ...(action ? { action } : {}),
      },
      comments,
    };
  }

  /** A change made, in the audit trail: who, what, to which action. What leaders typed is not copied there. */
  private async audited(actor: string, action: string, target: string, detail: string): Promise<void> {
    await this.deps.audit.record({ scope: AUDIT_SCOPE, actor, action, outcome: 'done', target, detail });
  }

  private async refuse<K extends Refusal['kind']>(
    actor: string | undefined,
    action: string,
    kind: K,
    detail: string,
  ): Promise<{ kind: K }> {
    await this.deps.audit.record({
      scope: AUDIT_SCOPE,
      actor: isGuid(actor) ? actor.toLowerCase() : 'unknown',
      action,
      outcome: 'refused',
      detail: `${kind}: ${detail}`,
    });
    return { kind };
  }
}

/** What the leader typed, to put back on the form when it comes back with problems. */
function typedValues(payload: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of ['heard', 'plan', 'owner', 'targetMonth', 'status', 'droppedReason']) {
    const v = payload[field];
    if (typeof v === 'string' && v.length <= 1000) out[field] = v;
  }
  return out;
}
