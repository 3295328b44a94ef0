import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Cron } from 'croner';
import { HOUR_MS, MINUTE_MS } from '../../src/platform/calendar/durations';
import { bicep, bicepObject, bicepVar, moduleParams, read, resourceNamed, resourcesOfType, root } from './bicep-source';
import { bicepAppSettings, parseAsDeployed, SPEAK_UP_KEY } from './deployed-settings';

/** Running Staff Voice as infrastructure (issue 25): alerts, the availability test, the staging slot, the previous key. */

/** The text of a `var <name> = '''…'''` in alerts.bicep. */
const varText = (name: string) =>
  bicep.alerts.match(new RegExp(`^var ${name} = '''\\n([\\s\\S]*?)\\n'''$`, 'm'))?.[1] ?? '';

/** The log alerts of infra/modules/alerts.bicep, in order: name → its query (inline, or the var it ends with). */
function logAlerts(): Map<string, string> {
  const alerts = new Map<string, string>();
  for (const entry of bicepVar(bicep.alerts, 'logAlerts')
    .split(/^ {2}\{$/m)
    .slice(1)) {
    const name = entry.match(/^ {4}name: '([\w-]+)'$/m)![1]!;
    const inline = entry.match(/^ {4}query: '''\n([\s\S]*?)\n'''$/m)?.[1];
    const named = entry.match(/^ {4}query: '.*\$\{(\w+)\}'$/m)?.[1];
    alerts.set(name, inline ?? (named ? varText(named) : ''));
  }
  return alerts;
}

/** Every scheduled job in src/: name → its cron pattern, or undefined where configuration sets it. */
function scheduledJobs(): Map<string, string | undefined> {
  const files = (readdirSync(path.join(root, 'src'), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
  const sources = files.map((f) => read(`src/${f}`)).join('\n');
  const patterns = new Map([...sources.matchAll(/const (\w+_SCHEDULE) = '([^']+)'/g)].map((m) => [m[1]!, m[2]!]));
  const jobs = new Map<string, string | undefined>();
  for (const m of sources.matchAll(/\{ name: '([\w-]+)', schedule: ([\w.]+),/g)) jobs.set(m[1]!, patterns.get(m[2]!));
  return jobs;
}

/** The longest wait between two runs of a cron pattern, over 200 runs from just before 2027's spring clock change. */
function longestGapMs(pattern: string): number {
  const cron = new Cron(pattern, { timezone: 'Europe/London', paused: true });
  const runs = cron.nextRuns(200, '2027-03-20T00:00:00Z');
  cron.stop();
  return Math.max(...runs.slice(1).map((run, i) => run.getTime() - runs[i]!.getTime()));
}

// Jobs the "did not run" alert leaves out, each with the reason. A new job lands here or in the alert's list.
const NOT_WATCHED: Record<string, string> = {
  digest: 'weekly: further apart than the two days a log alert can look back',
  actions: 'weekdays only: three days apart over a weekend',
};

describe('alerts (infra/modules/alerts.bicep)', () => {
  it('e-mails every alert to the address each deployment is given', () => {
    expect(bicep.main).toMatch(/^param alertEmail string$/m); // no default: every trust names its own
    expect(moduleParams(bicep.main, 'alerts').get('alertEmail')).toBe('alertEmail');
    expect(JSON.parse(read('infra/azure.parameters.json')).parameters.alertEmail).toEqual({
      value: '${{ALERT_EMAIL}}',
    });
    expect(resourceNamed('alerts', 'actionGroup').body).toMatch(/^ {8}emailAddress: alertEmail$/m);
    const rules = [
      ...resourcesOfType('Microsoft.Insights/scheduledQueryRules'),
      ...resourcesOfType('Microsoft.Insights/metricAlerts'),
    ];
    expect(rules).toHaveLength(2);
    for (const rule of rules)
      expect(rule.body).toMatch(/actionGroups: \[actionGroup\.id\]|actionGroupId: actionGroup\.id/);
  });

  it('watches poisoning, the outbox, server errors, failed and missed jobs and reads of the key', () => {
    expect([...logAlerts().keys()]).toEqual([
      'poisoned-messages',
      'outbox-behind',
      'server-errors',
      'job-failed',
      'job-not-run',
      'key-read-by-others',
    ]);
    // Each rule fires when its query returns a row: the queries return only rows that need someone to look.
    expect(resourceNamed('alerts', 'logAlertRules').body).toMatch(
      /timeAggregation: 'Count'[\s\S]*operator: 'GreaterThan'\n\s+threshold: 0/,
    );
    // Each reads a table the deployment fills: the app's console and HTTP logs, telemetry, the vault's audit log.
    for (const [name, query] of logAlerts())
      expect(`${name}: ${query.split('\n')[0]}`).toMatch(
        /: (AppServiceConsoleLogs|AppServiceHTTPLogs|AppMetrics|AzureDiagnostics)$/,
      );
  });

  it('counts each poison queue by the line the app writes when it moves a message there', () => {
    const query = logAlerts().get('poisoned-messages')!;
    const dispatcher = read('src/delivery/dispatcher.ts') + read('src/delivery/send-outcome.ts');
    expect(dispatcher).toMatch(/log\.warn\(\{[^}]*\}, 'outbox message poisoned'\)/);
    expect(read('src/surveys/answering/mixer.ts')).toMatch(
      /queue: this\.deps\.queue\.kind \}, 'response message poisoned'\)/,
    );
    expect(query).toContain(
      "iff(msg == 'outbox message poisoned', 'outbox-poison', strcat(tostring(line.queue), '-poison'))",
    );
    // Every queue the query can name is a real poison queue, and every poison queue is one it can name.
    const kinds = read('src/surveys/answering/response-message.ts').match(
      /ResponseQueueKind = ((?:'\w+'(?: \| )?)+);/,
    )![1]!;
    const named = ['outbox-poison', ...[...kinds.matchAll(/'(\w+)'/g)].map((m) => `${m[1]}-poison`)].sort();
    // The queues the Bicep creates, which infra.test.ts holds equal to the app's QUEUE_NAMES.
    const queues = [...bicepVar(bicep.storage, 'queueNames').matchAll(/'([\w-]+)'/g)].map((m) => m[1]!);
    expect(named).toEqual(queues.filter((q) => q.endsWith('-poison')).sort());
  });

  it('reads the outbox age from the metric the metrics work emits, and 5xx from real traffic only', () => {
    expect(logAlerts().get('outbox-behind')).toContain("Name == 'staffvoice.outbox.oldest_age_seconds'");
    const errors = logAlerts().get('server-errors')!;
    expect(errors).toContain("CsUriStem !in ('/healthz', '/readyz')");
    expect(errors).toContain('ScStatus >= 500');
  });

  it("finds failed and missed jobs by the scheduler's own lines, which name the job", () => {
    const scheduler = read('src/platform/scheduler.ts');
    expect(scheduler).toMatch(/\{ job: job\.name, [^}]*\}, 'scheduled job starting'\)/);
    expect(scheduler).toMatch(/\{ job: job\.name, [^}]*\}, 'scheduled job failed'\)/);
    expect(logAlerts().get('job-failed')).toContain("tostring(line.msg) == 'scheduled job failed'");
    expect(logAlerts().get('job-not-run')).toContain("tostring(line.msg) == 'scheduled job starting'");
  });

  it('expects every job that runs at least every two days, each within a gap its schedule always keeps', () => {
    const listed = new Map(
      [
        ...logAlerts()
          .get('job-not-run')!
          .matchAll(/'([\w-]+)', (\d+)([mh])/g),
      ].map((m) => [m[1]!, Number(m[2]) * (m[3] === 'h' ? HOUR_MS : MINUTE_MS)]),
    );
    expect(listed.size).toBeGreaterThanOrEqual(6);
    const jobs = scheduledJobs();
    const problems: string[] = [];
    for (const [job, pattern] of jobs) {
      const longest = pattern ? longestGapMs(pattern) : Infinity;
      const gap = listed.get(job);
      if (longest > 36 * HOUR_MS) {
        if (!(job in NOT_WATCHED)) problems.push(`${job}: too far apart for the alert; say why in NOT_WATCHED`);
      } else if (gap === undefined) problems.push(`${job}: add it to the job-not-run alert's list`);
      else if (gap <= longest) problems.push(`${job}: the alert's gap is not longer than the schedule's ${longest} ms`);
    }
    expect(problems).toEqual([]);
    expect(Object.keys(NOT_WATCHED).filter((job) => !jobs.has(job))).toEqual([]);
    expect([...listed.keys()].filter((job) => !jobs.has(job))).toEqual([]);
    // The alert looks back two days: every gap must fit in that window.
    expect(bicep.alerts).toMatch(/name: 'job-not-run'[\s\S]*?window: 'P2D'/);
    for (const gap of listed.values()) expect(gap).toBeLessThan(48 * HOUR_MS);
  });

  it('alerts on a read of the speak-up key by any identity but the one the vault grants the app', () => {
    expect(bicep.alerts).toContain(
      "query: 'let vault = \\'${vaultId}\\';\\nlet appIdentity = \\'${appPrincipalId}\\';\\n${keyVaultReads}'",
    );
    const reads = varText('keyVaultReads');
    expect(reads).toContain("OperationName in ('SecretGet', 'SecretBackup')");
    expect(reads).toContain('_ResourceId =~ vault');
    expect(reads).toContain('caller !~ appIdentity');
    // The identity excluded is the one holding Key Vault Secrets User, on the vault whose audit log is sent.
    const params = moduleParams(bicep.main, 'alerts');
    expect(params.get('appPrincipalId')).toBe('identity.properties.principalId');
    expect(moduleParams(bicep.main, 'keyVault').get('principalId')).toBe('identity.properties.principalId');
    expect(params.get('vaultId')).toBe('keyVault.outputs.vaultId');
  });

  it('tests /readyz from five locations every five minutes, and alerts when two fail', () => {
    expect(moduleParams(bicep.main, 'alerts').get('readyUrl')).toBe("'https://${app.outputs.hostName}/readyz'");
    const test = resourceNamed('alerts', 'readyTest');
    expect(test.type).toBe('Microsoft.Insights/webtests');
    expect(test.body).toMatch(/^ {2}kind: 'standard'$/m);
    expect(test.body).toMatch(/^ {6}RequestUrl: readyUrl$/m);
    expect(test.body).toMatch(/^ {6}ExpectedHttpStatusCode: 200$/m);
    expect(test.body).toMatch(/^ {4}Frequency: 300$/m);
    expect(test.body.match(/\{ Id: '[\w-]+' \}/g)).toHaveLength(5);
    const alert = resourceNamed('alerts', 'readyAlert');
    expect(alert.body).toContain("'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'");
    expect(alert.body).toMatch(/webTestId: readyTest\.id[\s\S]*failedLocationCount: 2/);
  });
});

