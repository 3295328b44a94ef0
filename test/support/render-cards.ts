/**
 * `npm run docs:cards`: renders every card in ./card-gallery with the real `adaptivecards` renderer in
 * Debian's headless chromium, styled like Microsoft Teams (light theme), and writes docs/cards/<file>.png
 * plus docs/cards/README.md. Prints the renderer's parse/validation warnings; exits 1 if any card has errors.
 * Nothing is downloaded: the library bundle is inlined into the page and every network request is aborted.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { cardGallery } from './card-gallery';

const CHROMIUM = '/usr/bin/chromium';
const OUT_DIR = path.resolve(__dirname, '../../docs/cards');
const AC_DIST = path.dirname(require.resolve('adaptivecards/dist/adaptivecards.min.js'));
const FONT = `"Segoe UI", "Segoe UI Web (West European)", -apple-system, BlinkMacSystemFont, Roboto, "Open Sans", "Helvetica Neue", "Liberation Sans", Arial, sans-serif`;
/** Events that do not make a card wrong; everything else the library reports is an error. */
const WARNING_EVENTS = new Set([
  'Hint',
  'Deprecated',
  'RequiredInputsShouldHaveLabel',
  'RequiredInputsShouldHaveErrorMessage',
]);

const fg = (normal: string, subtle: string) => ({ default: normal, subtle });
const COLORS = {
  default: fg('#242424', '#616161'),
  dark: fg('#242424', '#424242'),
  light: fg('#FFFFFF', '#F5F5F5'),
  accent: fg('#6264A7', '#8B8CC7'),
  good: fg('#237B4B', '#3C8C5E'),
  warning: fg('#835C00', '#9A7A29'),
  attention: fg('#C4314B', '#D0647A'),
};
const style = (backgroundColor: string) => ({ backgroundColor, foregroundColors: COLORS });
/** Close to Teams' light-theme host config (Segoe UI, 14 px body text, Teams purple accent). */
const TEAMS_HOST_CONFIG = {
  supportsInteractivity: true,
  fontFamily: FONT,
  fontTypes: {
    default: {
      fontFamily: FONT,
      fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
      fontWeights: { lighter: 300, default: 400, bolder: 600 },
    },
    monospace: {
      fontFamily: 'Consolas, "Liberation Mono", monospace',
      fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
      fontWeights: { lighter: 300, default: 400, bolder: 600 },
    },
  },
  lineHeights: { small: 16, default: 20, medium: 20, large: 24, extraLarge: 32 },
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E0E0E0' },
  imageSizes: { small: 32, medium: 52, large: 100 },
  containerStyles: {
    default: style('#FFFFFF'),
    emphasis: style('#F5F5F5'),
    accent: style('#E8EBFA'),
    good: style('#E7F2DA'),
    attention: style('#FCF4F6'),
    warning: style('#FBF6D9'),
  },
  actions: {
    maxActions: 6,
    spacing: 'default',
    buttonSpacing: 8,
    actionsOrientation: 'horizontal',
    actionAlignment: 'stretch',
    showCard: { actionMode: 'inline', inlineTopMargin: 16 },
  },
  factSet: { title: { weight: 'bolder', wrap: true, maxWidth: 150 }, value: { wrap: true }, spacing: 12 },
  inputs: {
    label: {
      inputSpacing: 'small',
      requiredInputs: { weight: 'bolder', suffix: ' *', suffixColor: 'attention' },
      optionalInputs: { weight: 'bolder' },
    },
    errorMessage: { color: 'attention', size: 'small' },
  },
};

const CSS = `
  body { margin: 0; background: #F5F5F5; font-family: ${FONT}; -webkit-font-smoothing: antialiased; }
  #frame { display: inline-block; padding: 12px; background: #F5F5F5; }
  .bubble { width: 450px; background: #FFF; border-radius: 6px; overflow: hidden; box-shadow: 0 1px 2px rgba(0,0,0,.14), 0 0 2px rgba(0,0,0,.12); }
  .ac-textBlock p { margin: 0; } .ac-textBlock ul, .ac-textBlock ol { margin: 0; padding-left: 20px; }
  .ac-textBlock a, a.ac-anchor:link, a.ac-anchor:visited { color: #6264A7; }
  .ac-textBlock .mention { color: #6264A7; font-weight: 600; }
  .ac-pushButton { font-family: inherit; font-size: 14px; font-weight: 600; min-height: 32px; padding: 4px 12px; border-radius: 4px; background: #FFF; color: #242424; border: 1px solid #D1D1D1; }
  .ac-pushButton.style-positive { background: #6264A7; color: #FFF; border-color: #6264A7; }
  .ac-pushButton.style-destructive { background: #FFF; color: #C4314B; border-color: #D1D1D1; }
  .ac-pushButton.expandable:after { font-family: inherit; font-size: 12px; content: "\\00A0\\25BE"; } .ac-pushButton.expandable.expanded:after { content: "\\00A0\\25B4"; }
  .ac-input { font-family: inherit; font-size: 14px; color: #242424; }
  input.ac-input:not([type=radio]):not([type=checkbox]), select.ac-input, textarea.ac-input { box-sizing: border-box; min-height: 32px; padding: 4px 10px; border: 1px solid #D1D1D1; border-radius: 4px; background: #FFF; }
  input[type=radio], input[type=checkbox] { accent-color: #6264A7; }
`;

