import { z } from 'zod';
import { addWorkingDays } from '../platform/calendar/working-days';
import type { ConversationRef } from '../platform/conversation-ref';
import { isGuid } from '../platform/keys';
import type { Log } from '../platform/log';
import { NOT_SAID, STAFF_GROUPS } from '../shared/staff-groups';
import { CATEGORIES, MAX_CONCERN, MODES, type Case } from './case';
import { postCase, refusedReporterPlace, type CaseParts } from './case-steps';
import type { Origin } from './origin';
import type { SpeakUpSettings } from './settings';

const raiseSchema = z.object({
  draft: z.string().regex(/^[0-9a-f]{16,32}$/),
  mode: z.enum(MODES, {
    errorMap: () => ({ message: 'Choose how you want to speak up: openly, confidentially or anonymously.' }),
  }),
  categories: z
    .string({
      invalid_type_error: 'Choose at least one thing it is about.',
      required_error: 'Choose at least one thing it is about.',
    })
    .transform((s) => [
      ...new Set(
        s
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean),
      ),
    ])
    .refine(
      (cs) => cs.length > 0 && cs.every((c) => (CATEGORIES as readonly string[]).includes(c)),
      'Choose at least one thing it is about, from the list.',
    ),
  workerGroup: z
    .string()
    .optional()
    .transform((g) => (g === NOT_SAID ? undefined : g))
    .refine(
      (g) => !g || (STAFF_GROUPS as readonly string[]).includes(g),
      'Choose a staff group from the list, or "Prefer not to say".',
    ),
  concern: z
    .string({ required_error: 'Please describe your concern.', invalid_type_error: 'Please describe your concern.' })
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(1, 'Please describe your concern.')
        .max(MAX_CONCERN, `Please keep it under ${MAX_CONCERN} characters.`),
    ),
});

/** The form's fields a problem card fills back in, so nothing the reporter wrote is lost. */
const KEPT_FIELDS = ['mode', 'categories', 'workerGroup', 'concern'];

/** The outcome of raising a concern. */
export type RaiseOutcome =
  | { kind: 'wrong-place' }
  | { kind: 'problems'; problems: string[]; values: Record<string, string> }
  | { kind: 'try-again'; values: Record<string, string> }
  | { kind: 'raised'; ref: string; mode: Case['mode']; patientSafety: boolean; notSetUp: boolean };

/** Who raises a concern: their Entra id and name (sealed with the case's reporter), and where to reach them. */
export interface Reporter {
  readonly aadObjectId?: string;
  readonly name?: string;
  readonly ref: ConversationRef;
}

/**
 * Raising a concern from the speak-up form in the reporter's 1:1 chat: the case, the reporter (kept apart, sealed),
 * the concern as the case's first message, the audit row, and the case posted to the guardians' channel.
 */
export class RaiseService {
  constructor(
    private readonly deps: CaseParts & {
      log: Log;
      settings: SpeakUpSettings;
    },
  ) {}

  /** Raises the concern a filled-in form describes; a retry of the same form (same draft) finishes the same case. */
  async raiseConcern(reporter: Reporter, payload: Record<string, unknown>, origin: Origin): Promise<RaiseOutcome> {
    if (await refusedReporterPlace(this.deps.audit, origin, 'case.raise', undefined)) return { kind: 'wrong-place' };
    const values = Object.fromEntries(
      Object.entries(payload).filter(([k, v]) => typeof v === 'string' && KEPT_FIELDS.includes(k)),
    ) as Record<string, string>;
    const parsed = raiseSchema.safeParse(payload);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) =>
        i.path[0] === 'draft' ? 'This form could not be read: type "speak up" for a fresh one.' : i.message,
      );
      return { kind: 'problems', problems, values };
    }
    if (!isGuid(reporter.aadObjectId))
      return {
        kind: 'problems',
        problems: ['Speak up works from your own Teams account in your chat with me.'],
        values,
      };
    try {
      return await this.open(reporter as Reporter & { aadObjectId: string }, parsed.data);
    } catch (error) {
      this.deps.log.warn(
        { err: error },
        'speak-up case not raised: storage unavailable; the reporter was asked to try again',
      );
      return { kind: 'try-again', values };
    }
  }

  /**
   * Whether the raise form (the welcome card's "Speak up" button) may open here: only in the person's own 1:1 chat.
   * A refusal is audited as "reporter", as every reporter action is.
   */
  async mayOpenForm(origin: Origin): Promise<boolean> {
    return !(await refusedReporterPlace(this.deps.audit, origin, 'case.form', undefined));
  }

  private async open(
    reporter: Reporter & { aadObjectId: string },
    f: z.infer<typeof raiseSchema>,
  ): Promise<RaiseOutcome> {
    const { cases, settings } = this.deps;
    const now = this.deps.clock.now();
    const { ref } = await cases.create(f.draft, Number(now.toISOString().slice(0, 4)), {
      mode: f.mode,
      categories: f.categories as Case['categories'],
      workerGroup: f.workerGroup || undefined,
      raisedAt: now.toISOString(),
      ackDueAt: addWorkingDays(now, settings.ackWorkingDays, settings.bankHolidays, settings.timeZone).toISOString(),
    });
    // Each step below is safe to repeat: a retry of the same form completes whatever an outage interrupted.
    await this.deps.relay.recordReporter(ref, {
      aadObjectId: reporter.aadObjectId,
      name: reporter.name,
      ref: reporter.ref,
    });
    await this.deps.messages.append(
      ref,
      { from: 'reporter', kind: 'concern', text: f.concern, at: now.toISOString() },
      'concern',
    );
    let c = (await cases.get(ref))!;
    if (!c.ready) {
      // Audited before it is marked ready: a crash in between repeats the audit row rather than losing it.
      await this.deps.audit.record({
        scope: ref,
        actor: 'reporter',
        action: 'case.raise',
        outcome: 'done',
        detail: f.mode,
      });
      c = (await cases.update(c, { ready: true })) ?? (await cases.get(ref))!;
    }
    const posted = c.posted || (await postCase(this.deps, c));
    this.deps.log.info({ case: ref, mode: f.mode, posted }, 'speak-up case raised');
    return {
      kind: 'raised',
      ref,
      mode: f.mode,
      patientSafety: f.categories.includes('patient-safety'),
      notSetUp: !posted,
    };
  }
}
