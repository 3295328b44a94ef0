import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { PNG } from 'pngjs';

/**
 * The Teams app package: teamsapp/manifest.json against Microsoft's own JSON schema for its version, as bundled in
 * @microsoft/app-manifest (the package the Agents Toolkit validates with; no network), and the icons Teams requires.
 */
const root = path.join(__dirname, '../..');
const teamsapp = (file: string) => path.join(root, 'teamsapp', file);
const raw = readFileSync(teamsapp('manifest.json'), 'utf8');
const manifest = JSON.parse(raw);

/** The manifest as the toolkit uploads it: placeholders filled from env/.env.dev, plus the ids provision writes. */
function resolved(): unknown {
  const env = new Map<string, string>();
  for (const m of readFileSync(path.join(root, 'env/.env.dev'), 'utf8').matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm))
    env.set(m[1]!, m[2]!);
  env.set('TEAMS_APP_ID', 'c0ffee00-1234-4abc-8def-0123456789ab'); // written by teamsApp/create
  env.set('BOT_ID', '6a1e2c3d-4b5a-4c6d-8e7f-8091a2b3c4d5'); // an output of infra/azure.bicep
  env.set('BOT_DOMAIN', 'staffvoice-dev-a1b2c3d4.azurewebsites.net'); // an output of infra/azure.bicep
  env.set('AAD_APP_CLIENT_ID', 'c1c1c1c1-d2d2-4e3e-8f4f-a5a5a5a5a5a5'); // written by aadApp/create
  const text = raw.replace(/\$\{\{([A-Z0-9_]+)\}\}/g, (_all, name: string) => {
    if (!env.has(name)) throw new Error(`manifest placeholder \${{${name}}} is not defined in env/.env.dev`);
    return env.get(name)!;
  });
  return JSON.parse(text);
}

function schemaFor(version: string) {
  const pkg = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
  return JSON.parse(
    readFileSync(path.join(pkg, 'build/json-schemas/teams', `v${version}`, 'MicrosoftTeams.schema.json'), 'utf8'),
  );
}

function validator(version: string) {
  // The same validator settings as @microsoft/app-manifest's own validateAgainstSchema (draft-04 schemas).
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  return ajv.compile(schemaFor(version));
}

const errorsOf = (validate: ReturnType<typeof validator>, value: unknown) =>
  validate(value)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);

