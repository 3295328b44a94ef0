/** An action ("you said, we did") as the dashboard lists it. */
export interface ActionItem {
  readonly id: string;
  /** What we will do. */
  readonly title: string;
  readonly status: string;
  /** The target month (YYYY-MM). */
  readonly due?: string;
  /** The team it answers, by name; absent for the organisation's. */
  readonly team?: string;
}

/** What the dashboard reads of an action: the fields it lists, and the team it answers, where actions give one. */
interface ActionShown {
  readonly id: string;
  readonly plan: string;
  readonly status: string;
  readonly targetMonth?: string;
  readonly team?: { readonly id: string; readonly name: string };
}

/** A section of actions' overview: one survey's actions, for the organisation or for one team. */
export interface ActionSection {
  readonly surveyId: string;
  readonly team?: { readonly id: string; readonly name: string };
  readonly actions: readonly ActionShown[];
}

/**
 * What the dashboard reads of actions: their own overview, which applies their own rules of who sees which actions
 * (the organisation's for executives and admins, a team's for its leads), so the dashboard shows what `actions`
 * shows the same person in chat, and nothing more.
 */
export interface ActionsReader {
  overview(
    actor: string | undefined,
    query?: string,
  ): Promise<{ readonly kind: 'not-allowed' } | { readonly kind: 'list'; readonly surveys: readonly ActionSection[] }>;
}

/** A survey's actions from the overview's sections (one team's only, when `team` is given), each once. */
export function actionItems(sections: readonly ActionSection[], surveyId: string, team?: string): ActionItem[] {
  const seen = new Map<string, ActionItem>();
  for (const section of sections.filter((s) => s.surveyId === surveyId))
    for (const a of section.actions) {
      const answers = a.team ?? section.team;
      if (team !== undefined && answers?.id !== team) continue;
      seen.set(a.id, {
        id: a.id,
        title: a.plan,
        status: a.status,
        ...(a.targetMonth ? { due: a.targetMonth } : {}),
        ...(answers ? { team: answers.name } : {}),
      });
    }
  return [...seen.values()];
}
