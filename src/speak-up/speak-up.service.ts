import { z } from 'zod';
import type { RoleService } from '../people/role.service';
import type { TableAuditLog } from '../platform/audit';
import type { BankHolidays } from '../platform/calendar/bank-holidays';
import { DAY_MS } from '../platform/calendar/durations';
import { addWorkingDays } from '../platform/calendar/working-days';
import type { Clock } from '../platform/clock';
import type { ConversationRef } from '../platform/conversation-ref';
import { isGuid } from '../platform/keys';
import type { Log } from '../platform/log';
import { NOT_SAID, STAFF_GROUPS } from '../shared/staff-groups';
import { canMoveTo, CATEGORIES, FEEDBACK_ANSWERS, isReference, MAX_CONCERN, MAX_MESSAGE, MODES, STATUS_LABELS, STATUSES, type CaseStatus } from './case';
import type { TableCaseMessageStore } from './case-message.store';
import type { CaseViewService } from './case-view.service';
import type { Case, TableCaseStore } from './case.store';
import { guardianPlaceRefusal, reporterPlaceRefusal, type Origin } from './origin';
import type { RelayService } from './relay.service';
import { caseStubCard, checkInCard, outcomeCard, relayCard, SPEAK_UP_VERBS, textFieldOf, threadCard, withheldReplyCard, type GuardianView } from './speak-up.cards';

/** Speak-up settings (config): working days to acknowledge, bank holidays, the incident note, the check-in delay. */
export interface SpeakUpSettings {
  readonly ackWorkingDays: number;
  readonly bankHolidays: BankHolidays;
  readonly incidentNote: string;
  readonly checkInDays: number;
  readonly timeZone: string;
}

const raiseSchema = z.object({
  draft: z.string().regex(/^[0-9a-f]{16,32}$/),
  mode: z.enum(MODES, { errorMap: () => ({ message: 'Choose how you want to speak up: openly, confidentially or anonymously.' }) }),
  categories: z
    .string({ invalid_type_error: 'Choose at least one thing it is about.', required_error: 'Choose at least one thing it is about.' })
    .transform((s) => [...new Set(s.split(',').map((c) => c.trim()).filter(Boolean))])
    .refine((cs) => cs.length > 0 && cs.every((c) => (CATEGORIES as readonly string[]).includes(c)), 'Choose at least one thing it is about, from the list.'),
  workerGroup: z
    .string()
    .optional()
    .transform((g) => (g === NOT_SAID ? undefined : g))
    .refine((g) => !g || (STAFF_GROUPS as readonly string[]).includes(g), 'Choose a staff group from the list, or "Prefer not to say".'),
  concern: z
    .string({ required_error: 'Please describe your concern.', invalid_type_error: 'Please describe your concern.' })
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'Please describe your concern.').max(MAX_CONCERN, `Please keep it under ${MAX_CONCERN} characters.`)),
});
const textSchema = z.object({ case: z.string().refine(isReference), text: z.string().transform((s) => s.trim()).pipe(z.string().min(1, 'Write something first.').max(MAX_MESSAGE, `Please keep it under ${MAX_MESSAGE} characters.`)) });

export type RaiseOutcome =
  | { kind: 'wrong-place' }
  | { kind: 'problems'; problems: string[]; values: Record<string, string> }
  | { kind: 'try-again'; values: Record<string, string> }
  | { kind: 'raised'; ref: string; mode: Case['mode']; patientSafety: boolean; notSetUp: boolean };

export type GuardianOutcome =
  | { kind: 'wrong-place' }
  | { kind: 'not-allowed' }
  | { kind: 'unknown-case' }
  | { kind: 'closed'; ref: string }
  | { kind: 'invalid'; message: string; view?: GuardianView }
  | { kind: 'done'; view: GuardianView; thread: { title: string; text?: string } };

export type ReporterOutcome = { kind: 'wrong-place' } | { kind: 'unknown-case' } | { kind: 'not-yours' } | { kind: 'closed'; ref: string } | { kind: 'invalid'; message: string } | { kind: 'sent'; ref: string };

/**
 * Freedom to Speak Up: raising a concern, guardians working the case from their channel, messages relayed both
 * ways, timers, closing with the NGO feedback question, and the detriment check-in. Reporter actions are audited
 * as "reporter", never with an identity.
 */
