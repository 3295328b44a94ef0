import type { TableAuditLog } from '../platform/audit';
import type { Clock } from '../platform/clock';
import { postCase } from './case-steps';
import type { CaseViewService } from './case-view.service';
import type { Case } from './case';
import type { TableCaseStore } from './case.store';
import type { RelayService } from './relay.service';
import type { SpeakUpSettings } from './settings';
import { caseStubCard } from './case.cards';
import { checkInCard, threadCard } from './speak-up.cards';

/** The speak-up timers: post cases waiting for a guardians' channel, flag overdue acknowledgements, send due check-ins. */
export class CaseTimers {
  constructor(
    private readonly deps: {
      cases: TableCaseStore;
      relay: RelayService;
      views: CaseViewService;
      audit: TableAuditLog;
      clock: Clock;
      settings: Pick<SpeakUpSettings, 'ackWorkingDays'>;
    },
  ) {}

  /** One run over every case; each step is guarded by a conditional write, so two runs never act twice. */
  async tick(): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    for await (const listed of this.deps.cases.all()) {
      // A case is shown to guardians only once complete (a raise interrupted before then is finished by its retry).
      const c =
        listed.posted || !listed.ready || !(await postCase(this.deps, listed))
          ? listed
          : ((await this.deps.cases.get(listed.ref)) ?? listed);
      if (c.ready && c.status === 'new' && !c.overdue && c.ackDueAt <= now) await this.flagOverdue(c);
      if (c.status === 'closed' && c.checkInDueAt && !c.checkInSent && c.checkInDueAt <= now)
        await this.sendCheckIn(c, now);
    }
  }

  private async flagOverdue(c: Case): Promise<void> {
    const flagged = await this.deps.cases.update(c, { overdue: true });
    if (!flagged) return;
    const reminder = `Reminder: ${c.ref} has not been acknowledged within ${this.deps.settings.ackWorkingDays} working days.`;
    await this.deps.relay.toGuardians(
      c.ref,
      { card: caseStubCard(await this.deps.views.summary(flagged)), thread: threadCard(reminder) },
      'overdue',
    );
    await this.deps.audit.record({ scope: c.ref, actor: 'system', action: 'case.overdue', outcome: 'done' });
  }

  private async sendCheckIn(c: Case, now: string): Promise<void> {
    const marked = await this.deps.cases.update(c, { checkInSent: true });
    if (!marked) return;
    await this.deps.relay.toReporter(c.ref, `check-in-${Date.parse(c.closedAt ?? now)}`, checkInCard(c.ref));
    await this.deps.audit.record({ scope: c.ref, actor: 'system', action: 'case.check-in-sent', outcome: 'done' });
  }
}
