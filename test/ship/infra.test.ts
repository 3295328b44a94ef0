import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../src/config';
import { QUEUE_NAMES, TABLE_NAMES } from '../../src/app';
import { BACKUP_CONTAINER } from '../../src/backup';
import { startHarness } from '../support/harness';
import { bicep, bicepObject, property, read, resourcesOfType, root } from './bicep-source';
import { DEPLOYED_VALUES, SPEAK_UP_KEY, bicepAppSettings, deployedValue, parseAsDeployed } from './deployed-settings';

/** infra/ against the code, without Azure (bicep-source.ts reads the Bicep as text). */

// Settings App Service itself reads, not the app. Each one added here needs a reason.
const PLATFORM_SETTINGS: string[] = [
  // A slot swap waits until the incoming slot's instances answer this path with these statuses (the warm-up).
  'WEBSITE_SWAP_WARMUP_PING_PATH',
  'WEBSITE_SWAP_WARMUP_PING_STATUSES',
];

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
      blobUrl: 'https://ststaffvoica1b2c3d4e5f6g.blob.core.windows.net',
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

  it('keeps the backups in a versioned container, write-once for backupRetentionDays, then deleted, the app reaching only it', () => {
    const [container] = resourcesOfType('Microsoft.Storage/storageAccounts/blobServices/containers');
    expect(property(container!, 'name')).toBe(`'${BACKUP_CONTAINER}'`);
    expect(container!.body).toMatch(/^ {4}publicAccess: 'None'$/m);
    const [blobService] = resourcesOfType('Microsoft.Storage/storageAccounts/blobServices');
    expect(blobService!.body).toMatch(/^ {4}isVersioningEnabled: true$/m);
    const [policy] = resourcesOfType('Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies');
    expect(property(policy!, 'parent')).toBe(container!.symbol);
    expect(policy!.body).toMatch(/^ {4}immutabilityPeriodSinceCreationInDays: backupRetentionDays$/m);
    const [lifecycle] = resourcesOfType('Microsoft.Storage/storageAccounts/managementPolicies');
    expect(lifecycle!.body).toContain(`'${BACKUP_CONTAINER}/'`);
    expect(lifecycle!.body.match(/daysAfterCreationGreaterThan: backupRetentionDays/g)).toHaveLength(2);
    const blobRole = resourcesOfType('Microsoft.Authorization/roleAssignments').find((r) =>
      r.body.includes('storageBlobDataContributor'),
    );
    expect(property(blobRole!, 'scope')).toBe(container!.symbol);
    expect(bicep.main).toMatch(/^param backupRetentionDays int = 35$/m);
    expect(bicep.main).toMatch(/^ {4}backupRetentionDays: backupRetentionDays$/m);
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
      'ba92f5b4-2d11-453e-a403-e96b0114d4fe', // Storage Blob Data Contributor (on the backups container only)
    ]);
    // Every role assignment is for the app's identity, as a service principal.
    const assignments = resourcesOfType('Microsoft.Authorization/roleAssignments');
    expect(assignments).toHaveLength(5);
    for (const assignment of assignments) {
      expect(assignment.body).toContain('principalId: principalId');
      expect(assignment.body).toContain("principalType: 'ServicePrincipal'");
    }
  });

  it('runs the built app on Node 24 LTS, with the health check and the warm-up path the server answers', async () => {
    const siteConfig = bicepObject(bicep.app, 'siteConfig');
    expect(siteConfig.get('linuxFxVersion')).toBe("'NODE|24-lts'");
    expect(siteConfig.get('alwaysOn')).toBe('true');
    expect(bicep.app).toContain('httpsOnly: true');
    expect(JSON.parse(read('tsconfig.json')).compilerOptions.outDir).toBe('dist');
    // The types are Node 24's, pinned; the app still starts on 22 (CI tests 22, 24 and 26).
    const pkg = JSON.parse(read('package.json'));
    expect(pkg.devDependencies['@types/node']).toMatch(/^24\.\d+\.\d+$/);
    expect(pkg.engines.node).toBe('>=22');

    const probe = siteConfig.get('healthCheckPath')?.replace(/'/g, '');
    const warmUp = bicepAppSettings().get('WEBSITE_SWAP_WARMUP_PING_PATH')?.replace(/'/g, '');
    expect([probe, warmUp]).toEqual(['/healthz', '/readyz']);
    const h = await startHarness();
    try {
      for (const path of [probe, warmUp]) expect((await fetch(`${h.url}${path}`)).status).toBe(200);
    } finally {
      await h.stop();
    }
  });

  it('starts node itself, not npm (whose sh -c does not pass SIGTERM on), with the same command as start:prod', () => {
    const command = bicep.app.match(/^ {2}appCommandLine: '([^']*)'$/m)?.[1];
    expect(command).toBe('node --max-old-space-size=160 dist/main.js');
    const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;
    expect(scripts['start:prod']).toBe(command);
    // The message the packaging script ends with names the same command.
    expect(read('infra/package-app.mjs')).toContain(`(start command: ${command})`);
  });

  it('registers the bot with the managed identity and the Teams channel', () => {
    expect(bicep.bot).toContain("msaAppType: 'UserAssignedMSI'");
    expect(bicep.bot).toContain("channelName: 'MsTeamsChannel'");
    expect(bicep.keyVault).toContain('enableRbacAuthorization: true');
    expect(bicep.app).toContain('keyVaultReferenceIdentity: identityId');
  });

  it('compiles with Bicep wherever a compiler is installed (none can be fetched on the project machines)', () => {
    const runs = (command: string, args: string[]) => {
      try {
        return execFileSync(command, args, { cwd: root, stdio: 'pipe' }).toString();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new Error(`${command} ${args.join(' ')} failed:\n${(error as { stderr?: Buffer }).stderr}`);
      }
    };
    // The Azure CLI only with the Bicep it already installed: `az bicep build` would otherwise download one.
    const azBicep = existsSync(path.join(homedir(), '.azure', 'bin', 'bicep'));
    const built =
      runs('bicep', ['build', 'infra/azure.bicep', '--stdout']) ??
      (azBicep ? runs('az', ['bicep', 'build', '--file', 'infra/azure.bicep', '--stdout']) : undefined);
    // Without a compiler the text checks here and in infra-*.test.ts are all there is; with one, the template is real.
    if (built === undefined) expect([runs('bicep', ['--version']), azBicep]).toEqual([undefined, false]);
    else expect(JSON.parse(built).resources).toBeDefined();
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
