import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ManagedIdentityCredential } from '@azure/identity';
import { parseConfig } from '../../src/config';
import { QUEUE_NAMES, TABLE_NAMES } from '../../src/app';
import { exporterOptions } from '../../src/platform/telemetry';
import { startHarness } from '../support/harness';

/**
 * infra/ against the code, without Azure: there is no Bicep compiler on these machines, so the Bicep is read as
 * text, in the few fixed shapes it is written in (one `appsettings` resource, arrays of names, `output` lines,
 * `resource` declarations at the start of a line with their properties two spaces in).
 */
const root = path.join(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const bicep = {
  main: read('infra/azure.bicep'),
  app: read('infra/modules/app.bicep'),
  storage: read('infra/modules/storage.bicep'),
  keyVault: read('infra/modules/key-vault.bicep'),
  bot: read('infra/modules/bot.bicep'),
  monitoring: read('infra/modules/monitoring.bicep'),
};

/** A `resource` declaration: its symbolic name, type, and body (from its opening brace to the matching one). */
interface BicepResource {
  file: string;
  symbol: string;
  type: string;
  body: string;
}

/** Every resource declared in infra/, in every file. Whole-line comments are left out of the bodies. */
function bicepResources(): BicepResource[] {
  const found: BicepResource[] = [];
  for (const [file, source] of Object.entries(bicep)) {
    const lines = source.split('\n').filter((line) => !line.trimStart().startsWith('//'));
    for (let i = 0; i < lines.length; i++) {
      const m = lines[i]!.match(/^resource (\w+) '([^'@]+)@[^']+' = .*\{$/);
      if (!m) continue;
      let depth = 0;
      const body: string[] = [];
      for (let j = i; j < lines.length; j++) {
        body.push(lines[j]!);
        for (const c of lines[j]!) depth += c === '{' ? 1 : c === '}' ? -1 : 0;
        if (depth === 0) break;
      }
      found.push({ file, symbol: m[1]!, type: m[2]!, body: body.join('\n') });
    }
  }
  return found;
}

/** A top-level property of a resource (two spaces in): `name: value` → value, or undefined. */
const property = (resource: BicepResource, name: string) =>
  resource.body.match(new RegExp(`^ {2}${name}: (.+)$`, 'm'))?.[1];
const resourcesOfType = (type: string) => bicepResources().filter((r) => r.type === type);

// Resource types that take no tags (Azure's API has no `tags` on them), each with the reason.
const UNTAGGABLE: Record<string, string> = {
  'Microsoft.Authorization/roleAssignments': 'an extension resource on its scope',
  'Microsoft.Insights/diagnosticSettings': 'an extension resource on its scope',
  'Microsoft.Web/sites/config': 'a part of the web app',
  'Microsoft.Web/sites/basicPublishingCredentialsPolicies': 'a part of the web app',
  'Microsoft.Storage/storageAccounts/tableServices': 'a part of the storage account',
  'Microsoft.Storage/storageAccounts/tableServices/tables': 'a part of the storage account',
  'Microsoft.Storage/storageAccounts/queueServices': 'a part of the storage account',
  'Microsoft.Storage/storageAccounts/queueServices/queues': 'a part of the storage account',
};

/** The app settings the Bicep sets: name → the Bicep expression of its value. */
function bicepAppSettings(): Map<string, string> {
  const block = bicep.app.match(
    /resource appSettings 'Microsoft\.Web\/sites\/config@[^']+' = \{[\s\S]*?\n {2}properties: \{\n([\s\S]*?)\n {2}\}\n\}/,
  );
  if (!block) throw new Error('infra/modules/app.bicep: no appSettings resource with a properties block');
  const settings = new Map<string, string>();
  for (const line of block[1]!.split('\n')) {
    const m = line.match(/^ {4}([A-Z][A-Z0-9_]*): (.+)$/);
    if (m) settings.set(m[1]!, m[2]!.trim());
  }
  return settings;
}

