/**
 * The dashboard API's answers for a small trust, as docs/dashboard.md sets them out: one survey with three closed
 * waves and six teams, one team with fewer than 5 answers and one withheld so a smaller group cannot be worked out.
 * The browser tests, screenshots and page bench serve these from fixture-server.ts, so the page is tested against the
 * contract itself; the server's own tests hold the server to the same contract.
 */

export const MEASURES = [
  { key: 'engagement', label: 'Engagement', scale: 10, unit: '/10' },
  { key: 'motivation', label: 'Motivation', scale: 10, unit: '/10' },
  { key: 'involvement', label: 'Involvement', scale: 10, unit: '/10' },
  { key: 'advocacy', label: 'Advocacy', scale: 10, unit: '/10' },
  { key: 'burnout', label: 'Work-related burnout', scale: 100, unit: '/100', higherIsWorse: true },
  // A custom question's measure: a long name, as leaders write them.
  {
    key: 'safe',
    label: '% favourable: I feel safe to speak up about anything that concerns me.',
    scale: 100,
    unit: '%',
  },
] as const;

// The server's words (src/dashboard), which the page shows as sentences.
export const FEWER_THAN_K = 'fewer than 5 answered';
export const WITHHELD = 'withheld so a smaller group cannot be worked out';

type Figures = Record<string, number | null>;
const figures = (engagement: number, motivation: number, involvement: number, advocacy: number, burnout: number) => ({
  engagement,
  motivation,
  involvement,
  advocacy,
  burnout,
  safe: Math.round(engagement * 9),
});
const hidden = (): Figures => Object.fromEntries(MEASURES.map((m) => [m.key, null]));

export const SURVEY = { id: 'pulse-2026', name: 'Quarterly staff pulse' };
const WAVES = [
  { waveId: 'w1', number: 1, closedAt: '2026-04-14T17:00:00.000Z', responseRate: 41 },
  { waveId: 'w2', number: 2, closedAt: '2026-07-14T17:00:00.000Z', responseRate: 47 },
  { waveId: 'w3', number: 3, closedAt: '2026-10-13T17:00:00.000Z', responseRate: 52 },
];
const ORGANISATION = [
  figures(6.6, 6.9, 6.2, 6.8, 41),
  figures(6.8, 7.0, 6.4, 6.9, 39),
  figures(7.1, 7.2, 6.7, 7.0, 36),
];

interface FixtureTeam {
  readonly id: string;
  readonly name: string;
  /** Each wave's figures, or why the team was not shown then. */
  readonly waves: readonly (Figures | string)[];
  readonly rates: readonly (number | null)[];
}

export const TEAMS: readonly FixtureTeam[] = [
  {
    id: 'team-ward-1',
    name: 'Ward 1 (Acute medicine)',
    waves: [figures(6.1, 6.5, 5.8, 6.2, 48), figures(6.0, 6.4, 5.6, 6.1, 51), figures(6.2, 6.6, 5.9, 6.3, 49)],
    rates: [38, 44, 46],
  },
  {
    id: 'team-ward-2',
    name: 'Ward 2 (Surgery)',
    waves: [figures(6.9, 7.1, 6.6, 7.0, 37), figures(7.1, 7.3, 6.8, 7.2, 35), figures(7.4, 7.5, 7.0, 7.4, 31)],
    rates: [45, 49, 55],
  },
  {
    id: 'team-ward-3',
    name: 'Ward 3 (Older people)',
    waves: [figures(6.4, 6.7, 6.0, 6.5, 44), FEWER_THAN_K, figures(7.0, 7.1, 6.9, 6.8, 38)],
    rates: [36, null, 50],
  },
  {
    id: 'team-maternity',
    name: 'Maternity',
    waves: [figures(6.8, 7.0, 6.5, 7.1, 40), figures(6.9, 7.0, 6.6, 7.2, 38), figures(7.6, 7.7, 7.3, 7.8, 30)],
    rates: [52, 55, 61],
  },
  { id: 'team-pharmacy', name: 'Pharmacy', waves: [WITHHELD, WITHHELD, WITHHELD], rates: [null, null, null] },
  { id: 'team-estates', name: 'Estates', waves: [FEWER_THAN_K, FEWER_THAN_K, FEWER_THAN_K], rates: [null, null, null] },
];

/** The demo people of the fixture: an executive, a lead of one team and a member of staff. */
export const PEOPLE = [
  { id: 'evan', name: 'Evan Executive', roles: ['executive'], view: 'organisation', teams: [] as string[] },
  { id: 'lena', name: 'Lena Lead', roles: ['team lead'], view: 'teams', teams: ['team-ward-3'] },
  { id: 'sam', name: 'Sam Staff', roles: [], view: 'none', teams: [] as string[] },
] as const;

export type FixturePerson = (typeof PEOPLE)[number];

export const COMMENT_QUESTION = 'What one thing would make the biggest difference to your working day?';
/** The last comment is markup on purpose: the page must show it as text. */
export const COMMENTS = [
  'Protected breaks that actually happen, even on busy shifts.',
  'More say in how the rota is put together.',
  'Fix the computers on the ward so handover does not run late.',
  '<img src=x onerror="document.title=\'pwned\'"> would be nice to have working equipment',
];