export class SpeakUpService {
  constructor(
    private readonly deps: {
      cases: TableCaseStore;
      messages: TableCaseMessageStore;
      relay: RelayService;
      views: CaseViewService;
      roles: RoleService;
      audit: TableAuditLog;
      clock: Clock;
      log: Log;
      settings: SpeakUpSettings;
    },
  ) {}

  async raise(reporter: { aadObjectId?: string; name?: string; ref: ConversationRef }, payload: Record<string, unknown>, origin: Origin): Promise<RaiseOutcome> {
    if (await this.refusedReporterPlace(origin, 'case.raise', undefined)) return { kind: 'wrong-place' };
    const values = Object.fromEntries(Object.entries(payload).filter(([k, v]) => typeof v === 'string' && ['mode', 'categories', 'workerGroup', 'concern'].includes(k))) as Record<string, string>;
    const parsed = raiseSchema.safeParse(payload);
    if (!parsed.success) return { kind: 'problems', problems: parsed.error.issues.map((i) => (i.path[0] === 'draft' ? 'This form could not be read: type "speak up" for a fresh one.' : i.message)), values };
    if (!isGuid(reporter.aadObjectId)) return { kind: 'problems', problems: ['Speak up works from your own Teams account in your chat with me.'], values };
    const f = parsed.data;
    const now = this.deps.clock.now();
    try {
      const { ref } = await this.deps.cases.create(f.draft, Number(now.toISOString().slice(0, 4)), {
        mode: f.mode,
        categories: f.categories as Case['categories'],
        workerGroup: f.workerGroup || undefined,
        raisedAt: now.toISOString(),
        ackDueAt: addWorkingDays(now, this.deps.settings.ackWorkingDays, this.deps.settings.bankHolidays, this.deps.settings.timeZone).toISOString(),
      });
      // Each step below is safe to repeat: a retry of the same form completes whatever an outage interrupted.
      await this.deps.relay.recordReporter(ref, { aadObjectId: reporter.aadObjectId, name: reporter.name, ref: reporter.ref });
      await this.deps.messages.append(ref, { from: 'reporter', kind: 'concern', text: f.concern, at: now.toISOString() }, 'concern');
      let c = (await this.deps.cases.get(ref))!;
      if (!c.ready) {
        // Audited before it is marked ready: a crash in between repeats the audit row rather than losing it.
        await this.deps.audit.record({ scope: ref, actor: 'reporter', action: 'case.raise', outcome: 'done', detail: f.mode });
        c = (await this.deps.cases.update(c, { ready: true })) ?? (await this.deps.cases.get(ref))!;
      }
      const posted = c.posted || (await this.post(c));
      this.deps.log.info({ case: ref, mode: f.mode, posted }, 'speak-up case raised');
      return { kind: 'raised', ref, mode: f.mode, patientSafety: f.categories.includes('patient-safety'), notSetUp: !posted };
    } catch (error) {
      this.deps.log.warn({ err: error }, 'speak-up case not raised: storage unavailable; the reporter was asked to try again');
      return { kind: 'try-again', values };
    }
  }