const png = (file: string) => PNG.sync.read(readFileSync(teamsapp(file)));
/** Width and height straight from the PNG header (IHDR), as Teams reads them. */
function headerSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(teamsapp(file));
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('the Teams app package (teamsapp/)', () => {
  // Policy: 1.25 or later (the first schema with `supportsChannelFeatures`, which private and shared channels need),
  // and a version whose schema @microsoft/app-manifest bundles: the package the Agents Toolkit CLI validates with
  // offline, so a version it does not know would fail `atk validate` and provision. Today that is 1.30, the newest GA.
  it('is on a manifest schema from 1.25 on that the toolkit bundles, and its $schema matches its version', () => {
    const [major, minor] = String(manifest.manifestVersion).split('.').map(Number);
    expect(major).toBe(1);
    expect(minor).toBeGreaterThanOrEqual(25);
    expect(() => schemaFor(manifest.manifestVersion)).not.toThrow();
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/en-us/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
  });

  it('declares every channel feature (tier1), so the app can be added to private and shared channels', () => {
    expect(manifest.supportsChannelFeatures).toBe('tier1');
    // From 1.25 the older per-type list is refused at upload; tier1 replaces it.
    expect(manifest.supportedChannelTypes).toBeUndefined();
    // The schema knows the property: a value it does not allow is refused.
    expect(schemaFor(manifest.manifestVersion).properties.supportsChannelFeatures.enum).toContain('tier1');
    const wrong = { ...(resolved() as object), supportsChannelFeatures: 'tier2' };
    expect(errorsOf(validator(manifest.manifestVersion), wrong).join('\n')).toContain('/supportsChannelFeatures');
  });

  it("validates against Microsoft's JSON schema for its version", () => {
    expect(errorsOf(validator(manifest.manifestVersion), resolved())).toEqual([]);
  });

  it('is checked for real: the schema refuses a broken manifest', () => {
    const broken = resolved() as { bots: { botId: string; scopes: string[] }[] };
    broken.bots[0]!.botId = 'not-a-guid';
    broken.bots[0]!.scopes.push('everywhere');
    expect(errorsOf(validator(manifest.manifestVersion), broken).length).toBeGreaterThanOrEqual(2);
  });

  it('takes its ids from the toolkit: ${{TEAMS_APP_ID}} and ${{BOT_ID}}', () => {
    expect(manifest.id).toBe('${{TEAMS_APP_ID}}');
    expect(manifest.bots[0].botId).toBe('${{BOT_ID}}');
  });

  it('offers the bot in personal chat, teams and group chats, asks for no resource-specific consent', () => {
    expect(manifest.bots).toHaveLength(1);
    expect([...manifest.bots[0].scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(manifest.authorization?.permissions?.resourceSpecific ?? []).toEqual([]);
  });

  it('offers the Results tab in personal scope after the chat, and in channels, served by the bot at /dashboard', () => {
    expect(manifest.staticTabs.map((t: { entityId: string }) => t.entityId)).toEqual([
      'conversations',
      'results',
      'about',
    ]);
    const results = manifest.staticTabs[1];
    expect(results).toMatchObject({
      name: 'Results',
      scopes: ['personal'],
      contentUrl: 'https://${{BOT_DOMAIN}}/dashboard',
    });
    expect(manifest.configurableTabs).toEqual([
      expect.objectContaining({ configurationUrl: 'https://${{BOT_DOMAIN}}/dashboard/configure', scopes: ['team'] }),
    ]);
    expect(manifest.validDomains).toEqual(['${{BOT_DOMAIN}}']);
  });

  it('signs the tab in with the Entra app teamsapp.yml creates, for the API its Entra manifest exposes', () => {
    const entra = JSON.parse(readFileSync(teamsapp('aad.manifest.json'), 'utf8'));
    const api = entra.identifierUris[0];
    expect(manifest.webApplicationInfo).toMatchObject({ id: '${{AAD_APP_CLIENT_ID}}', resource: api });
    const scope = entra.api.oauth2PermissionScopes[0].value;
    expect(scope).toBe('access_as_user');
    expect(manifest.webApplicationInfo.nestedAppAuthInfo).toEqual([
      { redirectUri: 'brk-multihub://${{BOT_DOMAIN}}', scopes: [`${api}/${scope}`] },
    ]);
    // Nested app authentication needs the broker's redirect on the app registration, as a single-page app's.
    expect(entra.spa.redirectUris).toContain('brk-multihub://${{BOT_DOMAIN}}');
    expect(entra.api.requestedAccessTokenVersion).toBe(2);
    expect(entra.signInAudience).toBe('AzureADMyOrg');
  });

  it('describes itself in plain English, within the limits', () => {
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeGreaterThan(manifest.description.short.length);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
  });

  it('carries the version of the app it ships', () => {
    expect(manifest.version).toBe(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version);
  });

  it('has a 192×192 colour icon and a 32×32 outline icon', () => {
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(headerSize('color.png')).toEqual({ width: 192, height: 192 });
    expect(headerSize('outline.png')).toEqual({ width: 32, height: 32 });
  });

  it('draws the outline icon white on transparent, and the colour icon on a solid background', () => {
    const outline = png('outline.png');
    let drawn = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = outline.data.subarray(i, i + 4);
      if (a! > 0) {
        drawn++;
        expect([r, g, b]).toEqual([255, 255, 255]);
      }
    }
    expect(drawn).toBeGreaterThan(50);
    expect(drawn).toBeLessThan(32 * 32 - 100); // mostly transparent
    const color = png('color.png');
    const seeThrough = color.data.filter((_v, i) => i % 4 === 3 && color.data[i] !== 255).length;
    expect(seeThrough).toBe(0);
  });
});
