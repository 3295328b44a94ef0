import { randomUUID } from 'node:crypto';
import { LISTED_TEAMS, TEAM_CHOICES, teamLeadCard, teamLeadsCard } from '../../src/people/lead.cards';
import { MEMBER_CHOICES, teamLeadsDetail } from '../../src/people/lead-views';
import { PICKER_LIMIT, rolesCard } from '../../src/people/people.cards';
import type { TeamLeadsView } from '../../src/people/team-leads';
import { cardText } from '../support/harness';

const bytes = (card: unknown) => Buffer.byteLength(JSON.stringify(card), 'utf8');
const longName = (i: number) => `Person ${String(i).padStart(4, '0')} with a long double-barrelled name`;
const teamId = () => `19:${randomUUID().replace(/-/g, '')}@thread.tacv2`;

/** A trust with the app in 300 teams, 200 of them led by two people each. */
const trust: TeamLeadsView[] = Array.from({ length: 300 }, (_, i) => ({
  teamId: teamId(),
  name: `Ward ${i} – Elderly care and rehabilitation, Northtown General`,
  installed: true,
  leads: i < 200 ? [0, 1].map((j) => ({ aadObjectId: randomUUID(), name: longName(i * 2 + j), left: false })) : [],
}));

describe('the team-lead cards stay under Teams’ size limit in a large trust', () => {
  it(`lists ${LISTED_TEAMS} led teams on the roles card beside ${PICKER_LIMIT} people, and says how many more`, () => {
    const people = Array.from({ length: 3000 }, (_, i) => ({ aadObjectId: randomUUID(), name: longName(i) }));
    const card = rolesCard([], people, undefined, trust) as any;
    const facts = card.body.filter((b: any) => b.type === 'FactSet').at(-1).facts;
    expect(facts).toHaveLength(LISTED_TEAMS);
    expect(cardText(card)).toContain('…and 160 more teams with leads. 100 teams have no lead yet.');
    expect(bytes(card)).toBeLessThan(28_000);
  });

  it(`offers ${TEAM_CHOICES} teams to choose from, and part of a name for any other`, () => {
    const card = teamLeadsCard(trust) as any;
    const picker = card.body.find((b: any) => b.id === 'team');
    expect(picker.choices).toHaveLength(TEAM_CHOICES);
    expect(picker.isRequired).toBe(false);
    expect(card.body.some((b: any) => b.id === 'find')).toBe(true);
    expect(cardText(card)).toContain('The list shows the first 150 of 300 teams, by name.');
    expect(bytes(card)).toBeLessThan(28_000);
  });

  it('asks for no name where every team is in the list', () => {
    const card = teamLeadsCard(trust.slice(0, 20)) as any;
    expect(card.body.find((b: any) => b.id === 'team').isRequired).toBe(true);
    expect(card.body.some((b: any) => b.id === 'find')).toBe(false);
  });

  it(`offers ${MEMBER_CHOICES} members of a large team, and an email address for anyone else`, () => {
    const members = Array.from({ length: 1000 }, (_, i) => ({ aadObjectId: randomUUID(), name: longName(i) }));
    const rows = members.slice(0, 5).map((m) => ({ ...m, teamId: 't', namedBy: 'x', namedAt: '', fromOwners: false }));
    const detail = teamLeadsDetail(
      { teamId: trust[0]!.teamId, name: trust[0]!.name, installed: true },
      rows,
      new Set(),
      {
        members,
        complete: false,
        listed: true,
      },
    );
    const card = teamLeadCard(detail) as any;
    const picker = card.body.find((b: any) => b.id === 'person');
    expect(picker.choices).toHaveLength(MEMBER_CHOICES);
    expect(picker.isRequired).toBe(false);
    expect(card.body.some((b: any) => b.id === 'email')).toBe(true);
    expect(bytes(card)).toBeLessThan(28_000);
  });
});

describe('names from Teams are shown as text, never as template', () => {
  it('keeps a name that looks like a template expression as it is', () => {
    const detail = teamLeadsDetail(
      { teamId: '19:t@thread.tacv2', name: '${title} team', installed: true },
      [
        {
          teamId: '19:t@thread.tacv2',
          aadObjectId: randomUUID(),
          name: '${leads}',
          namedBy: '',
          namedAt: '',
          fromOwners: false,
        },
      ],
      new Set(),
      { members: [{ aadObjectId: randomUUID(), name: '${$root.teamId}' }], complete: true, listed: true },
    );
    const text = cardText(teamLeadCard(detail));
    expect(text).toContain('Team leads: ${title} team');
    expect(text).toContain('${leads}');
    expect(text).toContain('${$root.teamId}');
  });
});
