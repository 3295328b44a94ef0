import { randomBytes } from 'node:crypto';
import type { Clock } from '../platform/clock';
import { surveyIdOfWave } from '../surveys/survey';
import type { TableSurveyStore } from '../surveys/survey.store';
import { nqpsReturnCsv, resultCsv } from './export';
import type { TableExportStore } from './export.store';
import type { TableResultStore } from './result.store';
import type { ResultsService } from './results.service';

/** Links stay valid this long: long enough to click, short enough that a forwarded link soon stops working. */
const LINK_MINUTES = 15;

export type ExportOutcome =
  | { kind: 'not-allowed' }
  | { kind: 'no-results' }
  | { kind: 'links'; surveyName: string; waveNumber: number; links: { title: string; url: string }[]; expiresAt: string };

/** `export [survey or wave]`: download links for the suppressed aggregates of a survey's latest closed wave (never raw responses). */
export class ExportService {
  constructor(
    private readonly deps: { results: ResultsService; resultStore: TableResultStore; surveys: TableSurveyStore; exports: TableExportStore; clock: Clock; publicUrl: string },
  ) {}

  async createLinks(actor: string | undefined, query: string | undefined): Promise<ExportOutcome> {
    if (!(await this.deps.results.mayRead(actor))) return { kind: 'not-allowed' };
    // A wave id ("a1b2c3d4e5-w002") picks that wave; anything else names a survey, whose latest closed wave is used.
    const surveyId = query ? surveyIdOfWave(query.toLowerCase()) : undefined;
    const matched = (await this.deps.results.allResults(surveyId ?? query))[0];
    const wave = surveyId ? matched?.trend.find((r) => r.waveId === query!.toLowerCase()) : matched?.latest;
    if (!matched || !wave) return { kind: 'no-results' };
    const found = { survey: matched.survey, latest: wave };
    const expiresAt = new Date(this.deps.clock.now().getTime() + LINK_MINUTES * 60_000).toISOString();
    const make = async (kind: 'results' | 'nqps', title: string) => {
      const token = randomBytes(16).toString('hex');
      await this.deps.exports.create(token, { surveyId: found.survey.id, waveId: found.latest.waveId, kind, expiresAt }, actor!);
      return { title, url: `${this.deps.publicUrl.replace(/\/$/, '')}/downloads/${token}` };
    };
    const links = [await make('results', 'Download results (CSV)')];
    if (nqpsReturnCsv(found.latest, found.survey.questions)) links.push(await make('nqps', 'Download the NQPS return (CSV)'));
    return { kind: 'links', surveyName: found.survey.name, waveNumber: found.latest.waveNumber, links, expiresAt };
  }

  /** The file behind a link, if the link exists and has not expired. */
  async download(token: string): Promise<{ name: string; csv: string } | undefined> {
    if (!/^[0-9a-f]{32}$/.test(token)) return undefined;
    const link = await this.deps.exports.get(token);
    if (!link || link.expiresAt <= this.deps.clock.now().toISOString()) return undefined;
    if (link.kind === 'ngo') return undefined; // speak-up's own export, served by its service
    const [result, survey] = await Promise.all([this.deps.resultStore.get(link.surveyId, link.waveId), this.deps.surveys.get(link.surveyId)]);
    if (!result || !survey) return undefined;
    const csv = link.kind === 'nqps' ? nqpsReturnCsv(result, survey.questions) : resultCsv(result, survey.questions);
    return csv === undefined ? undefined : { name: `${link.waveId}-${link.kind}.csv`, csv };
  }
}
