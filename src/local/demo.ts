import type { Role } from '../people';

/**
 * The people in .m365agentsplayground.yml and the roles they get in local mode, so a newcomer can try every
 * journey: Alex (the Playground's current user) holds every role; the others hold one each or none.
 */
export const DEMO_PEOPLE: readonly { name: string; aadObjectId: string; roles: readonly Role[] }[] = [
  {
    name: 'Alex Admin',
    aadObjectId: '00000000-0000-4000-8000-000000000001',
    roles: ['admin', 'guardian', 'executive'],
  },
  { name: 'Grace Guardian', aadObjectId: '00000000-0000-4000-8000-000000000002', roles: ['guardian'] },
  { name: 'Evan Executive', aadObjectId: '00000000-0000-4000-8000-000000000003', roles: ['executive'] },
  { name: 'Sam Staff', aadObjectId: '00000000-0000-4000-8000-000000000004', roles: [] },
];
