import type { DownloadLinkService, DownloadOffering } from '../downloads';
import { surveyIdOfWave, type Survey, type SurveyCatalogue } from '../surveys';
import { nqpsReturnCsv, resultCsv } from './export';
import type { WaveResult } from './result';
import type { TableResultStore } from './result.store';
import type { ResultsService } from './results.service';
import type { TeamResultsService } from './team-access.service';

export type ExportOutcome =
  | { kind: 'not-allowed' }
  | { kind: 'no-results' }
  | {
      kind: 'links';
      surveyName: string;
      waveNumber: number;
      links: { title: string; url: string }[];
      expiresAt: string;
    };

/** `export [survey or wave]`: download links for the suppressed aggregates of a survey's latest closed wave (never raw responses). */
export class ExportService {
  constructor(
    private readonly deps: {
      results: ResultsService;
      resultStore: TableResultStore;
      surveys: SurveyCatalogue;
      links: DownloadLinkService;
      /** The wave's teams, by name, as the executives' table lists them. */
      teams: Pick<TeamResultsService, 'tableOf'>;
    },
  ) {}

  async createLinks(actor: string | undefined, query: string | undefined): Promise<ExportOutcome> {
    if (!(await this.deps.results.mayRead(actor))) return { kind: 'not-allowed' };
    // A wave id ("a1b2c3d4e5-w002") picks that wave; anything else names a survey, whose latest closed wave is used.
    const surveyId = query ? surveyIdOfWave(query.toLowerCase()) : undefined;
    const matched = (await this.deps.results.allResults(surveyId ?? query))[0];
    const wave = surveyId ? matched?.trend.find((r) => r.waveId === query!.toLowerCase()) : matched?.latest;
    if (!matched || !wave) return { kind: 'no-results' };
    return this.linksFor(actor!, matched.survey, wave);
  }

  /** The same links for one stored wave result (the dashboard's download button reads stored results only). */
  async createLinksFor(
    actor: string | undefined,
    survey: Pick<Survey, 'name' | 'questions'>,
    result: WaveResult,
  ): Promise<ExportOutcome> {
    if (!(await this.deps.results.mayRead(actor))) return { kind: 'not-allowed' };
    return this.linksFor(actor!, survey, result);
  }

  private async linksFor(
    actor: string,
    survey: Pick<Survey, 'name' | 'questions'>,
    result: WaveResult,
  ): Promise<ExportOutcome> {
    const make = async (kind: 'results' | 'nqps', title: string) => ({
      title,
      ...(await this.deps.links.createLink({ kind, subject: result.waveId }, actor)),
    });
    const links = [await make('results', 'Download results (CSV)')];
    if (nqpsReturnCsv(result, survey.questions)) links.push(await make('nqps', 'Download the NQPS return (CSV)'));
    return {
      kind: 'links',
      surveyName: survey.name,
      waveNumber: result.waveNumber,
      links: links.map(({ title, url }) => ({ title, url })),
      expiresAt: links[0]!.expiresAt,
    };
  }

  /**
   * What results offers for download: a link's subject is the wave id (its survey is recoverable from it). The person
   * who asked must still be allowed to read results, and each download is audited as `export.download`.
   */
  readonly offering: DownloadOffering = {
    kinds: ['results', 'nqps'],
    action: 'export.download',
    mayDownload: (owner) => this.deps.results.mayRead(owner),
    target: (link) => link.subject,
    file: async (link) => {
      const surveyId = surveyIdOfWave(link.subject);
      if (!surveyId) return undefined;
      const [result, survey] = await Promise.all([
        this.deps.resultStore.get(surveyId, link.subject),
        this.deps.surveys.get(surveyId),
      ]);
      if (!result || !survey) return undefined;
      const csv =
        link.kind === 'nqps'
          ? nqpsReturnCsv(result, survey.questions)
          : resultCsv(result, survey.questions, await this.deps.teams.tableOf(result));
      return csv === undefined ? undefined : { name: `${link.subject}-${link.kind}.csv`, csv };
    },
  };
}