const ACTIONS = [
  {
    id: 'a1',
    title: 'Protected breaks on every shift',
    status: 'In progress',
    due: '2026-12-31',
    team: 'Ward 3 (Older people)',
  },
  { id: 'a2', title: 'Self-rostering pilot', status: 'Planned', due: '2027-02-28', team: 'Ward 1 (Acute medicine)' },
  { id: 'a3', title: 'Replace ward workstations', status: 'Done' },
];

export function me(person: FixturePerson) {
  return {
    name: person.name,
    view: person.view,
    teams: TEAMS.filter((t) => (person.teams as readonly string[]).includes(t.id)).map(({ id, name }) => ({
      id,
      name,
    })),
  };
}

export function surveys() {
  return [{ id: SURVEY.id, name: SURVEY.name, waves: WAVES.length, latestClosedAt: WAVES[2]!.closedAt }];
}

const cellsOf = (wave: Figures | string) =>
  MEASURES.map((m) =>
    typeof wave === 'string' ? { measure: m.key, value: null, reason: wave } : { measure: m.key, value: wave[m.key] },
  );

function heatmapRows(by: string, person: FixturePerson) {
  // First, as the server puts it; never a link.
  const organisation = { id: 'organisation', label: 'Whole organisation', cells: cellsOf(ORGANISATION[2]!) };
  if (by === 'staffGroup')
    return [
      organisation,
      { id: 'nursing', label: 'Nursing and midwifery', cells: cellsOf(figures(6.9, 7.0, 6.5, 6.9, 39)) },
      { id: 'medical', label: 'Medical and dental', cells: cellsOf(figures(7.3, 7.4, 6.9, 7.2, 33)) },
      { id: 'ahp', label: 'Allied health professionals', cells: cellsOf(figures(7.2, 7.3, 6.8, 7.1, 34)) },
      { id: 'admin', label: 'Administrative and clerical', cells: cellsOf(WITHHELD) },
    ];
  if (by === 'directorate')
    return [
      organisation,
      { id: 'medicine', label: 'Medicine', cells: cellsOf(figures(6.7, 6.9, 6.3, 6.6, 42)) },
      { id: 'surgery', label: 'Surgery', cells: cellsOf(figures(7.3, 7.4, 7.0, 7.3, 32)) },
      { id: 'womens', label: "Women's and children's", cells: cellsOf(figures(7.5, 7.6, 7.2, 7.7, 31)) },
      { id: 'corporate', label: 'Corporate services', cells: cellsOf(FEWER_THAN_K) },
    ];
  const teams = TEAMS.filter(
    (t) => person.view === 'organisation' || (person.teams as readonly string[]).includes(t.id),
  );
  return [organisation, ...teams.map((t) => ({ id: t.id, label: t.name, cells: cellsOf(t.waves[2]!) }))];
}

export function surveyPage(person: FixturePerson, by: string) {
  const rowsBy = person.view === 'organisation' && (by === 'staffGroup' || by === 'directorate') ? by : 'team';
  const mine = TEAMS.filter((t) => (person.teams as readonly string[]).includes(t.id)).map((t) => t.name);
  return {
    survey: SURVEY,
    trend: WAVES.map((w, i) => ({ ...w, measures: ORGANISATION[i]! })),
    heatmap: { by: rowsBy, measures: MEASURES, rows: heatmapRows(rowsBy, person) },
    comments: [{ question: COMMENT_QUESTION, items: COMMENTS }],
    actions: person.view === 'organisation' ? ACTIONS : ACTIONS.filter((a) => a.team && mine.includes(a.team)),
  };
}

export function teamPage(teamId: string) {
  const team = TEAMS.find((t) => t.id === teamId);
  if (!team) return undefined;
  const last = team.waves[2]!;
  const before = team.waves[1]!;
  const shownLast = typeof last === 'string' ? undefined : last;
  const shownBefore = typeof before === 'string' ? undefined : before;
  return {
    survey: SURVEY,
    team: { id: team.id, name: team.name },
    measures: MEASURES,
    trend: WAVES.map((w, i) => {
      const wave = team.waves[i]!;
      const base = { ...w, responseRate: team.rates[i] ?? null };
      return typeof wave === 'string' ? { ...base, measures: hidden(), reason: wave } : { ...base, measures: wave };
    }),
    latest: {
      waveId: 'w3',
      number: 3,
      responseRate: team.rates[2] ?? null,
      organisationResponseRate: WAVES[2]!.responseRate,
      figures: shownLast
        ? MEASURES.map((m) => ({
            measure: m.key,
            team: shownLast[m.key] ?? null,
            organisation: ORGANISATION[2]![m.key] ?? null,
            movement: shownBefore ? (shownLast[m.key] ?? 0) - (shownBefore[m.key] ?? 0) : null,
          }))
        : [],
      ...(typeof last === 'string' ? { reason: `${last}: this team's figures are not shown for wave 3.` } : {}),
    },
    comments: shownLast ? [{ question: COMMENT_QUESTION, items: COMMENTS.slice(0, 3) }] : [],
    ...(shownLast ? {} : { commentsNote: 'No comments can be shown: too few people in this team wrote one.' }),
    actions: ACTIONS.filter((a) => a.team === team.name),
  };
}
