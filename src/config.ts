import { Cron } from 'croner';
import { z } from 'zod';
import { BANK_HOLIDAY_REGIONS, type BankHolidaySource } from './platform/calendar/bank-holidays';

/** How the process runs: `local` embeds Azurite and the Agents Playground; `azure` is production. */
export type Mode = 'local' | 'azure';

/** Bot identity. `appId` is undefined only in local mode, where inbound auth is off. */
export type BotConfig =
  | { readonly auth: 'none' }
  | {
      readonly auth: 'MultiTenant' | 'SingleTenant';
      readonly appId: string;
      readonly password: string;
      readonly tenantId?: string;
    }
  | { readonly auth: 'UserAssignedMsi'; readonly appId: string; readonly tenantId: string };

/** Where tables and queues live. Local mode resolves `embedded` to a connection string at start-up. */
export type StorageConfig =
  | { readonly kind: 'embedded'; readonly dataDir: string; readonly tablePort: number; readonly queuePort: number; readonly blobPort: number }
  | { readonly kind: 'connection-string'; readonly connectionString: string }
  | { readonly kind: 'account-url'; readonly tableUrl: string; readonly queueUrl: string; readonly clientId?: string };

/** A storage config that needs nothing started: what createApp receives. */
export type ResolvedStorage = Exclude<StorageConfig, { kind: 'embedded' }>;

