import { z } from 'zod';
import type { TableAuditLog } from '../platform/audit';
import { isGuid } from '../platform/keys';
import type { ResultsService, SurveyResults } from '../results';
import type { Action, ActionTeam } from './action';
import type { FormTarget } from './actions.cards';
import { isActionId, type TableActionStore } from './actions.store';

/** Why a leader's click changed nothing. Each is audited; none says more than the caller may know. */
export type Refusal =
  | { kind: 'not-allowed' }
  | { kind: 'not-team-lead'; teamName: string }
  | { kind: 'team-not-shown'; teamName: string; waveNumber: number }
  | { kind: 'invalid-card' }
  | { kind: 'not-found' };

type WaveResult = SurveyResults['trend'][number];

const routeSchema = z.object({
  survey: z.string().regex(/^[a-f0-9]{10}$/),
  wave: z
    .string()
    .regex(/^[a-f0-9]{10}-w\d{1,4}$/)
    .optional(),
  // A Teams team id (`19:…@thread.tacv2`): only its length and spaces are checked; it is only ever a query value.
  team: z
    .string()
    .regex(/^\S{1,400}$/)
    .optional(),
  id: z.string().refine(isActionId).optional(),
});

/** Whether the card names an existing action (an edit) rather than a new one. */
export const namesAction = (payload: Record<string, unknown>): boolean =>
  routeSchema.safeParse(payload).data?.id !== undefined;

const AUDIT_SCOPE = 'admin';

/**
 * Who may act on which results. Organisation actions: executives and admins. A team's actions: its leads now, and
 * executives and admins (people's `mayReadTeam`), and only on a wave whose team results are shown (at least k of the
 * team answered and nothing withheld them): below that there are no team results to answer, and a team action would
 * tell the team's staff something about a group too small to show. Every refusal is audited and changes nothing.
 */
export class ActionAccess {
  constructor(
    private readonly deps: {
      store: TableActionStore;
      /** Settled waves' results, their comments and each team's view, read through results' face. */
      results: Pick<ResultsService, 'allResults' | 'teamView'>;
      roles: { rolesOf(aadObjectId: string | undefined): Promise<ReadonlySet<string>> };
      leads: {
        mayReadTeam(aadObjectId: string | undefined, teamId: string): Promise<boolean>;
        teamsLedBy(aadObjectId: string | undefined): Promise<string[]>;
      };
      /** Team names as Teams gave them (the conversations directory). */
      teams: { findTeam(teamId: string): Promise<{ readonly name?: string } | undefined> };
      audit: TableAuditLog;
    },
  ) {}

  /** Executives and admins: the organisation's actions (and every team's). */
  async mayActForOrganisation(actor: string | undefined): Promise<boolean> {
    const roles = await this.deps.roles.rolesOf(actor);
    return roles.has('executive') || roles.has('admin');
  }

  /** The teams someone leads now: their sections on the actions card. */
  teamsLedBy(actor: string | undefined): Promise<string[]> {
    return this.deps.leads.teamsLedBy(actor);
  }

  /** A team as actions name it: its id and its name in Teams now (or as an action recorded it). */
  async teamOf(id: string, recorded?: string): Promise<ActionTeam> {
    const name = (await this.deps.teams.findTeam(id))?.name || recorded || 'this team';
    return { id, name };
  }

  /** The latest of a survey's waves whose results for the team are shown, or undefined if none is. */
  async latestShownFor(results: SurveyResults, team: string): Promise<WaveResult | undefined> {
    for (const wave of [...results.trend].reverse())
      if ((await this.deps.results.teamView(wave, team)).kind === 'shown') return wave;
    return undefined;
  }

  /**
   * Checks the caller, the card's data, and that the wave's results are settled (and, for a team, shown), and the
   * action when the card names one: what the form shows and what its text may not quote (the wave's published
   * comments, and the team's). Refusals are audited.
   */
  async find(
    actor: string | undefined,
    payload: Record<string, unknown>,
    auditAction: string,
  ): Promise<Refusal | { target: FormTarget; comments: string[] }> {
    const route = routeSchema.safeParse(payload);
    if (!route.success) {
      const kind = (await this.mayActAtAll(actor)) ? 'invalid-card' : 'not-allowed';
      return this.refuse(actor, auditAction, { kind }, 'card data malformed');
    }
    const { survey: surveyId, id } = route.data;
    const action = id ? await this.deps.store.get(surveyId, id) : undefined;
    // An action keeps its team: a card cannot move one to another team, nor make an organisation action a team's.
    const teamId = action ? action.team?.id : route.data.team;
    const team = teamId ? await this.teamOf(teamId, action?.team?.name) : undefined;
    if (team && !(await this.deps.leads.mayReadTeam(actor, team.id)))
      return this.refuse(actor, auditAction, { kind: 'not-team-lead', teamName: team.name }, `team ${team.id}`);
    if (!team && !(await this.mayActForOrganisation(actor)))
      return this.refuse(actor, auditAction, { kind: 'not-allowed' }, 'caller is neither executive nor admin');
    if (id && !action) return this.refuse(actor, auditAction, { kind: 'not-found' }, `${surveyId}/${id}`);
    const waveId = action?.waveId ?? route.data.wave;
    const results = (await this.deps.results.allResults(surveyId)).find((r) => r.survey.id === surveyId);
    const wave = results?.trend.find((w) => w.waveId === waveId) ?? (waveId ? undefined : results?.trend.at(-1));
    if (!results || !wave)
      return this.refuse(actor, auditAction, { kind: 'not-found' }, `${surveyId}/${waveId ?? '-'}: no settled results`);
    const comments = Object.values(wave.figures.comments).flat();
    if (team) {
      const view = await this.deps.results.teamView(wave, team.id);
      if (view.kind !== 'shown') {
        const refusal = { kind: 'team-not-shown' as const, teamName: team.name, waveNumber: wave.waveNumber };
        return this.refuse(actor, auditAction, refusal, `team ${team.id} ${wave.waveId}: ${view.kind}`);
      }
      // The team's comments, as its leads saw them: everyone's keep only a sample, which may leave a team's out.
      comments.push(...Object.values(view.comments).flat());
    }
    const { waveId: shownWave, waveNumber } = wave;
    const target = { surveyId, surveyName: results.survey.name, waveId: shownWave, waveNumber };
    return { target: { ...target, ...(team ? { team } : {}), ...(action ? { action } : {}) }, comments };
  }

  /** A change made, in the audit trail: who, what, to which action. What leaders typed is not copied there. */
  async audited(actor: string, action: string, target: Action, detail: string): Promise<void> {
    const named = `${target.surveyId}/${target.id}`;
    const where = target.team ? `team ${target.team.id}; ` : '';
    await this.deps.audit.record({
      ...{ scope: AUDIT_SCOPE, actor, action, outcome: 'done' },
      ...{ target: named, detail: `${where}${detail}` },
    });
  }

  async refuse<R extends Refusal>(actor: string | undefined, action: string, refusal: R, detail: string): Promise<R> {
    await this.deps.audit.record({
      scope: AUDIT_SCOPE,
      actor: isGuid(actor) ? actor.toLowerCase() : 'unknown',
      action,
      outcome: 'refused',
      detail: `${refusal.kind}: ${detail}`,
    });
    return refusal;
  }

  /** Executives, admins and anyone who leads a team now: who may see the actions card at all. */
  private async mayActAtAll(actor: string | undefined): Promise<boolean> {
    return (await this.mayActForOrganisation(actor)) || (await this.teamsLedBy(actor)).length > 0;
  }
}
