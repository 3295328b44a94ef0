// The library's ES module build does not load under jest's CommonJS runtime; its UMD build does.
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');
import type { WaveFigures } from '../../src/results/aggregate';
import type { WaveResult } from '../../src/results/result';
import { unlinked } from '../../src/platform/cards';
import { ACTION_VERBS } from '../../src/actions/actions.cards';
import { digestCard } from '../../src/digest/digest.cards';
import { resultsCard } from '../../src/results/results.cards';
import type { SurveyResults } from '../../src/results/result';
import { CBI_WORK_BURNOUT, NQPS_ENGAGEMENT } from '../../src/surveys/authoring/templates';

const view = { k: 10, timeZone: 'Europe/London', maxComments: 3 };

function figures(directorates: number, engagement: number, burnout?: number): WaveFigures {
  const group = (people: number) => ({
    people,
    engagement,
    themes: { motivation: engagement, involvement: engagement - 1, advocacy: engagement + 0.5 },
    ...(burnout !== undefined ? { burnout, burnoutShare: 40 } : {}),
    favourable: {},
    means: {},
    choices: {},
    counts: {},
  });
  return {
    responses: 40 * directorates,
    showable: true,
    responseRate: 61.5,
    overall: group(40 * directorates),
    breakdowns: [
      {
        dimension: 'directorate',
        shown: Array.from({ length: directorates }, (_, i) => ({
          group: `Directorate number ${i + 1} of the trust`,
          ...group(40),
        })),
        hidden: ['Estates', 'Pharmacy'],
      },
      { dimension: 'staffGroup', shown: [{ group: 'Nursing and midwifery', ...group(200) }], hidden: [] },
    ],
    comments: {
      its3: Array.from({ length: 25 }, (_, i) =>
        `A comment of some length about staffing on nights number ${i}, with detail `.repeat(4),
      ),
    },
  };
}

const wave = (n: number, f: WaveFigures): WaveResult => ({
  surveyId: 'a1b2c3d4e5',
  waveId: `a1b2c3d4e5-w00${n}`,
  surveyName: 'Winter pulse',
  waveNumber: n,
  closedAt: `2026-1${n}-01T09:00:00Z`,
  computedAt: '',
  recipients: 100,
  figures: f,
});

function results(directorates: number): SurveyResults[] {
  const trend = [
    wave(0, figures(directorates, 6.1, 48)),
    wave(1, figures(directorates, 6.3, 51)),
    wave(2, figures(directorates, 6.9, 58)),
  ];
  return [
    {
      survey: {
        id: 'a1b2c3d4e5',
        name: 'Winter pulse',
        questions: [...NQPS_ENGAGEMENT.questions, ...CBI_WORK_BURNOUT.questions],
        commentsInDigest: true,
      },
      latest: trend[2]!,
      previous: trend[1],
      trend,
    },
  ];
}

/** Parses with the Adaptive Cards library as a 1.5 host would, returning every warning and error it reports. */
function parseProblems(json: unknown): string[] {
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const card = new AC.AdaptiveCard();
  card.parse(json, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const e of card.validateProperties().validationEvents) problems.push(e.message);
  return problems;
}

const walk = (node: unknown, visit: (n: Record<string, unknown>) => void) => {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Record<string, unknown>);
    Object.values(node).forEach((n) => walk(n, visit));
  }
};

