import {
  canMove,
  checkActionForm,
  dueOrOverdue,
  quotesComment,
  sinceLastTimeLine,
  type Action,
} from '../../src/actions/action';

const action = (o: Partial<Action>): Action => ({
  id: 'a1',
  surveyId: 's',
  surveyName: 'Pulse',
  waveId: 'w',
  waveNumber: 1,
  heard: 'We heard',
  plan: 'We will',
  owner: 'Team',
  targetMonth: '2026-11',
  status: 'planned',
  createdBy: 'x',
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
  etag: '',
  ...o,
});

describe('action rules', () => {
  it('finds a comment quoted whole or six words in a row, whatever the case and punctuation, but not a shared word or two', () => {
    const comments = ['The rota comes out far too late for anyone to plan childcare', 'More breaks'];
    expect(quotesComment('"the rota comes out FAR too late, for anyone to plan childcare."', comments)).toBe(true);
    expect(quotesComment('You said the rota comes out far too late', comments)).toBe(true);
    expect(quotesComment('Rotas are published late', comments)).toBe(false);
    expect(quotesComment('You asked for more breaks', comments)).toBe(false); // a two-word comment is anyone's words
    expect(quotesComment('', comments)).toBe(false);
  });

  it('moves status forward only, and drops only with a reason', () => {
    expect(canMove('planned', 'in-progress')).toBe(true);
    expect(canMove('in-progress', 'planned')).toBe(false);
    expect(canMove('done', 'dropped')).toBe(false);
    const form = {
      heard: 'h',
      plan: 'p',
      owner: 'o',
      targetMonth: '2027-02',
      status: 'dropped',
    };
    expect(checkActionForm(form, { comments: [] })).toEqual({
      ok: false,
      problems: ['Dropping an action needs a reason: staff will see it.'],
    });
    expect(checkActionForm({ ...form, droppedReason: ' No budget ' }, { comments: [] })).toMatchObject({
      ok: true,
      fields: { droppedReason: 'No budget' },
    });
  });

  it('lists open actions due this month or earlier, oldest first', () => {
    const due = dueOrOverdue(
      [
        action({ id: 'a', targetMonth: '2026-12' }),
        action({ id: 'b', targetMonth: '2026-10' }),
        action({ id: 'c', targetMonth: '2027-01' }),
        action({ id: 'd', targetMonth: '2026-09', status: 'done' }),
      ],
      '2026-12',
    );
    expect(due.map((a) => a.id)).toEqual(['b', 'a']);
  });

  it('writes the next wave’s line from the latest wave’s published actions only, dropped ones left out', () => {
    expect(sinceLastTimeLine([action({})])).toBeUndefined(); // not published
    const line = sinceLastTimeLine([
      action({
        id: 'old',
        waveNumber: 1,
        heard: 'Old news',
        publishedAt: '2026-10-01T00:00:00Z',
      }),
      action({
        id: 'new',
        waveNumber: 2,
        heard: 'Rotas come out late.',
        plan: 'Rotas six weeks ahead',
        status: 'in-progress',
        publishedAt: '2026-11-02T00:00:00Z',
      }),
      action({
        id: 'gone',
        waveNumber: 2,
        status: 'dropped',
        publishedAt: '2026-11-03T00:00:00Z',
      }),
    ]);
    expect(line).toBe('Last time you told us rotas come out late. Since then: rotas six weeks ahead (in progress).');
    expect(
      sinceLastTimeLine([action({ heard: 'x'.repeat(400), publishedAt: '2026-11-02T00:00:00Z' })])!.length,
    ).toBeLessThanOrEqual(300);
  });

  it('opens a team’s card with the organisation’s line and the team’s own, and never another team’s', () => {
    const ward7 = { id: '19:ward7@thread.tacv2', name: 'Ward 7' };
    const ward9 = { id: '19:ward9@thread.tacv2', name: 'Ward 9' };
    const published = { publishedAt: '2026-11-02T00:00:00Z' };
    const actions = [
      action({ id: 'org', heard: 'Rotas come out late', plan: 'Rotas six weeks ahead', ...published }),
      action({ id: 'w7', team: ward7, heard: 'Handovers run over', plan: 'A 15-minute handover slot', ...published }),
      action({
        id: 'w9',
        team: ward9,
        heard: 'The drugs room is too small',
        plan: 'A second drugs room',
        ...published,
      }),
    ];
    const organisation = 'Last time you told us rotas come out late. Since then: rotas six weeks ahead (planned).';
    expect(sinceLastTimeLine(actions)).toBe(organisation);
    expect(sinceLastTimeLine(actions, ward7.id)).toBe(
      `${organisation}\n\nWard 7: last time you told us handovers run over. Since then: a 15-minute handover slot (planned).`,
    );
    expect(sinceLastTimeLine(actions, ward9.id)).not.toContain('handover');
    // A team asked through but with no actions of its own: the organisation's line only; none at all: nothing.
    expect(sinceLastTimeLine(actions, '19:theatres@thread.tacv2')).toBe(organisation);
    expect(sinceLastTimeLine(actions.slice(1))).toBeUndefined();
    expect(sinceLastTimeLine(actions.slice(1), ward7.id)).toMatch(/^Ward 7: last time you told us handovers/);
  });
});
