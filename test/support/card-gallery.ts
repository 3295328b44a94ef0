import { welcomeCard } from '../../src/delivery/welcome.cards';
import { helpCard, noteCard, rolesCard, channelChangeText } from '../../src/people/people.cards';
import { errorCard, problemCard } from '../../src/platform/teams/system.cards';

/** A card `npm run docs:cards` renders to docs/cards/<file>.png, with sample data. */
export interface GalleryEntry {
  /** File name without extension: 'welcome' → docs/cards/welcome.png */
  file: string;
  title: string;
  /** Adaptive Card JSON, schema 1.5 */
  card: Record<string, unknown>;
}

const people = [
  { aadObjectId: '00000000-0000-4000-8000-000000000001', name: 'Alex Admin' },
  { aadObjectId: '00000000-0000-4000-8000-000000000002', name: 'Grace Guardian' },
  { aadObjectId: '00000000-0000-4000-8000-000000000003', name: 'Evan Executive' },
  { aadObjectId: '00000000-0000-4000-8000-000000000004', name: 'Sam Staff' },
];

/** Every card the code can build, with sample data. Add a card here when you add it to src/. */
export function cardGallery(): GalleryEntry[] {
  return [
    { file: 'welcome', title: 'Welcome (sent on personal install)', card: welcomeCard() },
    { file: 'help-staff', title: 'Help, for a member of staff', card: helpCard(new Set()) },
    { file: 'help-admin', title: 'Help, for a survey admin', card: helpCard(new Set(['admin', 'guardian'] as const)) },
    {
      file: 'roles',
      title: 'Roles (admins, in 1:1 chat)',
      card: rolesCard(
        [
          { aadObjectId: people[0]!.aadObjectId, roles: ['admin', 'guardian', 'executive'], configAdmin: true },
          { aadObjectId: people[1]!.aadObjectId, roles: ['guardian'], configAdmin: false },
        ],
        people,
        { text: 'Granted: Freedom to Speak Up guardian.', ok: true },
      ),
    },
    { file: 'channel-registered', title: 'Channel registered (digest here)', card: noteCard(channelChangeText('registered', 'digest')) },
    { file: 'not-allowed', title: 'Refusal for someone without the role', card: noteCard(channelChangeText('not-allowed', 'guardians')) },
    { file: 'problem', title: 'A stale or tampered action', card: problemCard('That button is no longer in use', 'This card is out of date. Type "help" to see what you can do now.') },
    { file: 'error', title: 'Something went wrong (turn error)', card: errorCard('3f2b9c1e-8d4a-4b7e-9f10-2c6d5e4a1b08') },
  ];
}
