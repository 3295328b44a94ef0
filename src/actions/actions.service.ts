import type { Clock } from '../platform/clock';
import type { ResultsService } from '../results';
import { randomId } from '../platform/random';
import type { Log } from '../platform/log';
import { localDay } from '../platform/calendar/local-time';
import { checkActionForm, dueOrOverdue, sinceLastTimeLine, type Action, type ActionTeam } from './action';
import { namesAction, type ActionAccess, type Refusal } from './action-access';
import { type FormTarget, type SurveyActions } from './actions.cards';
import type { TableActionStore } from './actions.store';
import type { ActionBundle } from './bundle.service';
import { dueActionsSection } from './you-said-we-did.cards';
import { feedbackClosesAt, type FeedbackTally } from './feedback';

export type { Refusal } from './action-access';
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

/**
 * Leaders' actions on closed waves' results ("you said, we did"): the organisation's recorded, edited and published by
 * executives and admins, a team's by its leads too (action-access.ts: checked on the server for every call; every
 * refusal audited, nothing changed), and announced to everyone who was asked in the wave (for a team's, everyone
 * asked through the team) in one bundle a day per person.
 */
export class ActionsService {
  constructor(
    private readonly deps: {
      store: TableActionStore;
      access: ActionAccess;
      /** Settled waves' results, read through results' face. */
      results: Pick<ResultsService, 'allResults'>;
      bundle: ActionBundle;
      /** Staff's "did it make a difference?" answers, as leaders may see them (counts at k or more). */
      feedback: { tallies(actions: readonly Action[]): Promise<ReadonlyMap<string, FeedbackTally | undefined>> };
      clock: Clock;
      log: Log;
      timeZone: string;
      /** When the day's bundle goes out: the next weekday slot at this local time (see `nextSendSlot`). */
      nextSlot: (after: Date) => Date;
    },
  ) {}

  /**
   * Surveys with a settled wave (matching `query`), each with its actions: the organisation's for executives and
   * admins, and a section for each team the caller leads whose results some wave shows (and for `alsoTeam`, the team
   * a leader just acted for, when they may). Executives see which other teams have actions, by name and count.
   */
  async overview(actor: string | undefined, query?: string, alsoTeam?: string): Promise<OverviewOutcome> {
    const organisation = await this.deps.access.mayActForOrganisation(actor);
    const teams = new Set(await this.deps.access.teamsLedBy(actor));
    if (alsoTeam && (organisation || teams.has(alsoTeam))) teams.add(alsoTeam);
    if (!organisation && teams.size === 0) return { kind: 'not-allowed' };
    const out: SurveyActions[] = [];
    for (const r of await this.deps.results.allResults(query)) {
      const latest = r.trend.at(-1);
      if (!latest) continue;
      const actions = await this.deps.store.ofSurvey(r.survey.id);
      const tallies = await this.deps.feedback.tallies(actions);
      const survey = { surveyId: r.survey.id, surveyName: r.survey.name };
      if (organisation) {
        const own = actions.filter((a) => !a.team);
        const elsewhere = teamCounts(actions.filter((a) => a.team && !teams.has(a.team.id)));
        const wave = { waveId: latest.waveId, waveNumber: latest.waveNumber };
        out.push({ ...survey, ...wave, actions: own, tallies, ...(elsewhere.length ? { otherTeams: elsewhere } : {}) });
      }
      for (const teamId of [...teams].sort()) {
        const shown = await this.deps.access.latestShownFor(r, teamId);
        if (!shown) continue;
        const own = actions.filter((a) => a.team?.id === teamId);
        const team = await this.deps.access.teamOf(teamId, own[0]?.team?.name);
        out.push({ ...survey, waveId: shown.waveId, waveNumber: shown.waveNumber, team, actions: own, tallies });
      }
    }
    return { kind: 'list', surveys: out };
  }