/** A value of the kind each Bicep expression yields once deployed (Key Vault references as App Service resolves them). */
const SPEAK_UP_KEY = randomBytes(32).toString('base64');
const DEPLOYED_VALUES: Record<string, string> = {
  identityClientId: '6a1e2c3d-4b5a-4c6d-8e7f-8091a2b3c4d5',
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  storageTableEndpoint: 'https://ststaffvoica1b2c3d4e5f6g.table.core.windows.net/',
  adminAadObjectIds: '0f1e2d3c-4b5a-4678-9abc-def012345678,1f1e2d3c-4b5a-4678-9abc-def012345678',
  dashboardClientId: 'c1c1c1c1-d2d2-4e3e-8f4f-a5a5a5a5a5a5',
  "'https://${site.properties.defaultHostName}'": 'https://staffvoice-dev-a1b2c3d4.azurewebsites.net',
  'string(instanceCount)': '2',
  appInsightsConnectionString:
    'InstrumentationKey=00000000-1111-4222-8333-444444444444;IngestionEndpoint=https://uksouth-1.in.applicationinsights.azure.com/;LiveEndpoint=https://uksouth.livediagnostics.monitor.azure.com/',
  "'@Microsoft.KeyVault(SecretUri=${speakUpKeySecretUri})'": SPEAK_UP_KEY,
};
const deployedValue = (expression: string): string => {
  if (expression in DEPLOYED_VALUES) return DEPLOYED_VALUES[expression]!;
  const literal = expression.match(/^'([^'$]*)'$/);
  if (literal) return literal[1]!;
  throw new Error(`test/ship/infra.test.ts: add a deployed value for the Bicep expression ${expression}`);
};

/** The environment the web app gets from the Bicep, and every variable parseConfig read while parsing it. */
function parseAsDeployed(overrides: Record<string, string> = {}) {
  const env: Record<string, string> = {};
  for (const [name, expression] of bicepAppSettings()) env[name] = deployedValue(expression);
  Object.assign(env, overrides);
  const read = new Set<string>();
  const proxy = new Proxy(env, {
    get(target, key) {
      if (typeof key === 'string') read.add(key);
      return target[key as string];
    },
  });
  return { env, read, result: parseConfig(proxy) };
}

// Settings App Service itself reads, not the app: none so far. Each one added here needs a reason.
const PLATFORM_SETTINGS: string[] = [];

