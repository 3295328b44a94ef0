import type { RoleService } from '../people';
import { caseRefIn, textSchema, type CaseParts } from './case-steps';
import type { Case } from './case';
import { GUARDIAN_ACTION_HANDLERS, type ActionEffect, type GuardianAction } from './guardian-actions';
import { guardianPlaceRefusal, type Origin } from './origin';
import type { SpeakUpSettings } from './settings';
import { type GuardianView } from './case.cards';
import { SPEAK_UP_VERBS, textFieldOf } from './speak-up.cards';

/** The outcome of a guardian action on a case. */
export type GuardianOutcome =
  | { kind: 'wrong-place' }
  | { kind: 'not-allowed' }
  | { kind: 'unknown-case' }
  | { kind: 'closed'; ref: string }
  | { kind: 'invalid'; message: string; view?: GuardianView }
  | { kind: 'done'; view: GuardianView; thread: { title: string; text?: string } };

/** The guardian acting: their Entra id (the role is looked up from it, never taken from the card) and name. */
export interface Guardian {
  readonly aadObjectId?: string;
  readonly name?: string;
}

/**
 * Guardians working a case from its card: claim, reply, ask, note, status, close. Where an action comes from (a
 * registered guardians' channel or the guardian's 1:1 chat) and the role are checked here; every attempt is audited.
 */
export class GuardianActionService {
  constructor(
    private readonly deps: CaseParts & {
      roles: RoleService;
      settings: Pick<SpeakUpSettings, 'checkInDays'>;
    },
  ) {}

  /** Checks the place, the role and the case, then does what the action's handler says. */
  async act(
    guardian: Guardian,
    action: GuardianAction,
    payload: Record<string, unknown>,
    origin: Origin,
  ): Promise<GuardianOutcome> {
    const ref = caseRefIn(payload);
    const actor = guardian.aadObjectId ?? 'unknown';
    const refused = async (detail: string) =>
      this.deps.audit.record({ scope: ref ?? 'admin', actor, action: `case.${action}`, outcome: 'refused', detail });
    const elsewhere = guardianPlaceRefusal(
      origin,
      origin.type === 'channel' && (await this.deps.relay.isGuardiansChannel(origin.conversationId)),
    );
    if (elsewhere) {
      await refused(elsewhere);
      return { kind: 'wrong-place' };
    }
    if (!(await this.deps.roles.has(guardian.aadObjectId, 'guardian'))) {
      await refused('caller is not a guardian');
      return { kind: 'not-allowed' };
    }
    const c = ref ? await this.deps.cases.get(ref) : undefined;
    if (!c) {
      await refused('unknown case');
      return { kind: 'unknown-case' };
    }
    if (c.status === 'closed') {
      await refused('case is closed');
      return { kind: 'closed', ref: c.ref };
    }
    const handler = GUARDIAN_ACTION_HANDLERS[action];
    let text: string | undefined;
    if (handler.takesText) {
      const parsed = textSchema.safeParse({ case: payload.case, text: payload[textFieldOf(SPEAK_UP_VERBS[action])] });
      if (!parsed.success) {
        await refused('invalid text');
        return {
          kind: 'invalid',
          message: parsed.error.issues[0]?.message ?? 'That could not be read.',
          view: await this.deps.views.view(c),
        };
      }
      text = parsed.data.text;
    }
    const now = this.deps.clock.now().toISOString();
    const effect = handler.apply({
      c,
      actor,
      name: guardian.name ?? 'A guardian',
      now,
      text,
      payload,
      checkInDays: this.deps.settings.checkInDays,
    });
    if (effect.kind === 'refused') {
      await refused(effect.detail);
      return { kind: 'invalid', message: effect.message, view: await this.deps.views.view(c) };
    }
    return this.carryOut(c, { guardian, actor, action, now, text }, effect);
  }

  /** Writes the change, keeps the message, tells the reporter, audits: each step safe to repeat. */
  private async carryOut(
    c: Case,
    by: { guardian: Guardian; actor: string; action: GuardianAction; now: string; text?: string },
    effect: Extract<ActionEffect, { kind: 'effect' }>,
  ): Promise<GuardianOutcome> {
    const { cases, views } = this.deps;
    const updated = Object.keys(effect.patch).length > 0 ? await cases.update(c, effect.patch) : c;
    if (!updated)
      return {
        kind: 'invalid',
        message: 'Someone else changed this case at the same moment. Please look again.',
        view: await views.view((await cases.get(c.ref)) ?? c),
      };
    const guardianName = by.guardian.name ?? 'A guardian';
    await this.deps.messages.append(c.ref, {
      from: 'guardian',
      kind: effect.message,
      guardianName,
      text: by.text ?? effect.thread.title,
      at: by.now,
    });
    if (effect.toReporter) await this.deps.relay.toReporter(c.ref, effect.toReporter.key, effect.toReporter.card);
    const detail = effect.auditDetail !== undefined ? { detail: effect.auditDetail } : {};
    await this.deps.audit.record({
      scope: c.ref,
      actor: by.actor,
      action: `case.${by.action}`,
      outcome: 'done',
      ...detail,
    });
    await this.deps.roles.noteActive(by.guardian.aadObjectId, 'guardian'); // the most recently active are listed first for refresh
    return { kind: 'done', view: await views.view(updated), thread: effect.thread };
  }
}