describe('the weekly digest card', () => {
  it('stays under 28 KB with 40 directorates and three waves of trend', () => {
    const json = JSON.stringify(digestCard(results(40), { ...view, since: '2026-11-23T08:00:00Z' }));
    expect(Buffer.byteLength(json, 'utf8')).toBeLessThan(28 * 1024);
  });

  it('gives every chart a fallback that a 1.5 renderer understands', () => {
    const card = digestCard(results(5), { ...view, since: '2026-11-23T08:00:00Z' });
    const charts: Record<string, unknown>[] = [];
    walk(card, (n) => typeof n.type === 'string' && n.type.startsWith('Chart.') && charts.push(n));
    expect(charts.length).toBeGreaterThan(0);
    for (const c of charts) expect(c.fallback).toMatchObject({ type: 'FactSet' });
  });

  it('is valid Adaptive Card 1.5 once charts fall back: no parser warnings', () => {
    const card = digestCard(results(5), { ...view, since: '2026-11-23T08:00:00Z' });
    // A 1.5 host without chart support renders each chart's fallback: parse the card as that host sees it.
    const asHostSeesIt = JSON.parse(JSON.stringify(card), (_k, v) =>
      v && typeof v === 'object' && String(v.type ?? '').startsWith('Chart.') ? v.fallback : v,
    );
    expect(parseProblems(asHostSeesIt)).toEqual([]);
    // And as Teams sees it, with charts known: a chart element registered like Teams' own, nothing else unknown.
    class Chart extends AC.CardElement {
      getJsonTypeName() {
        return 'Chart.Line';
      }
      protected internalRender() {
        return undefined;
      }
    }
    AC.GlobalRegistry.elements.register('Chart.Line', Chart, AC.Versions.v1_5);
    try {
      expect(parseProblems(card)).toEqual([]);
      expect(parseProblems(resultsCard(results(5), view, { respond: ACTION_VERBS.form }))).toEqual([]);
    } finally {
      AC.GlobalRegistry.elements.unregister('Chart.Line');
    }
  });

  it('calls out notable movements and changes since the previous wave', () => {
    const text = JSON.stringify(digestCard(results(3), { ...view, since: '2026-11-23T08:00:00Z' }));
    expect(text).toContain('Engagement up from 6.3/10 to 6.9/10');
    expect(text).toContain('Work-related burnout up from 51/100 to 58/100: worth a closer look');
    expect(text).toContain('(+0.6 since wave 1)');
    expect(text).toContain('2 more groups');
  });

  it('says in one line when nothing closed since the last digest', () => {
    const card = digestCard([], { ...view, since: '2026-11-23T08:00:00Z' });
    expect(card.body).toHaveLength(1);
    expect(JSON.stringify(card)).toContain('no new survey results since the last digest');
  });

  it('shows speak-up counts for the last completed quarter, with 1 and 2 as "fewer than 3"', () => {
    const speakUp = {
      quarter: '2026/27 Q3',
      months: 'October to December',
      rows: [
        { label: 'Cases raised', count: 7 },
        { label: 'Bullying or harassment', count: 2 },
        { label: 'Other', count: 0 },
      ],
    };
    const card = digestCard(results(3), { ...view, since: '2026-11-23T08:00:00Z', speakUp });
    const facts: { title: string; value: string }[] = [];
    walk(
      card,
      (n) =>
        n.type === 'FactSet' && JSON.stringify(n).includes('Cases raised') && facts.push(...(n.facts as typeof facts)),
    );
    expect(facts).toEqual([
      { title: 'Cases raised', value: '7' },
      { title: 'Bullying or harassment', value: 'fewer than 3' },
      { title: 'Other', value: '0' },
    ]);
    expect(JSON.stringify(digestCard([], { ...view, since: '2026-11-23T08:00:00Z', speakUp }))).toContain(
      'Freedom to Speak Up, 2026/27 Q3 (October to December)',
    );
  });
});

describe('comments in the digest', () => {
  it('are shown inert: a RichTextBlock TextRun (never Markdown) with every address broken', () => {
    const comment = '**bold** [click](https://evil.example) https://x.example';
    const r = results(1);
    const latest = { ...r[0]!.latest, figures: { ...r[0]!.latest.figures, comments: { its3: [comment] } } };
    const card = digestCard([{ ...r[0]!, latest }], { ...view, since: '2026-11-23T08:00:00Z' });
    const runs: Record<string, unknown>[] = [];
    walk(card, (n) => n.type === 'TextRun' && runs.push(n));
    expect(runs).toEqual([
      {
        type: 'TextRun',
        text: '“**bold** [click](https:/\u200B/evil.\u200Bexample) https:/\u200B/x.\u200Bexample”',
        isSubtle: true,
      },
    ]);
    const json = JSON.stringify(card);
    expect(json).not.toMatch(/https:\/\/|evil\.example|x\.example/);
    const textBlocks: string[] = [];
    walk(card, (n) => (n.type === 'TextBlock' || n.type === 'FactSet') && textBlocks.push(JSON.stringify(n)));
    expect(textBlocks.join()).not.toContain('**bold**');
  });

  it('breaks www. and bare domains too, and leaves ordinary text alone', () => {
    const text = (t: string) => unlinked(t).replace(/\u200B/g, '|');
    expect(text('see www.nhs.uk or nhs.uk/jobs')).toBe('see www|.nhs.|uk or nhs.|uk/jobs');
    expect(text('ftp://files.example.com')).toBe('ftp:/|/files.|example.|com');
    expect(text('Rotas 3.5 weeks ahead, e.g. on ward 7.')).toBe('Rotas 3.5 weeks ahead, e.g. on ward 7.');
  });
});
