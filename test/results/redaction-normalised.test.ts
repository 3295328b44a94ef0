import fc from 'fast-check';
import { redactComment } from '../../src/results/redaction';

// Invisible format characters (Unicode Cf) someone might type, paste or hide inside a name, an email or a number.
const ZWSP = '\u200B';
const ZWJ = '\u200D';
const SOFT_HYPHEN = '\u00AD';
const RLM = '\u200F';
const WORD_JOINER = '\u2060';

describe('redaction reads text normalised: format characters and compatibility forms hide nothing', () => {
  it.each([
    [`Dr Pa${ZWSP}tel shouted at me`, 'Dr [name] shouted at me'],
    [`Sister${WORD_JOINER} Mary Jo${ZWJ}nes is great`, 'Sister [name] is great'],
    [`email jo${ZWSP}.bloggs@nh${SOFT_HYPHEN}s.net please`, 'email [email] please'],
    [`email ${RLM}jo.bloggs@${ZWJ}nhs.net`, `email ${RLM}[email]`],
    [`call 07700${SOFT_HYPHEN}900123 tonight`, 'call [phone] tonight'],
    ['call ０７７００ ９００１２３', 'call [phone]'],
    ['patient ９４３ ４７６ ５９１９ was left', 'patient [NHS number] was left'],
    [`patient 943${ZWSP}476${SOFT_HYPHEN}5919 was left`, 'patient [NHS number] was left'],
    ['thanks to ＠Priya Shah for covering', 'thanks to [name] for covering'],
    ['ask Ｄｒ Ｐａｔｅｌ', 'ask Dr [name]'],
  ])('redacts %j', (input, expected) => {
    expect(redactComment(input)).toBe(expected);
  });

  it.each([
    'Our ward team 👩‍⚕️👨‍👩‍👧 is brilliant… ﬁne by me',
    'Ａ great ｔｅａｍ on nights ①',
    `a right-to-left mark ${RLM} and a soft${SOFT_HYPHEN}hyphen stay where nothing is redacted`,
    'England 🏴󠁧󠁢󠁥󠁮󠁧󠁿 and café (e\u0301) as typed',
  ])('leaves a comment with nothing to redact exactly as written: %j', (input) => {
    expect(redactComment(input)).toBe(input);
  });

  it('finds the same things with format characters sprinkled anywhere as without them', () => {
    const pieces = fc.constantFrom(
      'Dr Patel',
      'Sister Mary Jones',
      'jo.bloggs@nhs.net',
      '07700 900123',
      '+44 7700 900123',
      '943 476 5919',
      '@Priya Shah',
      'the nurse on nights',
      'was kind',
      'and',
      '👩‍⚕️',
      ',',
    );
    const format = fc.constantFrom(ZWSP, ZWJ, SOFT_HYPHEN, RLM, WORD_JOINER, '\u200C', '\u202E', '\uFEFF');
    fc.assert(
      fc.property(
        fc.array(pieces, { minLength: 1, maxLength: 8 }),
        fc.array(fc.tuple(fc.nat(), format), { maxLength: 6 }),
        (words, inserts) => {
          const plain = words.join(' and '); // two titled names side by side read as one title and more names
          let hidden = plain;
          for (const [at, ch] of inserts) {
            const i = at % (hidden.length + 1);
            hidden = hidden.slice(0, i) + ch + hidden.slice(i);
          }
          const withoutFormat = (s: string) => s.replace(/\p{Cf}/gu, '');
          // What is left outside a match keeps its format characters (an emoji's ZWJ too): compare without them.
          expect(withoutFormat(redactComment(hidden))).toBe(withoutFormat(redactComment(plain)));
          expect(redactComment(hidden)).not.toMatch(/Patel|Jones|bloggs|900123|5919|Priya/);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