  /**
   * Every guardian action on a case card. Where it comes from (a registered guardians' channel or the guardian's 1:1
   * chat) and the role are checked here, the role from the caller's Entra id; every attempt is audited.
   */
  async act(guardian: { aadObjectId?: string; name?: string }, action: 'claim' | 'reply' | 'ask' | 'note' | 'status' | 'close', payload: Record<string, unknown>, origin: Origin): Promise<GuardianOutcome> {
    const ref = typeof payload.case === 'string' && isReference(payload.case) ? payload.case : undefined;
    const actor = guardian.aadObjectId ?? 'unknown';
    const elsewhere = guardianPlaceRefusal(origin, origin.type === 'channel' && (await this.deps.relay.isGuardiansChannel(origin.conversationId)));
    if (elsewhere) {
      await this.deps.audit.record({ scope: ref ?? 'admin', actor, action: `case.${action}`, outcome: 'refused', detail: elsewhere });
      return { kind: 'wrong-place' };
    }
    if (!(await this.deps.roles.has(guardian.aadObjectId, 'guardian'))) {
      await this.deps.audit.record({ scope: ref ?? 'admin', actor, action: `case.${action}`, outcome: 'refused', detail: 'caller is not a guardian' });
      return { kind: 'not-allowed' };
    }
    const c = ref ? await this.deps.cases.get(ref) : undefined;
    const refused = async (detail: string) => this.deps.audit.record({ scope: ref ?? 'admin', actor, action: `case.${action}`, outcome: 'refused', detail });
    if (!c) {
      await refused('unknown case');
      return { kind: 'unknown-case' };
    }
    if (c.status === 'closed') {
      await refused('case is closed');
      return { kind: 'closed', ref: c.ref };
    }
    const name = guardian.name ?? 'A guardian';
    const now = this.deps.clock.now().toISOString();
    let text: string | undefined;
    if (action !== 'claim' && action !== 'status') {
      const parsed = textSchema.safeParse({ case: payload.case, text: payload[textFieldOf(SPEAK_UP_VERBS[action])] });
      if (!parsed.success) {
        await refused('invalid text');
        return { kind: 'invalid', message: parsed.error.issues[0]?.message ?? 'That could not be read.', view: await this.deps.views.view(c) };
      }
      text = parsed.data.text;
    }
    let patch: Partial<Case> = {};
    let thread: { title: string; text?: string };
    switch (action) {
      case 'claim':
        patch = { assignee: { aadObjectId: actor, name } };
        thread = { title: `${name} took this case.` };
        break;
      case 'status': {
        const to = payload.status as CaseStatus;
        if (!(STATUSES as readonly string[]).includes(String(to)) || !canMoveTo(c.status, to)) {
          await refused(`status ${String(to).slice(0, 20)} not allowed`);
          return { kind: 'invalid', message: `A ${STATUS_LABELS[c.status].toLowerCase()} case cannot move to that status.`, view: await this.deps.views.view(c) };
        }
        patch = { status: to, ...(c.acknowledgedAt ? {} : { acknowledgedAt: now }) };
        thread = { title: `${name} set the status to ${STATUS_LABELS[to]}.` };
        break;
      }
      case 'reply':
      case 'ask':
        patch = c.status === 'new' ? { status: 'acknowledged', acknowledgedAt: now } : {};
        thread = { title: `${name} ${action === 'ask' ? 'asked the reporter' : 'replied to the reporter'}:`, text };
        break;
      case 'note':
        thread = { title: `Internal note from ${name} (not sent to the reporter):`, text };
        break;
      case 'close':
        patch = { status: 'closed', closedAt: now, checkInSent: false, checkInDueAt: new Date(Date.parse(now) + this.deps.settings.checkInDays * DAY_MS).toISOString() };
        thread = { title: `${name} closed the case. Outcome sent to the reporter:`, text };
        break;
    }
    const updated = Object.keys(patch).length > 0 ? await this.deps.cases.update(c, patch) : c;
    if (!updated) return { kind: 'invalid', message: 'Someone else changed this case at the same moment. Please look again.', view: await this.deps.views.view((await this.deps.cases.get(c.ref)) ?? c) };
    const kind = action === 'ask' ? 'question' : action === 'close' ? 'outcome' : action === 'claim' ? 'status' : action;
    await this.deps.messages.append(c.ref, { from: 'guardian', kind, guardianName: name, text: text ?? thread.title, at: now });
    if (action === 'reply' || action === 'ask') await this.deps.relay.toReporter(c.ref, `${action}-${Date.parse(now)}`, relayCard(c.ref, action === 'ask' ? 'question' : 'reply', text!));
    if (action === 'close') await this.deps.relay.toReporter(c.ref, `outcome-${Date.parse(now)}`, outcomeCard(c.ref, text!));
    await this.deps.audit.record({ scope: c.ref, actor, action: `case.${action}`, outcome: 'done', ...(action === 'status' ? { detail: String(payload.status) } : {}) });
    await this.deps.roles.noteActive(guardian.aadObjectId, 'guardian'); // the most recently active are listed first for refresh
    return { kind: 'done', view: await this.deps.views.view(updated), thread };
  }

