import { isGuid } from '../platform/keys';
import { FEEDBACK_ANSWERS, type Case } from './case';
import { caseRefIn, refusedReporterPlace, textSchema, type CaseParts } from './case-steps';
import type { Origin } from './origin';
import { caseStubCard } from './case.cards';
import { threadCard, withheldReplyCard } from './speak-up.cards';

/** The outcome of something a reporter sends on their case. */
export type ReporterOutcome =
  | { kind: 'wrong-place' }
  | { kind: 'unknown-case' }
  | { kind: 'not-yours' }
  | { kind: 'closed'; ref: string }
  | { kind: 'invalid'; message: string }
  | { kind: 'sent'; ref: string };

const DETRIMENT_REOPENED = 'Reopened: the reporter says they have experienced detriment for speaking up.';

/**
 * The reporter on their own cases, from their 1:1 chat: replies to the guardians, the NGO feedback question, the
 * detriment check-in, and "my cases". Only the reporter of a case may; their actions are audited as "reporter",
 * never with an identity.
 */
export class ReporterService {
  constructor(private readonly deps: CaseParts) {}

  /** The reporter answers from a relay card or "my cases"; the guardians hear it in their channel. */
  async replyToGuardians(
    caller: string | undefined,
    payload: Record<string, unknown>,
    origin: Origin,
  ): Promise<ReporterOutcome> {
    const ref = caseRefIn(payload);
    if (await refusedReporterPlace(this.deps.audit, origin, 'case.reporter-reply', ref)) return { kind: 'wrong-place' };
    // From a relay card the box is `text`; from "my cases", one box per case, `text-<reference>`.
    const parsed = textSchema.safeParse({ case: ref, text: payload[`text-${ref}`] ?? payload.text });
    const c = ref ? await this.deps.cases.get(ref) : undefined;
    if (!c) return { kind: 'unknown-case' };
    if (!(await this.deps.relay.isReporter(c.ref, caller))) {
      await this.deps.audit.record({
        scope: c.ref,
        actor: caller ?? 'unknown',
        action: 'case.reporter-reply',
        outcome: 'refused',
        detail: 'not the reporter',
      });
      return { kind: 'not-yours' };
    }
    if (c.status === 'closed') return { kind: 'closed', ref: c.ref };
    if (!parsed.success)
      return { kind: 'invalid', message: parsed.error.issues[0]?.message ?? 'Write something first.' };
    const now = this.deps.clock.now().toISOString();
    const message = await this.deps.messages.append(c.ref, {
      from: 'reporter',
      kind: 'reply',
      text: parsed.data.text,
      at: now,
    });
    // Where the channel was registered by someone who is not a guardian, the text stays out: guardians read it in their own view.
    const cards = { thread: threadCard('The reporter replied:', parsed.data.text), withheld: withheldReplyCard() };
    await this.deps.relay.toGuardians(c.ref, cards, `reply-${message.seq}`);
    await this.deps.audit.record({ scope: c.ref, actor: 'reporter', action: 'case.reporter-reply', outcome: 'done' });
    return { kind: 'sent', ref: c.ref };
  }

  /** The NGO feedback question, answered once. */
  async giveFeedback(
    caller: string | undefined,
    payload: Record<string, unknown>,
    origin: Origin,
  ): Promise<ReporterOutcome> {
    const ref = caseRefIn(payload);
    if (await refusedReporterPlace(this.deps.audit, origin, 'case.feedback', ref)) return { kind: 'wrong-place' };
    const c = ref ? await this.deps.cases.get(ref) : undefined;
    if (!c) return { kind: 'unknown-case' };
    if (!(await this.deps.relay.isReporter(c.ref, caller))) return { kind: 'not-yours' };
    const answer = FEEDBACK_ANSWERS.find((a) => a === payload.answer);
    const comment = typeof payload.comment === 'string' ? payload.comment.trim() : '';
    if (!answer || comment.length > 1000)
      return { kind: 'invalid', message: 'Choose one of the answers (and keep any comment under 1,000 characters).' };
    if (c.status !== 'closed' || c.feedback)
      return { kind: 'invalid', message: 'Feedback for this case has already been given. Thank you.' };
    if (!(await this.deps.cases.update(c, { feedback: answer })))
      return { kind: 'invalid', message: 'Please try again.' };
    const at = this.deps.clock.now().toISOString();
    if (comment)
      await this.deps.messages.append(c.ref, { from: 'reporter', kind: 'feedback', text: comment, at }, 'feedback');
    await this.deps.audit.record({ scope: c.ref, actor: 'reporter', action: 'case.feedback', outcome: 'done' });
    return { kind: 'sent', ref: c.ref };
  }

  /** The detriment check-in: "yes" reopens the case with the detriment category. */
  async answerCheckIn(
    caller: string | undefined,
    payload: Record<string, unknown>,
    origin: Origin,
  ): Promise<ReporterOutcome & { reopened?: boolean }> {
    const ref = caseRefIn(payload);
    if (await refusedReporterPlace(this.deps.audit, origin, 'case.check-in', ref)) return { kind: 'wrong-place' };
    const c = ref ? await this.deps.cases.get(ref) : undefined;
    if (!c) return { kind: 'unknown-case' };
    if (!(await this.deps.relay.isReporter(c.ref, caller))) return { kind: 'not-yours' };
    if (payload.answer !== 'yes' && payload.answer !== 'no') return { kind: 'invalid', message: 'Choose yes or no.' };
    if (payload.answer === 'no') {
      await this.deps.audit.record({
        scope: c.ref,
        actor: 'reporter',
        action: 'case.check-in',
        outcome: 'done',
        detail: 'no detriment',
      });
      return { kind: 'sent', ref: c.ref };
    }
    if (c.status !== 'closed') return { kind: 'sent', ref: c.ref, reopened: true }; // already reopened
    return this.reopenForDetriment(c);
  }

  /** The reporter's open cases (`my cases`). */
  async openCasesOf(caller: string | undefined): Promise<Case[]> {
    if (!isGuid(caller)) return [];
    const out: Case[] = [];
    for (const ref of await this.deps.relay.casesOf(caller)) {
      const c = await this.deps.cases.get(ref);
      if (c && c.ready && c.status !== 'closed') out.push(c);
    }
    return out;
  }

  private async reopenForDetriment(c: Case): Promise<ReporterOutcome & { reopened?: boolean }> {
    const reopened = await this.deps.cases.update(c, {
      status: 'in-progress',
      categories: [...new Set([...c.categories, 'detriment' as const])],
      closedAt: '',
    });
    if (!reopened) return { kind: 'invalid', message: 'Please try again.' };
    // Keyed by the close it answers: a case can be closed, reopened and closed again, and each reopening is recorded.
    const key = `detriment-${Date.parse(c.closedAt ?? '') || 0}`;
    await this.deps.messages.append(
      c.ref,
      { from: 'system', kind: 'status', text: DETRIMENT_REOPENED, at: this.deps.clock.now().toISOString() },
      key,
    );
    await this.deps.relay.toGuardians(
      c.ref,
      { card: caseStubCard(await this.deps.views.summary(reopened)), thread: threadCard(DETRIMENT_REOPENED) },
      key,
    );
    await this.deps.audit.record({ scope: c.ref, actor: 'reporter', action: 'case.detriment-reopen', outcome: 'done' });
    return { kind: 'sent', ref: c.ref, reopened: true };
  }
}
