import { actionItems, type ActionSection } from '../../src/dashboard/action-items';

/** Actions as the dashboard lists them, from the sections of actions' own overview (who sees which is actions' rule). */
describe("the dashboard's actions", () => {
  const ward7 = { id: '19:ward7@thread.tacv2', name: 'Ward 7' };
  const action = (id: string, plan: string, team?: typeof ward7) => ({
    id,
    plan,
    status: 'in-progress',
    targetMonth: '2027-03',
    ...(team ? { team } : {}),
  });
  const sections: ActionSection[] = [
    { surveyId: 'a1b2c3d4e5', actions: [action('a1', 'More staff on nights')] },
    { surveyId: 'a1b2c3d4e5', team: ward7, actions: [action('a2', 'Handovers on time', ward7)] },
    { surveyId: 'ffffffffff', actions: [action('a3', 'Another survey')] },
  ];

  it("lists a survey's actions, the organisation's and each team's (named), each once", () => {
    expect(actionItems([...sections, sections[1]!], 'a1b2c3d4e5')).toEqual([
      { id: 'a1', title: 'More staff on nights', status: 'in-progress', due: '2027-03' },
      { id: 'a2', title: 'Handovers on time', status: 'in-progress', due: '2027-03', team: 'Ward 7' },
    ]);
  });

  it("lists only one team's actions on that team's page", () => {
    expect(actionItems(sections, 'a1b2c3d4e5', ward7.id).map((a) => a.id)).toEqual(['a2']);
    expect(actionItems(sections, 'a1b2c3d4e5', '19:ward9@thread.tacv2')).toEqual([]);
  });
});
