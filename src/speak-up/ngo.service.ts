import type { RoleService } from '../people';
import type { TableAuditLog } from '../platform/audit';
import type { Clock } from '../platform/clock';
import type { DownloadLinkService, DownloadOffering } from '../downloads';
import { CATEGORIES, CATEGORY_LABELS, parseQuarter, quarterOf, type Case } from './case';
import type { TableCaseStore } from './case.store';
import { countQuarter, ngoCsv, type NgoReturn, type SpeakUpCounts } from './ngo-return';

/** Counts of cases for the National Guardian's Office return and the leadership digest: counts only, never who. */
export class NgoReturnService {
  constructor(
    private readonly deps: {
      cases: TableCaseStore;
      roles: RoleService;
      audit: TableAuditLog;
      links: DownloadLinkService;
      clock: Clock;
    },
  ) {}

  /** `ngo return [quarter]` for guardians: the quarter's counts, and a single-use, 15-minute link to them as CSV. */
  async ngoReturn(
    actor: string | undefined,
    quarterText: string | undefined,
  ): Promise<
    { kind: 'not-allowed' } | { kind: 'bad-quarter' } | { kind: 'return'; figures: NgoReturn; csvUrl: string }
  > {
    if (!(await this.deps.roles.has(actor, 'guardian'))) {
      await this.deps.audit.record({
        scope: 'admin',
        actor: actor ?? 'unknown',
        action: 'ngo.return',
        outcome: 'refused',
        detail: 'caller is not a guardian',
      });
      return { kind: 'not-allowed' };
    }
    const quarter = quarterText ? parseQuarter(quarterText) : quarterOf(this.deps.clock.now());
    if (!quarter) return { kind: 'bad-quarter' };
    const cases = await this.allCases();
    const { url } = await this.deps.links.createLink({ kind: 'ngo', subject: quarter.from.toISOString() }, actor!);
    await this.deps.audit.record({
      scope: 'admin',
      actor: actor!,
      action: 'ngo.return',
      outcome: 'done',
      detail: quarter.label,
    });
    return { kind: 'return', figures: countQuarter(cases, quarter), csvUrl: url };
  }

  /**
   * Cases raised in the last quarter completed by `at`, in total and by category: counts only, for the leadership
   * digest. Only completed quarters (the NGO return's), so two digests never differ by one week's cases; cases are
   * counted in the quarter they were raised, so a reopened case is not counted again.
   */
  async lastCompletedQuarter(at: Date): Promise<SpeakUpCounts> {
    const quarter = quarterOf(new Date(quarterOf(at).from.getTime() - 1));
    const r = countQuarter(await this.allCases(), quarter);
    const month = (d: Date) => d.toLocaleString('en-GB', { month: 'long', timeZone: 'Europe/London' });
    const months = `${month(quarter.from)} to ${month(new Date(quarter.to.getTime() - 1))}`;
    return {
      quarter: r.quarter,
      months,
      rows: [
        { label: 'Cases raised', count: r.total },
        ...CATEGORIES.map((c) => ({ label: CATEGORY_LABELS[c], count: r.categories[c] })),
      ],
    };
  }

  /**
   * What speak-up offers for download: the NGO return of the quarter starting at the link's subject. The guardian who
   * asked must still be one, and each download is audited as `ngo.download`.
   */
  readonly offering: DownloadOffering = {
    kinds: ['ngo'],
    action: 'ngo.download',
    mayDownload: (owner) => this.deps.roles.has(owner, 'guardian'),
    target: (link) => quarterOf(new Date(link.subject)).label,
    file: async (link) => {
      const quarter = quarterOf(new Date(link.subject));
      return {
        name: `ngo-return-${quarter.label.replace(/[^0-9A-Za-z]+/g, '-')}.csv`,
        csv: ngoCsv(countQuarter(await this.allCases(), quarter)),
      };
    },
  };

  private async allCases(): Promise<Case[]> {
    const cases: Case[] = [];
    // A raise interrupted before its concern was stored, and never retried, is not a case anyone can act on.
    for await (const c of this.deps.cases.all()) if (c.ready) cases.push(c);
    return cases;
  }
}
