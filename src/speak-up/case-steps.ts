import { z } from 'zod';
import type { TableAuditLog } from '../platform/audit';
import type { Clock } from '../platform/clock';
import { isReference, MAX_MESSAGE, type Case } from './case';
import type { TableCaseMessageStore } from './case-message.store';
import type { CaseViewService } from './case-view.service';
import type { TableCaseStore } from './case.store';
import { reporterPlaceRefusal, type Origin } from './origin';
import type { RelayService } from './relay.service';
import { caseStubCard } from './case.cards';

// Steps several speak-up use cases share: reading a case reference and a message, refusing a reporter's action from
// the wrong place, and posting a case to the guardians' channel.

/** What every speak-up use case works with: the case, its messages, the relay, the guardians' views, audit, time. */
export interface CaseParts {
  readonly cases: TableCaseStore;
  readonly messages: TableCaseMessageStore;
  readonly relay: RelayService;
  readonly views: CaseViewService;
  readonly audit: TableAuditLog;
  readonly clock: Clock;
}

/** A message written on a case (a guardian's reply, note or outcome; a reporter's reply). */
export const textSchema = z.object({
  case: z.string().refine(isReference),
  text: z
    .string()
    .transform((s) => s.trim())
    .pipe(
      z.string().min(1, 'Write something first.').max(MAX_MESSAGE, `Please keep it under ${MAX_MESSAGE} characters.`),
    ),
});

/** The case reference a card action names, if it names one in the right shape. */
export function caseRefIn(payload: Record<string, unknown>): string | undefined {
  return typeof payload.case === 'string' && isReference(payload.case) ? payload.case : undefined;
}

/**
 * Reporters act only from their own 1:1 chat. A refusal is audited, naming no one: the caller may be the reporter,
 * and their identity next to a case reference would say who raised it.
 */
export async function refusedReporterPlace(
  audit: TableAuditLog,
  origin: Origin,
  action: string,
  ref: string | undefined,
): Promise<boolean> {
  const elsewhere = reporterPlaceRefusal(origin);
  if (elsewhere)
    await audit.record({ scope: ref ?? 'admin', actor: 'reporter', action, outcome: 'refused', detail: elsewhere });
  return elsewhere !== undefined;
}

/** Posts a case to the guardians' channel and marks it posted; false while no guardians' channel is registered. */
export async function postCase(
  deps: { cases: TableCaseStore; relay: RelayService; views: CaseViewService },
  c: Case,
): Promise<boolean> {
  // The channel's message is the summary only: guardians see the rest in their own view of it.
  const posted = await deps.relay.postCase(c.ref, caseStubCard(await deps.views.summary(c)));
  if (posted) await deps.cases.update(c, { posted: true });
  return posted;
}