  /** The reporter answers from a relay card or "my cases". Only the reporter of the case may. */
  async reporterReply(caller: string | undefined, payload: Record<string, unknown>, origin: Origin): Promise<ReporterOutcome> {
    const ref = typeof payload.case === 'string' && isReference(payload.case) ? payload.case : undefined;
    if (await this.refusedReporterPlace(origin, 'case.reporter-reply', ref)) return { kind: 'wrong-place' };
    // From a relay card the box is `text`; from "my cases", one box per case, `text-<reference>`.
    const parsed = textSchema.safeParse({ case: ref, text: payload[`text-${ref}`] ?? payload.text });
    const c = ref ? await this.deps.cases.get(ref) : undefined;
    if (!c) return { kind: 'unknown-case' };
    if (!(await this.deps.relay.isReporter(c.ref, caller))) {
      await this.deps.audit.record({ scope: c.ref, actor: caller ?? 'unknown', action: 'case.reporter-reply', outcome: 'refused', detail: 'not the reporter' });
      return { kind: 'not-yours' };
    }
    if (c.status === 'closed') return { kind: 'closed', ref: c.ref };
    if (!parsed.success) return { kind: 'invalid', message: parsed.error.issues[0]?.message ?? 'Write something first.' };
    const now = this.deps.clock.now().toISOString();
    const message = await this.deps.messages.append(c.ref, { from: 'reporter', kind: 'reply', text: parsed.data.text, at: now });
    // Where the channel was registered by someone who is not a guardian, the text stays out: guardians read it in their own view.
    await this.deps.relay.toGuardians(c.ref, { thread: threadCard('The reporter replied:', parsed.data.text), withheld: withheldReplyCard() }, `reply-${message.seq}`);
    await this.deps.audit.record({ scope: c.ref, actor: 'reporter', action: 'case.reporter-reply', outcome: 'done' });
    return { kind: 'sent', ref: c.ref };
  }

  /** The NGO feedback question, answered once. */
  async feedback(caller: string | undefined, payload: Record<string, unknown>, origin: Origin): Promise<ReporterOutcome> {
    const ref = typeof payload.case === 'string' && isReference(payload.case) ? payload.case : undefined;
    if (await this.refusedReporterPlace(origin, 'case.feedback', ref)) return { kind: 'wrong-place' };
    const c = ref ? await this.deps.cases.get(ref) : undefined;
    if (!c) return { kind: 'unknown-case' };
    if (!(await this.deps.relay.isReporter(c.ref, caller))) return { kind: 'not-yours' };
    const answer = FEEDBACK_ANSWERS.find((a) => a === payload.answer);
    const comment = typeof payload.comment === 'string' ? payload.comment.trim() : '';
    if (!answer || comment.length > 1000) return { kind: 'invalid', message: 'Choose one of the answers (and keep any comment under 1,000 characters).' };
    if (c.status !== 'closed' || c.feedback) return { kind: 'invalid', message: 'Feedback for this case has already been given. Thank you.' };
    if (!(await this.deps.cases.update(c, { feedback: answer }))) return { kind: 'invalid', message: 'Please try again.' };
    if (comment) await this.deps.messages.append(c.ref, { from: 'reporter', kind: 'feedback', text: comment, at: this.deps.clock.now().toISOString() }, 'feedback');
    await this.deps.audit.record({ scope: c.ref, actor: 'reporter', action: 'case.feedback', outcome: 'done' });
    return { kind: 'sent', ref: c.ref };
  }

