import { randomBytes } from 'node:crypto';
import type { RoleService } from '../people/role.service';
import type { TableAuditLog } from '../platform/audit';
import type { Clock } from '../platform/clock';
import type { TableExportStore } from '../results/export.store';
import { CATEGORIES, CATEGORY_LABELS, parseQuarter, quarterOf } from './case';
import type { Case, TableCaseStore } from './case.store';
import { countQuarter, ngoCsv, type NgoReturn } from './ngo-return';

/** Counts of cases for the National Guardian's Office return and the leadership digest: counts only, never who. */
export class NgoReturnService {
  constructor(private readonly deps: { cases: TableCaseStore; roles: RoleService; audit: TableAuditLog; exports: TableExportStore; clock: Clock; publicUrl: string }) {}

  /** `ngo return [quarter]` for guardians: the quarter's counts, and a 15-minute link to them as CSV. */
  async ngoReturn(actor: string | undefined, quarterText: string | undefined): Promise<{ kind: 'not-allowed' } | { kind: 'bad-quarter' } | { kind: 'return'; figures: NgoReturn; csvUrl: string }> {
    if (!(await this.deps.roles.has(actor, 'guardian'))) {
      await this.deps.audit.record({ scope: 'admin', actor: actor ?? 'unknown', action: 'ngo.return', outcome: 'refused', detail: 'caller is not a guardian' });
      return { kind: 'not-allowed' };
    }
    const quarter = quarterText ? parseQuarter(quarterText) : quarterOf(this.deps.clock.now());
    if (!quarter) return { kind: 'bad-quarter' };
    const cases = await this.allCases();
    const token = randomBytes(16).toString('hex');
    const expiresAt = new Date(this.deps.clock.now().getTime() + 15 * 60_000).toISOString();
    await this.deps.exports.create(token, { surveyId: 'ngo', waveId: quarter.from.toISOString(), kind: 'ngo', expiresAt }, actor!);
    await this.deps.audit.record({ scope: 'admin', actor: actor!, action: 'ngo.return', outcome: 'done', detail: quarter.label });
    return { kind: 'return', figures: countQuarter(cases, quarter), csvUrl: `${this.deps.publicUrl.replace(/\/$/, '')}/downloads/${token}` };
  }

  /** Cases raised this quarter so far, in total and by category: counts only, for the leadership digest. */
  async quarterToDate(): Promise<{ quarter: string; rows: { label: string; count: number }[] }> {
    const cases = await this.allCases();
    const r = countQuarter(cases, quarterOf(this.deps.clock.now()));
    return { quarter: r.quarter, rows: [{ label: 'Cases raised', count: r.total }, ...CATEGORIES.map((c) => ({ label: CATEGORY_LABELS[c], count: r.categories[c] }))] };
  }

  /** The CSV behind an NGO-return link, if the token is one and has not expired. */
  async downloadNgo(token: string): Promise<{ name: string; csv: string } | undefined> {
    if (!/^[0-9a-f]{32}$/.test(token)) return undefined;
    const link = await this.deps.exports.get(token);
    if (!link || link.kind !== 'ngo' || link.expiresAt <= this.deps.clock.now().toISOString()) return undefined;
    const quarter = quarterOf(new Date(link.waveId));
    const cases = await this.allCases();
    return { name: `ngo-return-${quarter.label.replace(/[^0-9A-Za-z]+/g, '-')}.csv`, csv: ngoCsv(countQuarter(cases, quarter)) };
  }

  private async allCases(): Promise<Case[]> {
    const cases: Case[] = [];
    // A raise interrupted before its concern was stored, and never retried, is not a case anyone can act on.
    for await (const c of this.deps.cases.all()) if (c.ready) cases.push(c);
    return cases;
  }
}