  /** The form for a new action on a settled wave (the organisation's, or a team's), or for editing one. */
  async form(actor: string | undefined, payload: Record<string, unknown>): Promise<FormOutcome> {
    const found = await this.deps.access.find(actor, payload, 'action.form');
    if ('kind' in found) return found;
    return { kind: 'form', target: found.target };
  }

  /** Creates or edits an action. All fields are checked first; nothing is stored unless all pass. */
  async save(actor: string | undefined, payload: Record<string, unknown>): Promise<SaveOutcome> {
    const auditAction = namesAction(payload) ? 'action.edit' : 'action.create';
    const found = await this.deps.access.find(actor, payload, auditAction);
    if ('kind' in found) return found;
    const { target, comments } = found;
    const checked = checkActionForm(payload, { current: target.action?.status, comments });
    if (!checked.ok) return { kind: 'problems', target, values: typedValues(payload), problems: checked.problems };
    const now = this.deps.clock.now().toISOString();
    const who = actor!.toLowerCase();
    if (!target.action) {
      const action = await this.deps.store.create({
        ...{ id: randomId(6), surveyId: target.surveyId, surveyName: target.surveyName },
        ...{ waveId: target.waveId, waveNumber: target.waveNumber, ...(target.team ? { team: target.team } : {}) },
        ...checked.fields,
        ...{ createdBy: who, createdAt: now, updatedAt: now },
      });
      await this.deps.access.audited(who, 'action.create', action, action.status);
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
    await this.deps.access.audited(who, 'action.edit', saved, `edited${statusChange}`);
    // Done after being published: staff hear once (the announcement row is created once).
    if (saved.publishedAt && before.status !== 'done' && saved.status === 'done')
      await this.deps.store.announce(saved, 'done');
    return { kind: 'saved', action: saved, created: false };
  }

  /**
   * Publishes an action: it goes out in the next daily bundle to everyone asked in its wave (a team's: everyone asked
   * through the team), and an organisation action to the leadership channels too.
   */
  async publish(actor: string | undefined, payload: Record<string, unknown>): Promise<PublishOutcome> {
    const found = await this.deps.access.find(actor, payload, 'action.publish');
    if ('kind' in found) return found;
    const action = found.target.action;
    if (!action) return this.deps.access.refuse(actor, 'action.publish', { kind: 'invalid-card' }, 'no action id');
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
    await this.deps.access.audited(actor!.toLowerCase(), 'action.publish', published, published.waveId);
    return { kind: 'published', action: published, sendsAt: this.deps.nextSlot(now) };
  }

  /** The daily job: one "You said, we did" message per person per day (bundle.service.ts). */
  sendDailyBundle(tick: Date): Promise<{ people: number; channels: number; actions: number }> {
    return this.deps.bundle.sendDaily(tick);
  }

  /**
   * The line that opens the next wave's survey card, or undefined when nothing was published: the organisation's
   * actions, and on a card sent through a team, that team's (never another team's).
   */
  async sinceLastTime(surveyId: string, team?: string): Promise<string | undefined> {
    return sinceLastTimeLine(await this.deps.store.ofSurvey(surveyId), team);
  }

  /** What actions offer the weekly digest: open actions due this month or overdue, as its section (none: undefined). */
  async dueSection(at: Date): Promise<Record<string, unknown> | undefined> {
    const thisMonth = localDay(at, this.deps.timeZone).date.slice(0, 7);
    return dueActionsSection(dueOrOverdue(await this.deps.store.open(), thisMonth), thisMonth);
  }
}

/** Teams with actions, by name, and how many each has: what executives see of teams they do not lead. */
function teamCounts(actions: readonly Action[]): { team: ActionTeam; count: number }[] {
  const counts = new Map<string, { team: ActionTeam; count: number }>();
  for (const a of actions)
    if (a.team) counts.set(a.team.id, { team: a.team, count: (counts.get(a.team.id)?.count ?? 0) + 1 });
  return [...counts.values()].sort((a, b) => a.team.name.localeCompare(b.team.name));
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
