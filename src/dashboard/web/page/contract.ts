/**
 * What the dashboard's API sends the page (docs/dashboard.md): types only, shared by the views. The server is the
 * judge of who sees what; the page shows what it is given and never works a figure out for itself.
 */

export type DashboardView = 'organisation' | 'teams' | 'none';

export interface Me {
  readonly name: string;
  readonly view: DashboardView;
  readonly teams: readonly TeamRef[];
}

export interface TeamRef {
  readonly id: string;
  readonly name: string;
}

export interface SurveySummary {
  readonly id: string;
  readonly name: string;
  readonly waves: number;
  readonly latestClosedAt: string | null;
}

/** A measure as the heatmap and the trend name it; scale, unit and direction when the server gives them. */
export interface MeasureInfo {
  readonly key: string;
  readonly label: string;
  readonly scale?: 10 | 100;
  readonly unit?: string;
  readonly higherIsWorse?: boolean;
}

export interface TrendPoint {
  readonly waveId: string;
  readonly number: number;
  readonly closedAt: string;
  readonly responseRate: number | null;
  readonly measures: Readonly<Record<string, number | null>>;
}

export interface HeatCell {
  readonly measure: string;
  readonly value: number | null;
  /** Why a figure is not shown: every cell whose value is null has one. */
  readonly reason?: string;
}

/** The heatmap row of the whole organisation: never a team (team ids come from Teams, `19:…`), so never a link. */
export const ORGANISATION_ROW = 'organisation';

export type HeatmapBy = 'team' | 'staffGroup' | 'directorate';

export interface Heatmap {
  readonly by: HeatmapBy;
  readonly measures: readonly MeasureInfo[];
  readonly rows: readonly { readonly id: string; readonly label: string; readonly cells: readonly HeatCell[] }[];
}

export interface CommentGroup {
  readonly question: string;
  readonly items: readonly string[];
}

export interface ActionItem {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly due?: string;
  readonly team?: string;
}

export interface SurveyPage {
  readonly survey: { readonly id: string; readonly name: string };
  readonly trend: readonly TrendPoint[];
  readonly heatmap: Heatmap;
  readonly comments: readonly CommentGroup[];
  readonly actions: readonly ActionItem[];
}

/** One measure of a team's latest wave: the team's figure, the organisation's beside it, and why one is missing. */
export interface TeamFigure {
  readonly measure: string;
  readonly team: number | null;
  readonly organisation: number | null;
  readonly movement?: number | null;
  readonly reason?: string;
}

export interface TeamPage {
  readonly survey: { readonly id: string; readonly name: string };
  readonly team: TeamRef;
  readonly measures: readonly MeasureInfo[];
  /** The team's own trend; a wave in which the team was not shown has null figures and a reason. */
  readonly trend: readonly (TrendPoint & { readonly reason?: string })[];
  readonly latest: {
    readonly waveId: string;
    readonly number: number;
    readonly responseRate: number | null;
    readonly organisationResponseRate: number | null;
    readonly figures: readonly TeamFigure[];
    readonly reason?: string;
  } | null;
  readonly comments: readonly CommentGroup[];
  /** Why there are no comments to show, when there are none. */
  readonly commentsNote?: string;
  readonly actions: readonly ActionItem[];
}

export interface ExportLink {
  readonly url: string;
  readonly expiresAt: string;
}

export interface PageConfig {
  readonly mode: 'local' | 'azure';
  readonly clientId?: string;
  readonly tenantId?: string;
  readonly apiScope?: string;
}

export interface LocalPerson {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly string[];
}