describe('the Azure deployment (infra/) and the code', () => {
  it('sets only app settings that config.ts reads', () => {
    const { env, read } = parseAsDeployed();
    const unread = Object.keys(env).filter((name) => !read.has(name) && !PLATFORM_SETTINGS.includes(name));
    expect(unread).toEqual([]);
  });

  it('sets everything config.ts requires in azure mode: the app starts the production way on the Bicep settings alone', () => {
    const { result } = parseAsDeployed();
    if (!result.ok) throw new Error(`config refused the deployed settings:\n${result.problems.join('\n')}`);
    const config = result.config;
    expect(config.mode).toBe('azure');
    expect(config.bot).toEqual({
      auth: 'UserAssignedMsi',
      appId: DEPLOYED_VALUES.identityClientId,
      tenantId: DEPLOYED_VALUES.tenantId,
    });
    expect(config.storage).toEqual({
      kind: 'account-url',
      tableUrl: 'https://ststaffvoica1b2c3d4e5f6g.table.core.windows.net',
      queueUrl: 'https://ststaffvoica1b2c3d4e5f6g.queue.core.windows.net',
      clientId: DEPLOYED_VALUES.identityClientId,
    });
    expect(config.results.publicUrl).toBe('https://staffvoice-dev-a1b2c3d4.azurewebsites.net');
    expect(config.delivery.processes).toBe(2);
    expect(config.telemetry?.connectionString).toContain('InstrumentationKey=');
    expect(config.telemetry?.clientId).toBe(DEPLOYED_VALUES.identityClientId);
    expect(config.speakUp?.encryptionKey).toBe(SPEAK_UP_KEY);
    expect(config.dashboard).toEqual({
      clientId: DEPLOYED_VALUES.dashboardClientId,
      apiUri: `api://staffvoice-dev-a1b2c3d4.azurewebsites.net/${DEPLOYED_VALUES.dashboardClientId}`,
      authority: 'https://login.microsoftonline.com',
    });
  });

  it('needs each required setting it sets: dropping any one of them stops the app with its name', () => {
    const required = [
      'BOT_ID',
      'BOT_TYPE',
      'BOT_TENANT_ID',
      'STORAGE_ACCOUNT_URL',
      'ADMIN_AAD_OBJECT_IDS',
      'PUBLIC_BASE_URL',
      'SPEAKUP_ENCRYPTION_KEY',
    ];
    for (const name of required) {
      expect(bicepAppSettings().has(name)).toBe(true);
      const env = Object.fromEntries(
        [...bicepAppSettings()].filter(([n]) => n !== name).map(([n, e]) => [n, deployedValue(e)]),
      );
      const result = parseConfig(env);
      expect(result.ok ? [] : result.problems.join('\n')).toContain(name);
    }
  });

  it('documents every other variable config.ts reads, for operators to set in app.bicep if they need to', () => {
    const { env, read: variables } = parseAsDeployed();
    const docs = [
      'README.md',
      ...readdirSync(path.join(root, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .map((f) => `docs/${f}`),
    ]
      .map(read)
      .join('\n');
    const undocumented = [...variables].filter((name) => !(name in env) && !docs.includes(`\`${name}\``));
    expect(undocumented).toEqual([]);
  });

  it('never gives the app a storage key, connection string or bot password', () => {
    const names = [...bicepAppSettings().keys()];
    expect(names).not.toContain('STORAGE_CONNECTION_STRING');
    expect(names).not.toContain('BOT_PASSWORD');
    expect(Object.values(bicep).join('\n')).not.toMatch(/listKeys\(|AccountKey=|STORAGE_CONNECTION_STRING/);
    expect(bicep.storage).toMatch(/allowSharedKeyAccess: false/);
  });

  it('refuses to start, naming the problem, when App Service could not resolve the Key Vault reference', () => {
    const { result } = parseAsDeployed({
      SPEAKUP_ENCRYPTION_KEY:
        '@Microsoft.KeyVault(SecretUri=https://kv-x.vault.azure.net/secrets/speakup-encryption-key)',
    });
    expect(result.ok ? '' : result.problems.join('\n')).toMatch(
      /SPEAKUP_ENCRYPTION_KEY: is an unresolved Key Vault reference/,
    );
  });

  it('creates exactly the tables and queues the app uses', () => {
    const names = (variable: string) => {
      const m = bicep.storage.match(new RegExp(`var ${variable} = \\[\\n([\\s\\S]*?)\\n\\]`));
      return [...(m?.[1] ?? '').matchAll(/'([a-z0-9-]+)'/g)].map((x) => x[1]);
    };
    expect(names('tableNames').sort()).toEqual([...TABLE_NAMES].sort());
    expect(names('queueNames').sort()).toEqual([...QUEUE_NAMES].sort());
  });

  it('grants the identity exactly the data roles it needs, and no more', () => {
    const roles = [
      ...Object.values(bicep)
        .join('\n')
        .matchAll(/'([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})'/g),
    ]
      .map((m) => m[1])
      .sort();
    expect(roles).toEqual([
      '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3', // Storage Table Data Contributor
      '3913510d-42f4-4e42-8a64-420c390055eb', // Monitoring Metrics Publisher (sends telemetry)
      '4633458b-17de-408a-b874-0445c86b69e6', // Key Vault Secrets User
      '974c5e8b-45b9-4653-ba55-5f855dd0fb88', // Storage Queue Data Contributor
    ]);
    // Every role assignment is for the app's identity, as a service principal.
    const assignments = resourcesOfType('Microsoft.Authorization/roleAssignments');
    expect(assignments).toHaveLength(4);
    for (const assignment of assignments) {
      expect(assignment.body).toContain('principalId: principalId');
      expect(assignment.body).toContain("principalType: 'ServicePrincipal'");
    }
  });

  it('runs the built app on Node 22 LTS with the health check the server answers', async () => {
    expect(bicep.app).toContain("linuxFxVersion: 'NODE|22-lts'");
    expect(bicep.app).toMatch(/NODE\|24-lts/); // named in a comment as the other line it runs on
    expect(bicep.app).toContain('httpsOnly: true');
    expect(bicep.app).toContain('alwaysOn: true');
    expect(JSON.parse(read('tsconfig.json')).compilerOptions.outDir).toBe('dist');

    const probe = bicep.app.match(/healthCheckPath: '([^']+)'/)?.[1];
    const h = await startHarness();
    try {
      const res = await fetch(`${h.url}${probe}`);
      expect(res.status).toBe(200);
    } finally {
      await h.stop();
    }
  });

  it('starts node itself, not npm (whose sh -c does not pass SIGTERM on), with the same command as start:prod', () => {
    const command = bicep.app.match(/^ {6}appCommandLine: '([^']*)'$/m)?.[1];
    expect(command).toBe('node --max-old-space-size=160 dist/main.js');
    const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;
    expect(scripts['start:prod']).toBe(command);
    // The message the packaging script ends with names the same command.
    expect(read('infra/package-app.mjs')).toContain(`(start command: ${command})`);
  });

  it('takes a tags parameter and puts the tags on every resource that takes them', () => {
    expect(bicep.main).toMatch(/^param tags object = \{\}$/m);
    expect(bicep.main).toMatch(/^var resourceTags = union\(\{ application: 'staff-voice' \}, tags\)$/m);
    // Each module gets them, and declares them.
    const modules = [...bicep.main.matchAll(/^module (\w+) '\.\/modules\/([\w-]+)\.bicep' = \{\n([\s\S]*?)\n\}$/gm)];
    expect(modules.map((m) => m[2]).sort()).toEqual(['app', 'bot', 'key-vault', 'monitoring', 'storage']);
    for (const m of modules) {
      expect(m[3]).toMatch(/^ {4}tags: resourceTags$/m);
      expect(read(`infra/modules/${m[2]}.bicep`)).toMatch(/^param tags object$/m);
    }
    // Every resource that takes tags has them; the rest are types Azure gives no tags.
    const resources = bicepResources();
    expect(resources.length).toBeGreaterThanOrEqual(20);
    const untagged = resources
      .filter((r) => !(r.type in UNTAGGABLE))
      .filter((r) => property(r, 'tags') !== (r.file === 'main' ? 'resourceTags' : 'tags'))
      .map((r) => `${r.file}: ${r.symbol} (${r.type})`);
    expect(untagged).toEqual([]);
    const taggedAnyway = resources
      .filter((r) => r.type in UNTAGGABLE && property(r, 'tags') !== undefined)
      .map((r) => r.symbol);
    expect(taggedAnyway).toEqual([]);
    // The toolkit passes the environment's name as a tag.
    expect(JSON.parse(read('infra/azure.parameters.json')).parameters.tags).toEqual({
      value: { environment: '${{TEAMSFX_ENV}}' },
    });
  });

  it('turns basic-auth publishing off, for FTP and for the SCM site, and FTP with it', () => {
    const policies = resourcesOfType('Microsoft.Web/sites/basicPublishingCredentialsPolicies');
    expect(policies.map((p) => property(p, 'name')).sort()).toEqual(["'ftp'", "'scm'"]);
    for (const policy of policies) {
      expect(property(policy, 'parent')).toBe('site');
      expect(policy.body).toMatch(/^ {4}allow: false$/m);
    }
    expect(bicep.app).toMatch(/^ {6}ftpsState: 'Disabled'$/m);
  });

  it('turns local auth off on Application Insights and Log Analytics, and the app sends telemetry as its identity', () => {
    const [appInsights] = resourcesOfType('Microsoft.Insights/components');
    expect(appInsights!.body).toMatch(/^ {4}DisableLocalAuth: true$/m);
    const [workspace] = resourcesOfType('Microsoft.OperationalInsights/workspaces');
    expect(workspace!.body).toMatch(/^ {6}disableLocalAuth: true$/m);
    // The identity may publish telemetry to exactly that resource.
    const publisher = resourcesOfType('Microsoft.Authorization/roleAssignments').find((r) => r.file === 'monitoring');
    expect(property(publisher!, 'scope')).toBe(appInsights!.symbol);
    expect(bicep.monitoring).toMatch(/^var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'$/m);
    expect(publisher!.body).toContain(
      "subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)",
    );
    expect(bicep.main.match(/^module monitoring '[^']+' = \{\n([\s\S]*?)\n\}$/m)?.[1]).toMatch(
      /^ {4}principalId: identity\.properties\.principalId$/m,
    );
    // On the settings the Bicep gives it, the app authenticates as that identity (telemetry.test.ts sends for real).
    const { result } = parseAsDeployed();
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const options = exporterOptions(result.config.telemetry!);
    expect(options.credential).toBeInstanceOf(ManagedIdentityCredential);
    expect(exporterOptions({ connectionString: result.config.telemetry!.connectionString }).credential).toBeUndefined();
  });

  it('turns local auth off on the Azure Bot', () => {
    const [bot] = resourcesOfType('Microsoft.BotService/botServices');
    expect(bot!.body).toMatch(/^ {4}disableLocalAuth: true$/m);
  });

  it("sends the Key Vault's audit log (every read of the key) to Log Analytics", () => {
    const settings = resourcesOfType('Microsoft.Insights/diagnosticSettings').filter((r) => r.file === 'keyVault');
    expect(settings).toHaveLength(1);
    expect(property(settings[0]!, 'scope')).toBe('vault');
    expect(settings[0]!.body).toMatch(/category: 'AuditEvent'\n\s+enabled: true/);
    expect(settings[0]!.body).toMatch(/workspaceId: workspaceId/);
    expect(bicep.main).toMatch(/workspaceId: monitoring\.outputs\.workspaceId/);
  });

  it('registers the bot with the managed identity and the Teams channel', () => {
    expect(bicep.bot).toContain("msaAppType: 'UserAssignedMSI'");
    expect(bicep.bot).toContain("channelName: 'MsTeamsChannel'");
    expect(bicep.keyVault).toContain('enableRbacAuthorization: true');
    expect(bicep.app).toContain('keyVaultReferenceIdentity: identityId');
  });

  it('passes every parameter the Bicep needs, and only those', () => {
    const params = [...bicep.main.matchAll(/^param (\w+) \w+( = .*)?$/gm)].map((m) => ({
      name: m[1]!,
      optional: m[2] !== undefined,
    }));
    const given = Object.keys(JSON.parse(read('infra/azure.parameters.json')).parameters);
    expect(given.filter((g) => !params.some((p) => p.name === g))).toEqual([]);
    expect(params.filter((p) => !p.optional && !given.includes(p.name)).map((p) => p.name)).toEqual([]);
  });
});

describe('the toolkit files (teamsapp.yml, teamsapp.local.yml, env/)', () => {
  const envKeys = (file: string) => [...read(file).matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
  const placeholders = (...files: string[]) =>
    new Set(files.flatMap((f) => [...read(f).matchAll(/\$\{\{([A-Z0-9_]+)\}\}/g)].map((m) => m[1]!)));
  const written = (yml: string) =>
    [...read(yml).matchAll(/writeToEnvironmentFile:\n((?: {6}\w+: [A-Z0-9_]+\n)+)/g)].flatMap((m) =>
      [...m[1]!.matchAll(/: ([A-Z0-9_]+)/g)].map((x) => x[1]!),
    );
  const outputs = [...bicep.main.matchAll(/^output ([A-Z0-9_]+) /gm)].map((m) => m[1]!);
  const secrets = envKeys('env/.env.dev.user.example');

  it.each([
    [
      'teamsapp.yml',
      'env/.env.dev',
      ['teamsapp/manifest.json', 'teamsapp/aad.manifest.json', 'infra/azure.parameters.json'],
    ],
    ['teamsapp.local.yml', 'env/.env.local', ['teamsapp/manifest.json', 'teamsapp/aad.manifest.json']],
  ])('%s: every ${{VARIABLE}} it and its files use is defined', (yml, envFile, files) => {
    const known = new Set([
      ...envKeys(envFile),
      ...written(yml),
      ...secrets,
      ...(yml === 'teamsapp.yml' ? outputs : []),
    ]);
    const missing = [...placeholders(yml, ...files)].filter((name) => !known.has(name));
    expect(missing).toEqual([]);
  });

  it('points every manifest path at teamsapp/', () => {
    for (const yml of ['teamsapp.yml', 'teamsapp.local.yml']) {
      const paths = [...read(yml).matchAll(/(?:manifestPath|appPackagePath|outputZipPath|outputFolder): (\S+)/g)].map(
        (m) => m[1]!,
      );
      expect(paths.length).toBeGreaterThan(0);
      for (const p of paths) expect(p).toMatch(/^\.\/teamsapp\//);
    }
  });

  it('commits no secrets: env files hold none, and *.user files and the package folders are git-ignored', () => {
    for (const file of ['env/.env.dev', 'env/.env.local']) {
      for (const line of read(file).split('\n')) {
        const m = line.match(/^([A-Z0-9_]+)=(.*)$/);
        if (m && /SECRET|PASSWORD|KEY$/.test(m[1]!)) expect(`${m[1]}=${m[2]}`).toBe(`${m[1]}=`);
      }
    }
    const ignored = execFileSync(
      'git',
      [
        'check-ignore',
        '--no-index',
        'env/.env.dev.user',
        'env/.env.local.user',
        '.localConfigs',
        'teamsapp/build/x.zip',
        '.deploy/x',
      ],
      { cwd: root },
    )
      .toString()
      .trim()
      .split('\n');
    expect(ignored).toHaveLength(5);
  });

  it('gives no variable an empty value the toolkit would stop on, and keeps the speak-up key on later provisions', () => {
    // The toolkit refuses to provision when a ${{VARIABLE}} in the parameters or the manifest is empty.
    const values = new Map([...read('env/.env.dev').matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
    expect(values.get('APP_DISPLAY_NAME')?.length).toBeGreaterThan(0);
    expect(values.get('APP_DISPLAY_NAME')!.length).toBeLessThanOrEqual(30);
    // A later provision says `keep`; only a 44-character key (32 bytes in base64) is ever written as the secret.
    expect(read('env/.env.dev.user.example')).toMatch(/^SECRET_SPEAKUP_ENCRYPTION_KEY=keep$/m);
    expect(bicep.keyVault).toMatch(/resource speakUpKey '[^']+' = if \(length\(speakUpEncryptionKey\) == 44\)/);
    expect(randomBytes(32).toString('base64')).toHaveLength(44);
  });
});
