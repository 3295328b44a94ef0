import { teamLeadCard, teamLeadsCard } from '../../src/people/lead.cards';
import { teamLeadsDetail } from '../../src/people/lead-views';
import type { LeadRecord, TeamLeadsView } from '../../src/people/team-leads';
import type { GalleryEntry } from './card-gallery';

const id = (n: number) => `00000000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`;
const WARD_7 = '19:ward7general@thread.tacv2';
const THEATRES = '19:theatresgeneral@thread.tacv2';

const lead = (teamId: string, n: number, name: string, left = false): LeadRecord => ({
  teamId,
  aadObjectId: id(n),
  name,
  namedBy: id(0),
  namedAt: '2026-12-01T09:00:00.000Z',
  ...(left ? { leftAt: '2026-12-05T09:00:00.000Z' } : {}),
  fromOwners: false,
});

const ward7Members = ['Wendy Ward', 'Priya Patel', 'Tom Okafor', 'Grace Guardian', 'Sam Staff', 'Aisha Khan'];

/** Who leads which team in the sample trust: what the roles card and the team-leads card show. */
export const sampleTeams: TeamLeadsView[] = [
  {
    teamId: THEATRES,
    name: 'Theatres',
    installed: true,
    leads: [],
  },
  {
    teamId: WARD_7,
    name: 'Ward 7',
    installed: true,
    leads: [
      { aadObjectId: id(1), name: 'Wendy Ward', left: false },
      { aadObjectId: id(9), name: 'Liam Lead', left: true },
    ],
  },
  {
    teamId: '19:ward9general@thread.tacv2',
    name: 'Ward 9',
    installed: true,
    leads: [{ aadObjectId: id(1), name: 'Wendy Ward', left: false }],
  },
  {
    teamId: '19:ward3general@thread.tacv2',
    name: 'Ward 3',
    installed: false,
    leads: [{ aadObjectId: id(10), name: 'Nora Nine', left: false }],
  },
];

/** The team-lead cards, with sample data. */
export function leadsGallery(): GalleryEntry[] {
  const ward7 = teamLeadsDetail(
    { teamId: WARD_7, name: 'Ward 7', installed: true },
    [lead(WARD_7, 1, 'Wendy Ward'), lead(WARD_7, 9, 'Liam Lead', true)],
    new Set([id(9)]),
    { members: ward7Members.map((name, i) => ({ aadObjectId: id(i + 1), name })), complete: true, listed: true },
  );
  const theatres = teamLeadsDetail({ teamId: THEATRES, name: 'Theatres', installed: true }, [], new Set(), {
    members: [
      { aadObjectId: id(20), name: 'Olga Owner', userRole: 'owner' },
      { aadObjectId: id(21), name: 'Otto Owner', userRole: 'owner' },
      { aadObjectId: id(22), name: 'Ben Scrub' },
    ],
    complete: true,
    listed: true,
  });
  return [
    {
      file: 'leads-teams',
      title: 'Team leads: choosing a team (admins, in 1:1 chat)',
      card: teamLeadsCard(sampleTeams),
    },
    {
      file: 'leads-team',
      title: 'Team leads of one team, named from its Teams roster (one lead has left the team)',
      card: teamLeadCard(ward7, { text: 'Done: Wendy Ward now leads Ward 7.', ok: true }),
    },
    {
      file: 'leads-team-owners',
      title: 'Team leads where the roster marks owners: taken in one step (Teams itself marks none)',
      card: teamLeadCard(theatres),
    },
  ];
}
