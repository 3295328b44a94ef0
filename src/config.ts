import type { z } from 'zod';
import { DEFAULTS, envSchema, isTimeZone, parseAdmins, parseTenants, type Env } from './config-env';
import type { BankHolidaySource } from './platform/calendar/bank-holidays';
import { azureBot, azureStorage, localStorage } from './config-connections';
import { dashboardSignIn, type DashboardSignIn } from './config-dashboard';
import type { ResolvedStorage, StorageConfig } from './platform/storage';
import type { BotConfig } from './platform/teams/bot-auth';

// platform declares the shapes of the settings it reads (it imports nothing above it); config fills them in.
export type { BotConfig, DashboardSignIn, ResolvedStorage, StorageConfig };

/** How the process runs: `local` embeds Azurite and the Agents Playground; `azure` is production. */
export type Mode = 'local' | 'azure';

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
  readonly cases: {
    readonly ackWorkingDays: number;
    readonly bankHolidays: BankHolidaySource;
    readonly incidentNote: string;
    readonly checkInDays: number;
  };
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
  /** The Results tab's Entra sign-in (DASHBOARD_CLIENT_ID); absent, only local mode's own sign-in works. */
  readonly dashboard?: DashboardSignIn;
}

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
  const mode: Mode =
    given('BOT_ID') || given('STORAGE_ACCOUNT_URL') || given('STORAGE_CONNECTION_STRING') ? 'azure' : 'local';
  return finishConfig(e as Env, mode, problems);
}

function finishConfig(e: Env, mode: Mode, problems: string[]): ConfigResult {
  const firstAdmins = parseAdmins(e.ADMIN_AAD_OBJECT_IDS, problems);
  const tenants =
    parseTenants(e.ALLOWED_TENANT_IDS, problems) ??
    (mode === 'azure' ? (e.BOT_TENANT_ID ? [e.BOT_TENANT_ID.toLowerCase()] : []) : undefined);
  const timeZone = e.SCHEDULE_TIME_ZONE ?? DEFAULTS.timeZone;
  if (!isTimeZone(timeZone)) problems.push(`SCHEDULE_TIME_ZONE: "${timeZone}" is not a time zone this runtime knows`);
  const bot = mode === 'azure' ? azureBot(e, problems) : ({ auth: 'none' } as const);
  const storage = mode === 'azure' ? azureStorage(e, problems) : localStorage(e);
  const retention = {
    responsesDays: e.RETENTION_RESPONSES_DAYS ?? DEFAULTS.retention.responsesDays,
    casesDays: e.RETENTION_CASES_DAYS ?? DEFAULTS.retention.casesDays,
    auditDays: e.RETENTION_AUDIT_DAYS ?? DEFAULTS.retention.auditDays,
  };
  const checkInDays = e.SPEAKUP_CHECKIN_DAYS ?? DEFAULTS.checkInDays;
  const dashboard = dashboardSignIn(e, { mode, tenants }, problems);
  checkTogether(e, { mode, firstAdmins, casesDays: retention.casesDays, checkInDays }, problems);
  if (problems.length > 0) return { ok: false, problems };

  const config: Config = {
    mode,
    server: { port: e.PORT ?? DEFAULTS.port, bodyLimitBytes: e.BODY_LIMIT_BYTES ?? DEFAULTS.bodyLimitBytes },
    bot,
    storage: storage!,
    storageNamespace: e.STORAGE_NAMESPACE ?? DEFAULTS.storageNamespace,
    log: { level: e.LOG_LEVEL ?? DEFAULTS.logLevel },
    people: { firstAdmins },
    schedule: { timeZone },
    privacy: { minGroupSize: e.PRIVACY_MIN_GROUP_SIZE ?? DEFAULTS.minGroupSize[mode] },
    cases: {
      ackWorkingDays: e.SPEAKUP_ACK_WORKING_DAYS ?? DEFAULTS.ackWorkingDays,
      bankHolidays: e.SPEAKUP_BANK_HOLIDAYS
        ? { dates: e.SPEAKUP_BANK_HOLIDAYS.split(',').map((d) => d.trim()) }
        : { region: e.BANK_HOLIDAY_REGION ?? DEFAULTS.bankHolidayRegion },
      incidentNote: e.SPEAKUP_INCIDENT_NOTE ?? DEFAULTS.incidentNote,
      checkInDays,
    },
    retention,
    results: {
      minComments: e.PRIVACY_MIN_COMMENTS ?? DEFAULTS.minComments,
      digestSchedule: e.DIGEST_SCHEDULE ?? DEFAULTS.digestSchedule,
      // Local mode listens on 127.0.0.1 only, and `localhost` may resolve to ::1 first.
      publicUrl: (e.PUBLIC_BASE_URL ?? `http://127.0.0.1:${e.PORT ?? DEFAULTS.port}`).replace(/\/$/, ''),
    },
    local: { playgroundPort: DEFAULTS.playgroundPort, startPlayground: e.LOCAL_PLAYGROUND !== 'off' },
    delivery: {
      workers: e.DELIVERY_WORKERS ?? DEFAULTS.delivery.workers,
      budgetPerSecond: e.DELIVERY_BUDGET_PER_SECOND ?? DEFAULTS.delivery.budgetPerSecond,
      processes: e.DELIVERY_PROCESSES ?? DEFAULTS.delivery.processes,
      maxAttempts: e.DELIVERY_MAX_ATTEMPTS ?? DEFAULTS.delivery.maxAttempts,
      holdSeconds: DEFAULTS.delivery.holdSeconds,
    },
    ...(e.APPLICATIONINSIGHTS_CONNECTION_STRING
      ? {
          telemetry: {
            connectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING,
            ...(e.AZURE_CLIENT_ID ? { clientId: e.AZURE_CLIENT_ID } : {}),
          },
        }
      : {}),
    // A previous key equal to the current one is dropped (a reference to the current version set early is harmless).
    ...(e.SPEAKUP_ENCRYPTION_KEY
      ? {
          speakUp: {
            encryptionKey: e.SPEAKUP_ENCRYPTION_KEY,
            previousEncryptionKeys: [...new Set(e.SPEAKUP_ENCRYPTION_KEY_PREVIOUS ?? [])].filter(
              (k) => k !== e.SPEAKUP_ENCRYPTION_KEY,
            ),
          },
        }
      : {}),
    ...(tenants ? { tenants: { allowed: tenants } } : {}),
    ...(dashboard ? { dashboard } : {}),
  };
  return { ok: true, config: deepFreeze(config) };
}