describe('the staging slot (infra/modules/staging-slot.bicep)', () => {
  it('exists on the default plan, which has slots, and only where the plan has them', () => {
    expect(bicep.main).toMatch(/^param appServiceSku string = 'P0v3'$/m);
    expect(JSON.parse(read('infra/azure.parameters.json')).parameters.appServiceSku).toEqual({ value: 'P0v3' });
    expect(bicep.app).toMatch(/^var hasStagingSlot = !startsWith\(sku, 'B'\)$/m);
    expect(bicep.app).toMatch(/^module stagingSlot '\.\/staging-slot\.bicep' = if \(hasStagingSlot\) \{$/m);
    const slot = resourceNamed('stagingSlot', 'slot');
    expect(slot.type).toBe('Microsoft.Web/sites/slots');
    expect(slot.body).toMatch(/^ {2}name: 'staging'$/m);
  });

  it("runs with the production site's config, settings, identity and network, so that a swap can make it production", () => {
    const params = moduleParams(bicep.app, 'stagingSlot');
    expect(params.get('siteConfig')).toBe('siteConfig');
    expect(params.get('appSettings')).toBe('appSettingValues');
    expect(params.get('appSubnetId')).toBe('appSubnetId');
    expect(resourceNamed('app', 'site').body).toMatch(/^ {4}siteConfig: siteConfig$/m);
    expect(resourceNamed('app', 'appSettings').body).toMatch(/^ {2}properties: appSettingValues$/m);
    const slot = resourceNamed('stagingSlot', 'slot').body;
    for (const line of ['siteConfig: siteConfig', 'keyVaultReferenceIdentity: identityId', "'${identityId}': {}"])
      expect(slot).toContain(line);
    expect(resourceNamed('stagingSlot', 'slotSettings').body).toMatch(/^ {2}properties: appSettings$/m);
    // Its logs land beside production's (the job alerts see a job the slot ran), and basic auth is off there too.
    expect(
      resourcesOfType('Microsoft.Insights/diagnosticSettings').filter((d) => d.body.includes('scope: slot')),
    ).toHaveLength(1);
    const policies = resourcesOfType('Microsoft.Web/sites/slots/basicPublishingCredentialsPolicies');
    expect(policies.map((p) => p.body.match(/name: '(\w+)'/)?.[1]).sort()).toEqual(['ftp', 'scm']);
    for (const policy of policies) expect(policy.body).toMatch(/^ {4}allow: false$/m);
  });

  it('swaps only once every incoming instance answers /readyz with 200', () => {
    expect(bicepAppSettings().get('WEBSITE_SWAP_WARMUP_PING_PATH')).toBe("'/readyz'");
    expect(bicepAppSettings().get('WEBSITE_SWAP_WARMUP_PING_STATUSES')).toBe("'200'");
  });
});

describe('the previous speak-up key during a rotation', () => {
  it('is a Key Vault reference to a version of the same secret, from a parameter the toolkit passes', () => {
    expect(bicepAppSettings().get('SPEAKUP_ENCRYPTION_KEY_PREVIOUS')).toBe(
      "empty(speakUpPreviousKeySecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${speakUpPreviousKeySecretUri})'",
    );
    expect(bicep.keyVault).toMatch(
      /^output speakUpPreviousKeySecretUri string = empty\(previousVersion\) \? '' : '\$\{vault\.properties\.vaultUri\}secrets\/\$\{secretName\}\/\$\{previousVersion\}'$/m,
    );
    // Only a version id (32 hex characters) of that secret: `none`, or a mistake, gives no previous key.
    expect(bicep.keyVault).toMatch(/^var previousVersion = length\(lastPart\) == 32 \? lastPart : ''$/m);
    expect(moduleParams(bicep.main, 'keyVault').get('previousKeyVersion')).toBe('speakUpPreviousKeyVersion');
    expect(moduleParams(bicep.main, 'app').get('speakUpPreviousKeySecretUri')).toBe(
      'keyVault.outputs.speakUpPreviousKeySecretUri',
    );
    expect(JSON.parse(read('infra/azure.parameters.json')).parameters.speakUpPreviousKeyVersion).toEqual({
      value: '${{SPEAKUP_ENCRYPTION_KEY_PREVIOUS_VERSION}}',
    });
    expect(read('env/.env.dev')).toMatch(/^SPEAKUP_ENCRYPTION_KEY_PREVIOUS_VERSION=none$/m);
  });

  it('reaches the app as its previous key when set, and as nothing when not', () => {
    const previous = randomBytes(32).toString('base64');
    const midRotation = parseAsDeployed({ SPEAKUP_ENCRYPTION_KEY_PREVIOUS: previous }).result;
    expect(midRotation.ok && midRotation.config.speakUp).toEqual({
      encryptionKey: SPEAK_UP_KEY,
      previousEncryptionKeys: [previous],
    });
    const otherwise = parseAsDeployed().result;
    expect(otherwise.ok && otherwise.config.speakUp?.previousEncryptionKeys).toEqual([]);
  });

  it('stays with the production slot in a swap, so that one set by hand does not leave with the old code', () => {
    expect(moduleParams(bicep.app, 'stagingSlot').get('stickySettings')).toBe("['SPEAKUP_ENCRYPTION_KEY_PREVIOUS']");
    const sticky = resourceNamed('stagingSlot', 'stickyNames');
    expect(sticky.body).toMatch(/^ {2}name: 'slotConfigNames'$/m);
    expect(sticky.body).toMatch(/^ {4}appSettingNames: stickySettings$/m);
    expect(bicepObject(bicep.app, 'appSettingValues').has('SPEAKUP_ENCRYPTION_KEY_PREVIOUS')).toBe(true);
  });
});