  /** The detriment check-in: "yes" reopens the case with the detriment category. */
  async checkIn(caller: string | undefined, payload: Record<string, unknown>, origin: Origin): Promise<ReporterOutcome & { reopened?: boolean }> {
    const ref = typeof payload.case === 'string' && isReference(payload.case) ? payload.case : undefined;
    if (await this.refusedReporterPlace(origin, 'case.check-in', ref)) return { kind: 'wrong-place' };
    const c = ref ? await this.deps.cases.get(ref) : undefined;
    if (!c) return { kind: 'unknown-case' };
    if (!(await this.deps.relay.isReporter(c.ref, caller))) return { kind: 'not-yours' };
    if (payload.answer !== 'yes' && payload.answer !== 'no') return { kind: 'invalid', message: 'Choose yes or no.' };
    if (payload.answer === 'no') {
      await this.deps.audit.record({ scope: c.ref, actor: 'reporter', action: 'case.check-in', outcome: 'done', detail: 'no detriment' });
      return { kind: 'sent', ref: c.ref };
    }
    if (c.status !== 'closed') return { kind: 'sent', ref: c.ref, reopened: true }; // already reopened
    const reopened = await this.deps.cases.update(c, { status: 'in-progress', categories: [...new Set([...c.categories, 'detriment' as const])], closedAt: '' });
    if (!reopened) return { kind: 'invalid', message: 'Please try again.' };
    // Keyed by the close it answers: a case can be closed, reopened and closed again, and each reopening is recorded.
    const key = `detriment-${Date.parse(c.closedAt ?? '') || 0}`;
    await this.deps.messages.append(c.ref, { from: 'system', kind: 'status', text: 'Reopened: the reporter says they have experienced detriment for speaking up.', at: this.deps.clock.now().toISOString() }, key);
    await this.deps.relay.toGuardians(c.ref, { card: caseStubCard(await this.deps.views.summary(reopened)), thread: threadCard('Reopened: the reporter says they have experienced detriment for speaking up.') }, key);
    await this.deps.audit.record({ scope: c.ref, actor: 'reporter', action: 'case.detriment-reopen', outcome: 'done' });
    return { kind: 'sent', ref: c.ref, reopened: true };
  }

  /** The reporter's open cases (`my cases`). */
  async casesOf(caller: string | undefined): Promise<Case[]> {
    if (!isGuid(caller)) return [];
    const out: Case[] = [];
    for (const ref of await this.deps.relay.casesOf(caller)) {
      const c = await this.deps.cases.get(ref);
      if (c && c.ready && c.status !== 'closed') out.push(c);
    }
    return out;
  }

  /** The timers job: post cases waiting for a channel, flag overdue acknowledgements, send due check-ins. */
  async tick(): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    for await (const listed of this.deps.cases.all()) {
      // A case is shown to guardians only once complete (a raise interrupted before then is finished by its retry).
      const c = listed.posted || !listed.ready || !(await this.post(listed)) ? listed : ((await this.deps.cases.get(listed.ref)) ?? listed);
      if (c.ready && c.status === 'new' && !c.overdue && c.ackDueAt <= now) {
        const flagged = await this.deps.cases.update(c, { overdue: true });
        if (flagged) {
          await this.deps.relay.toGuardians(c.ref, { card: caseStubCard(await this.deps.views.summary(flagged)), thread: threadCard(`Reminder: ${c.ref} has not been acknowledged within ${this.deps.settings.ackWorkingDays} working days.`) }, 'overdue');
          await this.deps.audit.record({ scope: c.ref, actor: 'system', action: 'case.overdue', outcome: 'done' });
        }
      }
      if (c.status === 'closed' && c.checkInDueAt && !c.checkInSent && c.checkInDueAt <= now) {
        const marked = await this.deps.cases.update(c, { checkInSent: true });
        if (marked) {
          await this.deps.relay.toReporter(c.ref, `check-in-${Date.parse(c.closedAt ?? now)}`, checkInCard(c.ref));
          await this.deps.audit.record({ scope: c.ref, actor: 'system', action: 'case.check-in-sent', outcome: 'done' });
        }
      }
    }
  }

  /**
   * Whether the raise form (the welcome card's "Speak up" button) may open here: only in the person's own 1:1 chat.
   * A refusal is audited as "reporter", as every reporter action is.
   */
  async mayOpenForm(origin: Origin): Promise<boolean> {
    return !(await this.refusedReporterPlace(origin, 'case.form', undefined));
  }

  /**
   * Reporters act only from their own 1:1 chat. A refusal is audited, naming no one: the caller may be the reporter,
   * and their identity next to a case reference would say who raised it.
   */
  private async refusedReporterPlace(origin: Origin, action: string, ref: string | undefined): Promise<boolean> {
    const elsewhere = reporterPlaceRefusal(origin);
    if (elsewhere) await this.deps.audit.record({ scope: ref ?? 'admin', actor: 'reporter', action, outcome: 'refused', detail: elsewhere });
    return elsewhere !== undefined;
  }

  private async post(c: Case): Promise<boolean> {
    // The channel's message is the summary only: guardians see the rest in their own view of it.
    const posted = await this.deps.relay.postCase(c.ref, caseStubCard(await this.deps.views.summary(c)));
    if (posted) await this.deps.cases.update(c, { posted: true });
    return posted;
  }
}