/** The rules that span variables: what azure mode requires, and settings that only make sense together. */
function checkTogether(
  e: Env,
  c: { mode: Mode; firstAdmins: string[]; casesDays: number; checkInDays: number },
  problems: string[],
): void {
  const { mode } = c;
  if (mode === 'azure' && c.firstAdmins.length === 0) {
    problems.push('ADMIN_AAD_OBJECT_IDS: required in azure mode, so that someone can grant the other roles');
  }
  if (mode === 'azure' && !e.SPEAKUP_ENCRYPTION_KEY && !problems.some((p) => p.startsWith('SPEAKUP_ENCRYPTION_KEY'))) {
    problems.push(
      'SPEAKUP_ENCRYPTION_KEY: required in azure mode: speak-up text and reporter identities are encrypted with it (a Key Vault reference)',
    );
  }
  if (
    e.SPEAKUP_ENCRYPTION_KEY_PREVIOUS &&
    !e.SPEAKUP_ENCRYPTION_KEY &&
    !problems.some((p) => p.startsWith('SPEAKUP_ENCRYPTION_KEY'))
  ) {
    problems.push(
      'SPEAKUP_ENCRYPTION_KEY_PREVIOUS: only with SPEAKUP_ENCRYPTION_KEY (the new key): previous keys open old values, the current one seals new ones',
    );
  }
  if (mode === 'azure' && !e.PUBLIC_BASE_URL)
    problems.push(
      "PUBLIC_BASE_URL: required in azure mode: export and NGO-return download links point at it (the app's https address)",
    );
  if (
    c.casesDays <= c.checkInDays &&
    !problems.some((p) => p.startsWith('RETENTION_CASES_DAYS') || p.startsWith('SPEAKUP_CHECKIN_DAYS'))
  ) {
    problems.push(
      `RETENTION_CASES_DAYS: ${c.casesDays} must be longer than SPEAKUP_CHECKIN_DAYS (${c.checkInDays}): a case cannot be deleted before its reporter is asked about detriment`,
    );
  }
  // The list replaces the calendar rather than adding to it: naming both would leave one of them silently unused.
  if (e.BANK_HOLIDAY_REGION && e.SPEAKUP_BANK_HOLIDAYS) {
    problems.push(
      'BANK_HOLIDAY_REGION and SPEAKUP_BANK_HOLIDAYS: set one, not both (the list replaces the calendar; include every day that is not a working day)',
    );
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

/** Config with storage resolved to something reachable (local mode has started Azurite by now). */
export type AppConfig = Omit<Config, 'storage'> & {
  readonly storage: ResolvedStorage;
  /**
   * The speak-up encryption key (SPEAKUP_ENCRYPTION_KEY in Azure; kept under .data/ in local mode): the secret every
   * sealing and tagging key is derived from. During a rotation `speakUp.previousEncryptionKeys` holds the old one(s).
   */
  readonly sealingKey: string;
};