/** The whole configuration, parsed once and frozen. Each feature receives only its slice. */
export interface Config {
  readonly mode: Mode;
  readonly server: { readonly port: number; readonly bodyLimitBytes: number };
  readonly bot: BotConfig;
  readonly storage: StorageConfig;
  /** Prefix for every table and queue name; lets tests and several deployments share one account. */
  readonly storageNamespace: string;
  readonly log: { readonly level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' };
  readonly people: { readonly firstAdmins: readonly string[] };
  readonly schedule: { readonly timeZone: string };
  /** Privacy: the smallest group any result is shown for, and the answers the mixer waits for before writing. */
  readonly privacy: { readonly minGroupSize: number };
  /** Results and digests: comment threshold, the digest's cron (in the schedule time zone), the app's public URL. */
  readonly results: { readonly minComments: number; readonly digestSchedule: string; readonly publicUrl: string };
  /** Speak-up rules: working days to acknowledge, whose bank holidays, the incident-reporting note, check-in delay. */
  readonly cases: { readonly ackWorkingDays: number; readonly bankHolidays: BankHolidaySource; readonly incidentNote: string; readonly checkInDays: number };
  /** Days kept: a closed wave's responses and recipient rows, a closed case (once checked in on), an audit row. */
  readonly retention: { readonly responsesDays: number; readonly casesDays: number; readonly auditDays: number };
  readonly local: { readonly playgroundPort: number; readonly startPlayground: boolean };
  readonly delivery: DeliveryConfig;
  /**
   * Application Insights, through Azure Monitor OpenTelemetry. Absent: no telemetry leaves the process. `clientId`
   * (AZURE_CLIENT_ID, the app's user-assigned managed identity): ingestion authenticates as that identity with Entra
   * tokens, as a resource with local auth off requires; without it, the connection string's key alone.
   */
  readonly telemetry?: { readonly connectionString: string; readonly clientId?: string };
  /**
   * The key that seals speak-up text and reporter identities at rest, 32 bytes in base64 (a Key Vault reference in
   * Azure, required there; local mode keeps its own under the data folder when this is absent). During a rotation,
   * `previousEncryptionKeys` still open (and find) what older keys sealed until the re-seal job has moved it; they
   * never seal anything new.
   */
  readonly speakUp?: { readonly encryptionKey: string; readonly previousEncryptionKeys: readonly string[] };
  /**
   * The Entra tenants whose activities are served; any other is refused before a route runs. Azure mode always has a
   * list (ALLOWED_TENANT_IDS, else BOT_TENANT_ID; empty, refusing everyone, when neither is set); local mode only
   * when ALLOWED_TENANT_IDS is set.
   */
  readonly tenants?: { readonly allowed: readonly string[] };
}

/** The retention job's periods, in days from when a wave or case closed, or an audit row was written. */
export type RetentionConfig = Config['retention'];

/** The outbox dispatcher's knobs. */
export interface DeliveryConfig {
  /** Dispatcher workers in this process (each holds at most one send in flight). 0 = this process does not send. */
  readonly workers: number;
  /** Requests per second for the whole app, across every process (Teams allows 50 per app per tenant). */
  readonly budgetPerSecond: number;
  /** How many processes share the budget; each takes budgetPerSecond / processes. */
  readonly processes: number;
  /** Attempts (excluding throttling) before a message goes to the poison queue. */
  readonly maxAttempts: number;
  /** Seconds a received message stays hidden and a claim stays held: longer than any one send can take (15 s). */
  readonly holdSeconds: number;
}

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');
const port = z.coerce.number().int().min(1).max(65535);
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

// Storage endpoints look like https://<account>.<service>.<suffix>; one URL names the account, we derive both services.
const storageUrl = z
  .string()
  .url()
  .regex(/^https:\/\/[a-z0-9]{3,24}\.(table|queue|blob)\.[a-z0-9.-]+\/?$/, 'must look like https://<account>.table.core.windows.net');

// App Service passes an unresolvable Key Vault reference through as its literal text: say so, not just "bad value".
const KEY_VAULT_REFERENCE = /^@Microsoft\.KeyVault\(/i;
const encryptionKey = z
  .string()
  .refine((v) => !KEY_VAULT_REFERENCE.test(v), 'is an unresolved Key Vault reference: check the app\'s identity can read the secret (Key Vault Secrets User)')
  .refine((v) => KEY_VAULT_REFERENCE.test(v) || (/^[A-Za-z0-9+/]{43}=$/.test(v) && Buffer.from(v, 'base64').length === 32), 'must be 32 random bytes in base64 (openssl rand -base64 32)');
// During a rotation: the key(s) being replaced, comma-separated (usually one Key Vault reference to the old version).
const previousKeys = z
  .string()
  .refine((v) => !KEY_VAULT_REFERENCE.test(v), 'is an unresolved Key Vault reference: check the secret version exists and the app\'s identity can read it')
  .transform((v) => v.split(',').map((k) => k.trim()).filter(Boolean))
  .refine((keys) => keys.every((k) => /^[A-Za-z0-9+/]{43}=$/.test(k) && Buffer.from(k, 'base64').length === 32), 'must be 32-byte keys in base64, separated by commas (the key(s) being replaced)');
const appInsightsConnectionString = z
  .string()
  .regex(/(^|;)\s*InstrumentationKey=[0-9a-f-]{36}\s*(;|$)/i, 'must be an Application Insights connection string (InstrumentationKey=...;IngestionEndpoint=...)');

// The smallest group any figure may describe, whatever a deployment configures (DESIGN.md).
const MIN_GROUP_SIZE_FLOOR = 5;

const envSchema = z.object({
  PORT: optional(port),
  BODY_LIMIT_BYTES: optional(z.coerce.number().int().min(1024).max(4 * 1024 * 1024)),
  BOT_ID: optional(guid),
  BOT_TYPE: optional(z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMsi'])),
  BOT_TENANT_ID: optional(guid),
  BOT_PASSWORD: optional(z.string().min(1)),
  STORAGE_ACCOUNT_URL: optional(storageUrl),
  STORAGE_CONNECTION_STRING: optional(z.string().min(10)),
  STORAGE_NAMESPACE: optional(z.string().regex(/^[a-z][a-z0-9]{0,15}$/, 'lowercase letters and digits, starting with a letter, at most 16')),
  AZURE_CLIENT_ID: optional(guid),
  ADMIN_AAD_OBJECT_IDS: optional(z.string()),
  ALLOWED_TENANT_IDS: optional(z.string()),
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
  SCHEDULE_TIME_ZONE: optional(z.string().min(1)),
  LOCAL_DATA_DIR: optional(z.string().min(1)),
  LOCAL_PLAYGROUND: optional(z.enum(['on', 'off'])),
  // Azurite takes this port for blobs and the next two for queues and tables (another Azurite may hold 10000–10002).
  LOCAL_AZURITE_PORT: optional(port.max(65533, 'must be at most 65533: Azurite also takes the two ports after it')),
  SPEAKUP_ACK_WORKING_DAYS: optional(z.coerce.number().int().min(1).max(30)),
  BANK_HOLIDAY_REGION: optional(z.enum(BANK_HOLIDAY_REGIONS, { errorMap: (_issue, ctx) => ({ message: `"${String(ctx.data)}" is not one of ${BANK_HOLIDAY_REGIONS.join(', ')} (England and Wales share one calendar)` }) })),
  SPEAKUP_BANK_HOLIDAYS: optional(z.string().regex(/^\s*\d{4}-\d{2}-\d{2}\s*(,\s*\d{4}-\d{2}-\d{2}\s*)*$/, 'must be dates like 2026-12-25, separated by commas')),
  SPEAKUP_INCIDENT_NOTE: optional(z.string().min(10).max(500)),
  SPEAKUP_CHECKIN_DAYS: optional(z.coerce.number().int().min(7).max(365)),
  // Floors, so that a typo cannot delete records still in use (a case's check-in comes up to a year after it closes).
  RETENTION_RESPONSES_DAYS: optional(z.coerce.number().int().min(30, 'must be at least 30 (days after a wave closes)').max(36_500)),
  RETENTION_CASES_DAYS: optional(z.coerce.number().int().min(180, 'must be at least 180 (days after a case closes)').max(36_500)),
  RETENTION_AUDIT_DAYS: optional(z.coerce.number().int().min(365, 'must be at least 365').max(36_500)),
  PRIVACY_MIN_COMMENTS: optional(z.coerce.number().int().min(5, 'must be at least 5').max(1000)),
  DIGEST_SCHEDULE: optional(z.string().refine(isCronPattern, 'must be a 5-field cron pattern, e.g. "0 8 * * 1" for Monday 08:00')),
  PUBLIC_BASE_URL: optional(z.string().url().regex(/^https?:\/\/[^/]+\/?$/, 'must be the app\'s base URL, e.g. https://staff-voice.azurewebsites.net')),
  // Never below 5: the floor DESIGN.md sets, whatever a deployment asks for.
  PRIVACY_MIN_GROUP_SIZE: optional(z.coerce.number().int().min(MIN_GROUP_SIZE_FLOOR, `must be at least ${MIN_GROUP_SIZE_FLOOR} (the privacy floor)`).max(1000)),
  DELIVERY_WORKERS: optional(z.coerce.number().int().min(0).max(64)),
  DELIVERY_BUDGET_PER_SECOND: optional(z.coerce.number().min(1).max(50)),
  DELIVERY_PROCESSES: optional(z.coerce.number().int().min(1).max(100)),
  DELIVERY_MAX_ATTEMPTS: optional(z.coerce.number().int().min(1).max(50)),
  APPLICATIONINSIGHTS_CONNECTION_STRING: optional(appInsightsConnectionString),
  SPEAKUP_ENCRYPTION_KEY: optional(encryptionKey),
  SPEAKUP_ENCRYPTION_KEY_PREVIOUS: optional(previousKeys),
});

type Env = z.infer<typeof envSchema>;

/** The outcome of parsing: a config, or every problem found. */
export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Parses an environment into a frozen Config, collecting every problem rather than stopping at the first. */
export function parseConfig(env: NodeJS.ProcessEnv): ConfigResult {
  // Each variable is parsed on its own, so one bad value does not hide the problems with the others.
  const problems: string[] = [];
  const e: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(envSchema.shape)) {
    const parsed = (schema as z.ZodTypeAny).safeParse(env[key]);
    if (parsed.success) e[key] = parsed.data;
    else problems.push(...parsed.error.issues.map((i) => `${key}: ${i.message}`));
  }
  // The mode follows what was set, valid or not: a mistyped BOT_ID must not quietly fall back to local mode.
  const given = (key: string) => typeof env[key] === 'string' && env[key]!.trim() !== '';
  const mode: Mode = given('BOT_ID') || given('STORAGE_ACCOUNT_URL') || given('STORAGE_CONNECTION_STRING') ? 'azure' : 'local';
  return finishConfig(e as Env, mode, problems);
}

function finishConfig(e: Env, mode: Mode, problems: string[]): ConfigResult {

  const firstAdmins = parseAdmins(e.ADMIN_AAD_OBJECT_IDS, problems);
  const tenants = parseTenants(e.ALLOWED_TENANT_IDS, problems) ?? (mode === 'azure' ? (e.BOT_TENANT_ID ? [e.BOT_TENANT_ID.toLowerCase()] : []) : undefined);
  const timeZone = e.SCHEDULE_TIME_ZONE ?? 'Europe/London';
  if (!isTimeZone(timeZone)) problems.push(`SCHEDULE_TIME_ZONE: "${timeZone}" is not a time zone this runtime knows`);

  const bot = mode === 'azure' ? azureBot(e, problems) : ({ auth: 'none' } as const);
  const storage = mode === 'azure' ? azureStorage(e, problems) : localStorage(e);
  if (mode === 'azure' && firstAdmins.length === 0) {
    problems.push('ADMIN_AAD_OBJECT_IDS: required in azure mode, so that someone can grant the other roles');
  }
  if (mode === 'azure' && !e.SPEAKUP_ENCRYPTION_KEY && !problems.some((p) => p.startsWith('SPEAKUP_ENCRYPTION_KEY'))) {
    problems.push('SPEAKUP_ENCRYPTION_KEY: required in azure mode: speak-up text and reporter identities are encrypted with it (a Key Vault reference)');
  }
  if (e.SPEAKUP_ENCRYPTION_KEY_PREVIOUS && !e.SPEAKUP_ENCRYPTION_KEY && !problems.some((p) => p.startsWith('SPEAKUP_ENCRYPTION_KEY'))) {
    problems.push('SPEAKUP_ENCRYPTION_KEY_PREVIOUS: only with SPEAKUP_ENCRYPTION_KEY (the new key): previous keys open old values, the current one seals new ones');
  }
  if (mode === 'azure' && !e.PUBLIC_BASE_URL) problems.push("PUBLIC_BASE_URL: required in azure mode: export and NGO-return download links point at it (the app's https address)");
  const retention = { responsesDays: e.RETENTION_RESPONSES_DAYS ?? 730, casesDays: e.RETENTION_CASES_DAYS ?? 2190, auditDays: e.RETENTION_AUDIT_DAYS ?? 2190 };
  const checkInDays = e.SPEAKUP_CHECKIN_DAYS ?? 90;
  if (retention.casesDays <= checkInDays && !problems.some((p) => p.startsWith('RETENTION_CASES_DAYS') || p.startsWith('SPEAKUP_CHECKIN_DAYS'))) {
    problems.push(`RETENTION_CASES_DAYS: ${retention.casesDays} must be longer than SPEAKUP_CHECKIN_DAYS (${checkInDays}): a case cannot be deleted before its reporter is asked about detriment`);
  }
  // The list replaces the calendar rather than adding to it: naming both would leave one of them silently unused.
  if (e.BANK_HOLIDAY_REGION && e.SPEAKUP_BANK_HOLIDAYS) {
    problems.push('BANK_HOLIDAY_REGION and SPEAKUP_BANK_HOLIDAYS: set one, not both (the list replaces the calendar; include every day that is not a working day)');
  }
  if (problems.length > 0) return { ok: false, problems };

  const config: Config = {
    mode,
    server: { port: e.PORT ?? 3978, bodyLimitBytes: e.BODY_LIMIT_BYTES ?? 256 * 1024 },
    bot,
    storage: storage!,
    storageNamespace: e.STORAGE_NAMESPACE ?? '',
    log: { level: e.LOG_LEVEL ?? 'info' },
    people: { firstAdmins },
    schedule: { timeZone },
    // Local mode's Playground has six people, so its demo runs at the floor; a trust's deployment defaults to 10.
    privacy: { minGroupSize: e.PRIVACY_MIN_GROUP_SIZE ?? (mode === 'local' ? MIN_GROUP_SIZE_FLOOR : 10) },
    cases: {
      ackWorkingDays: e.SPEAKUP_ACK_WORKING_DAYS ?? 2,
      bankHolidays: e.SPEAKUP_BANK_HOLIDAYS ? { dates: e.SPEAKUP_BANK_HOLIDAYS.split(',').map((d) => d.trim()) } : { region: e.BANK_HOLIDAY_REGION ?? 'england-and-wales' },
      incidentNote: e.SPEAKUP_INCIDENT_NOTE ?? 'If a patient was harmed or could have been, please also report it through the trust\'s incident reporting system: speaking up here does not replace it.',
      checkInDays,
    },
    retention,
    results: {
      minComments: e.PRIVACY_MIN_COMMENTS ?? 10,
      digestSchedule: e.DIGEST_SCHEDULE ?? '0 8 * * 1',
      // Local mode listens on 127.0.0.1 only, and `localhost` may resolve to ::1 first.
      publicUrl: (e.PUBLIC_BASE_URL ?? `http://127.0.0.1:${e.PORT ?? 3978}`).replace(/\/$/, ''),
    },
    local: { playgroundPort: 56150, startPlayground: e.LOCAL_PLAYGROUND !== 'off' },
    delivery: {
      workers: e.DELIVERY_WORKERS ?? 4,
      budgetPerSecond: e.DELIVERY_BUDGET_PER_SECOND ?? 40,
      processes: e.DELIVERY_PROCESSES ?? 1,
      maxAttempts: e.DELIVERY_MAX_ATTEMPTS ?? 8,
      holdSeconds: 30,
    },
    ...(e.APPLICATIONINSIGHTS_CONNECTION_STRING
      ? { telemetry: { connectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING, ...(e.AZURE_CLIENT_ID ? { clientId: e.AZURE_CLIENT_ID } : {}) } }
      : {}),
    // A previous key equal to the current one is dropped (a reference to the current version set early is harmless).
    ...(e.SPEAKUP_ENCRYPTION_KEY
      ? { speakUp: { encryptionKey: e.SPEAKUP_ENCRYPTION_KEY, previousEncryptionKeys: [...new Set(e.SPEAKUP_ENCRYPTION_KEY_PREVIOUS ?? [])].filter((k) => k !== e.SPEAKUP_ENCRYPTION_KEY) } }
      : {}),
    ...(tenants ? { tenants: { allowed: tenants } } : {}),
  };
  return { ok: true, config: deepFreeze(config) };
}

function azureBot(e: Env, problems: string[]): BotConfig {
  if (!e.BOT_ID && !problems.some((p) => p.startsWith('BOT_ID'))) problems.push('BOT_ID: required in azure mode (the Entra app id or managed identity client id of the bot)');
  if (!e.BOT_TYPE) problems.push('BOT_TYPE: required in azure mode: MultiTenant, SingleTenant or UserAssignedMsi');
  const appId = e.BOT_ID ?? '';
  switch (e.BOT_TYPE) {
    case 'UserAssignedMsi':
      if (!e.BOT_TENANT_ID) problems.push('BOT_TENANT_ID: required when BOT_TYPE is UserAssignedMsi');
      if (e.BOT_PASSWORD) problems.push('BOT_PASSWORD: must not be set when BOT_TYPE is UserAssignedMsi (the identity needs no secret)');
      return { auth: 'UserAssignedMsi', appId, tenantId: e.BOT_TENANT_ID ?? '' };
    case 'SingleTenant':
      if (!e.BOT_TENANT_ID) problems.push('BOT_TENANT_ID: required when BOT_TYPE is SingleTenant');
      if (!e.BOT_PASSWORD) problems.push('BOT_PASSWORD: required when BOT_TYPE is SingleTenant');
      return { auth: 'SingleTenant', appId, password: e.BOT_PASSWORD ?? '', tenantId: e.BOT_TENANT_ID };
    case 'MultiTenant':
      if (!e.BOT_PASSWORD) problems.push('BOT_PASSWORD: required when BOT_TYPE is MultiTenant');
      return { auth: 'MultiTenant', appId, password: e.BOT_PASSWORD ?? '' };
    default:
      return { auth: 'none' };
  }
}

function azureStorage(e: Env, problems: string[]): StorageConfig | undefined {
  if (e.STORAGE_ACCOUNT_URL && e.STORAGE_CONNECTION_STRING) {
    problems.push('STORAGE_ACCOUNT_URL and STORAGE_CONNECTION_STRING: set one, not both');
    return undefined;
  }
  if (e.STORAGE_CONNECTION_STRING) return { kind: 'connection-string', connectionString: e.STORAGE_CONNECTION_STRING };
  if (e.STORAGE_ACCOUNT_URL) {
    const base = e.STORAGE_ACCOUNT_URL.replace(/\/$/, '');
    return {
      kind: 'account-url',
      tableUrl: base.replace(/\.(table|queue|blob)\./, '.table.'),
      queueUrl: base.replace(/\.(table|queue|blob)\./, '.queue.'),
      clientId: e.AZURE_CLIENT_ID,
    };
  }
  problems.push('STORAGE_ACCOUNT_URL: required in azure mode (or STORAGE_CONNECTION_STRING for a non-Azure store)');
  return undefined;
}

function localStorage(e: Env): StorageConfig {
  const first = e.LOCAL_AZURITE_PORT ?? 10000;
  return { kind: 'embedded', dataDir: e.LOCAL_DATA_DIR ?? '.data', blobPort: first, queuePort: first + 1, tablePort: first + 2 };
}

function parseAdmins(raw: string | undefined, problems: string[]): string[] {
  if (!raw) return [];
  const ids = raw.split(/[,\s]+/).filter(Boolean);
  for (const id of ids) {
    if (!guid.safeParse(id).success) problems.push(`ADMIN_AAD_OBJECT_IDS: "${id}" is not an Entra object id (a GUID)`);
  }
  return ids.map((id) => id.toLowerCase());
}

/** ALLOWED_TENANT_IDS: comma- or space-separated tenant ids, lower-cased; undefined when not set. */
function parseTenants(raw: string | undefined, problems: string[]): string[] | undefined {
  if (!raw) return undefined;
  const ids = raw.split(/[,\s]+/).filter(Boolean);
  for (const id of ids) {
    if (!guid.safeParse(id).success) problems.push(`ALLOWED_TENANT_IDS: "${id}" is not an Entra tenant id (a GUID)`);
  }
  return ids.map((id) => id.toLowerCase());
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Reads process.env once; on any problem prints every one of them and exits non-zero. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = parseConfig(env);
  if (result.ok) return result.config;
  process.stderr.write(`Staff Voice cannot start: the configuration has ${result.problems.length} problem(s):\n`);
  for (const p of result.problems) process.stderr.write(`  - ${p}\n`);
  process.stderr.write('See the configuration table in README.md.\n');
  process.exit(2);
}

function isCronPattern(pattern: string): boolean {
  if (pattern.trim().split(/\s+/).length !== 5) return false;
  try {
    new Cron(pattern, { paused: true });
    return true;
  } catch {
    return false;
  }
}
