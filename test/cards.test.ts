import { cardGallery } from './support/card-gallery';

const AC = require('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

/** Teams renders charts; the library here does not know them, so they are checked through their fallbacks. */
const asFallbacks = (card: unknown) =>
  JSON.parse(JSON.stringify(card), (_k, v) =>
    v && typeof v === 'object' && String(v.type ?? '').startsWith('Chart.') ? v.fallback : v,
  );

describe('every card the product sends', () => {
  it.each(cardGallery().map((e) => [e.file, e.card] as const))(
    '%s is valid Adaptive Card 1.5, with no parser or validation problems',
    (_file, json) => {
      const context = new AC.SerializationContext(AC.Versions.v1_5);
      const card = new AC.AdaptiveCard();
      card.parse(asFallbacks(json), context);
      const problems: string[] = [];
      for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
      for (const e of card.validateProperties().validationEvents) problems.push(e.message);
      // The roles card's people picker (Data.Query) is a Teams feature of 1.5 cards that this library dates to 1.6.
      expect(problems.filter((p) => !(_file === 'roles' && p.includes('choices.data')))).toEqual([]);
      expect(Buffer.byteLength(JSON.stringify(json), 'utf8')).toBeLessThan(28 * 1024);
    },
  );
});