/** Runs in the page: Teams-flavoured markdown (bold, italic, links, lists, <at> mentions), then parse + render. */
const PAGE_SCRIPT = String.raw`
  const AC = window.AdaptiveCards;
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const inline = (s) => esc(s).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/(^|\W)_(.+?)_(?!\w)/g, '$1<em>$2</em>')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>').replace(/&lt;at&gt;(.+?)&lt;\/at&gt;/g, '<span class="mention">$1</span>');
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    const out = []; let list = null;
    for (const line of text.split(/\r?\n/)) {
      const m = /^\s*(?:([-*])|\d+\.)\s+(.*)$/.exec(line);
      const tag = m ? (m[1] ? 'ul' : 'ol') : null;
      if (list && list !== tag) { out.push('</' + list + '>'); list = null; }
      if (m) { if (!list) { out.push('<' + tag + '>'); list = tag; } out.push('<li>' + inline(m[2]) + '</li>'); }
      else if (line.trim()) out.push('<p>' + inline(line) + '</p>');
    }
    if (list) out.push('</' + list + '>');
    result.outputHtml = out.join(''); result.didProcess = true;
  };
  window.renderCard = (json, hostConfig) => {
    const card = new AC.AdaptiveCard();
    card.hostConfig = new AC.HostConfig(hostConfig);
    const context = new AC.SerializationContext();
    card.parse(json, context);
    const events = [];
    for (let i = 0; i < context.eventCount; i++) events.push(context.getEventAt(i));
    events.push(...card.validateProperties().validationEvents);
    const bubble = document.querySelector('.bubble');
    bubble.replaceChildren();
    const element = card.render();
    if (element) bubble.appendChild(element);
    return { rendered: !!element, events: events.map((e) => ({ phase: AC.ValidationPhase[e.phase], event: AC.ValidationEvent[e.event], message: e.message })) };
  };
`;

interface RenderResult {
  rendered: boolean;
  events: { phase: string; event: string; message: string }[];
}

/** Element/action types in the card JSON that carry a `fallback`: "unknown type" events for these are expected. */
function typesWithFallback(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => typesWithFallback(n, found));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.type === 'string' && o.fallback !== undefined) found.add(o.type);
    Object.values(o).forEach((v) => typesWithFallback(v, found));
  }
  return found;
}

async function main(): Promise<number> {
  if (!existsSync(CHROMIUM)) {
    console.error(`${CHROMIUM} not found: install it with: apt-get install -y chromium`);
    return 1;
  }
  const gallery = cardGallery();
  mkdirSync(OUT_DIR, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  let failed = 0;
  try {
    const page = await browser.newPage({ viewport: { width: 600, height: 800 }, locale: 'en-GB' });
    await page.route('**/*', (route) => {
      console.warn(`  blocked network request: ${route.request().url()}`);
      return route.abort();
    });
    page.on('pageerror', (error) => {
      console.error(`  page error: ${error.message}`);
      failed++;
    });
    const css = readFileSync(path.join(AC_DIST, 'adaptivecards.css'), 'utf8') + CSS;
    await page.setContent(
      `<!doctype html><html><head><meta charset="utf-8"><style>${css}</style></head><body><div id="frame"><div class="bubble"></div></div></body></html>`,
    );
    await page.addScriptTag({ content: readFileSync(path.join(AC_DIST, 'adaptivecards.min.js'), 'utf8') });
    await page.addScriptTag({ content: PAGE_SCRIPT });

    for (const { file, title, card } of gallery) {
      const result = await page.evaluate(
        ([json, hostConfig]) =>
          (globalThis as unknown as { renderCard(j: unknown, h: unknown): RenderResult }).renderCard(json, hostConfig),
        [card, TEAMS_HOST_CONFIG] as const,
      );
      const fallbacks = typesWithFallback(card);
      const problems = result.events.map((e) => {
        const unknownType = /^Unknown(Element|Action)Type$/.test(e.event)
          ? /"([^"]+)"/.exec(e.message)?.[1]
          : undefined;
        const warning = WARNING_EVENTS.has(e.event) || (unknownType !== undefined && fallbacks.has(unknownType));
        return {
          warning,
          text: `${e.phase}/${e.event}: ${e.message}${warning && unknownType ? ' (fallback rendered)' : ''}`,
        };
      });
      if (!/^[a-z0-9][a-z0-9-]*$/.test(file))
        problems.push({
          warning: false,
          text: `invalid file name "${file}" (use lower-case letters, digits and dashes)`,
        });
      if (!result.rendered) problems.push({ warning: false, text: 'the renderer produced nothing' });
      const errors = problems.filter((p) => !p.warning).length;
      if (errors > 0) failed++;
      console.log(`${errors > 0 ? '✗' : '✓'} ${file}.png  ${title}`);
      for (const p of problems) console.log(`    ${p.warning ? 'warning' : 'ERROR'}  ${p.text}`);
      await page.waitForFunction('Array.from(document.images).every((img) => img.complete)');
      await page.locator('#frame').screenshot({ path: path.join(OUT_DIR, `${file}.png`) });
    }
  } finally {
    await browser.close();
  }

  const keep = new Set(gallery.map((g) => `${g.file}.png`));
  for (const stale of readdirSync(OUT_DIR).filter((f) => f.endsWith('.png') && !keep.has(f)))
    rmSync(path.join(OUT_DIR, stale));
  const readme = [
    '# Staff Voice cards',
    '',
    'Generated by `npm run docs:cards` from `test/support/card-gallery.ts`: do not edit by hand.',
    '',
    'Rendered with the `adaptivecards` JavaScript renderer and a Teams-like light theme, so details can differ slightly from the Teams client.',
    '',
    ...gallery.flatMap((g) => [`## ${g.title}`, '', `![${g.title}](${g.file}.png)`, '']),
  ];
  writeFileSync(path.join(OUT_DIR, 'README.md'), readme.join('\n'));
  console.log(
    `${gallery.length} card(s) written to ${path.relative(process.cwd(), OUT_DIR)}${failed ? `; ${failed} with errors` : ''}`,
  );
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
