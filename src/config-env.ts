import { Cron } from 'croner';
import { z } from 'zod';
import { BANK_HOLIDAY_REGIONS } from './platform/calendar/bank-holidays';

// The environment variables config.ts reads: each one's rule (zod), each default as a named value, and the helpers
// that read lists out of them. config.ts puts them together into a Config.

export const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');
const port = z.coerce.number().int().min(1).max(65535);
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

/** What a namespace may be (STORAGE_NAMESPACE, and where `npm run restore` writes): it prefixes table names. */
export const NAMESPACE_RULE = {
  pattern: /^[a-z][a-z0-9]{0,15}$/,
  says: 'lowercase letters and digits, starting with a letter, at most 16',
};

// Storage endpoints look like https://<account>.<service>.<suffix>; one URL names the account, we derive both services.
const storageUrl = z
  .string()
  .url()
  .regex(
    /^https:\/\/[a-z0-9]{3,24}\.(table|queue|blob)\.[a-z0-9.-]+\/?$/,
    'must look like https://<account>.table.core.windows.net',
  );

// App Service passes an unresolvable Key Vault reference through as its literal text: say so, not just "bad value".
const KEY_VAULT_REFERENCE = /^@Microsoft\.KeyVault\(/i;
const encryptionKey = z
  .string()
  .refine(
    (v) => !KEY_VAULT_REFERENCE.test(v),
    "is an unresolved Key Vault reference: check the app's identity can read the secret (Key Vault Secrets User)",
  )
  .refine(
    (v) => KEY_VAULT_REFERENCE.test(v) || (/^[A-Za-z0-9+/]{43}=$/.test(v) && Buffer.from(v, 'base64').length === 32),
    'must be 32 random bytes in base64 (openssl rand -base64 32)',
  );
// During a rotation: the key(s) being replaced, comma-separated (usually one Key Vault reference to the old version).
const previousKeys = z
  .string()
  .refine(
    (v) => !KEY_VAULT_REFERENCE.test(v),
    "is an unresolved Key Vault reference: check the secret version exists and the app's identity can read it",
  )
  .transform((v) =>
    v
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
  )
  .refine(
    (keys) => keys.every((k) => /^[A-Za-z0-9+/]{43}=$/.test(k) && Buffer.from(k, 'base64').length === 32),
    'must be 32-byte keys in base64, separated by commas (the key(s) being replaced)',
  );
const appInsightsConnectionString = z
  .string()
  .regex(
    /(^|;)\s*InstrumentationKey=[0-9a-f-]{36}\s*(;|$)/i,
    'must be an Application Insights connection string (InstrumentationKey=...;IngestionEndpoint=...)',
  );

// The smallest group any figure may describe, whatever a deployment configures (DESIGN.md).
export const MIN_GROUP_SIZE_FLOOR = 5;

/** Every environment variable Staff Voice reads, in the order they are checked, each with its own rule. */
export const envSchema = z.object({
  PORT: optional(port),
  BODY_LIMIT_BYTES: optional(
    z.coerce
      .number()
      .int()
      .min(1024)
      .max(4 * 1024 * 1024),
  ),
  BOT_ID: optional(guid),
  BOT_TYPE: optional(z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMsi'])),
  BOT_TENANT_ID: optional(guid),
  BOT_PASSWORD: optional(z.string().min(1)),
  STORAGE_ACCOUNT_URL: optional(storageUrl),
  STORAGE_CONNECTION_STRING: optional(z.string().min(10)),
  STORAGE_NAMESPACE: optional(z.string().regex(NAMESPACE_RULE.pattern, NAMESPACE_RULE.says)),
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
  BANK_HOLIDAY_REGION: optional(
    z.enum(BANK_HOLIDAY_REGIONS, {
      errorMap: (_issue, ctx) => ({
        message: `"${String(ctx.data)}" is not one of ${BANK_HOLIDAY_REGIONS.join(', ')} (England and Wales share one calendar)`,
      }),
    }),
  ),
  SPEAKUP_BANK_HOLIDAYS: optional(
    z
      .string()
      .regex(
        /^\s*\d{4}-\d{2}-\d{2}\s*(,\s*\d{4}-\d{2}-\d{2}\s*)*$/,
        'must be dates like 2026-12-25, separated by commas',
      ),
  ),
  SPEAKUP_INCIDENT_NOTE: optional(z.string().min(10).max(500)),
  SPEAKUP_CHECKIN_DAYS: optional(z.coerce.number().int().min(7).max(365)),
  // Floors, so that a typo cannot delete records still in use (a case's check-in comes up to a year after it closes).
  RETENTION_RESPONSES_DAYS: optional(
    z.coerce.number().int().min(30, 'must be at least 30 (days after a wave closes)').max(36_500),
  ),
  RETENTION_CASES_DAYS: optional(
    z.coerce.number().int().min(180, 'must be at least 180 (days after a case closes)').max(36_500),
  ),
  RETENTION_AUDIT_DAYS: optional(z.coerce.number().int().min(365, 'must be at least 365').max(36_500)),
  PRIVACY_MIN_COMMENTS: optional(z.coerce.number().int().min(5, 'must be at least 5').max(1000)),
  DIGEST_SCHEDULE: optional(
    z.string().refine(isCronPattern, 'must be a 5-field cron pattern, e.g. "0 8 * * 1" for Monday 08:00'),
  ),
  PUBLIC_BASE_URL: optional(
    z
      .string()
      .url()
      .regex(/^https?:\/\/[^/]+\/?$/, "must be the app's base URL, e.g. https://staff-voice.azurewebsites.net"),
  ),
  // Never below 5: the floor DESIGN.md sets, whatever a deployment asks for.
  PRIVACY_MIN_GROUP_SIZE: optional(
    z.coerce
      .number()
      .int()
      .min(MIN_GROUP_SIZE_FLOOR, `must be at least ${MIN_GROUP_SIZE_FLOOR} (the privacy floor)`)
      .max(1000),
  ),
  DELIVERY_WORKERS: optional(z.coerce.number().int().min(0).max(64)),
  DELIVERY_BUDGET_PER_SECOND: optional(z.coerce.number().min(1).max(50)),
  DELIVERY_PROCESSES: optional(z.coerce.number().int().min(1).max(100)),
  DELIVERY_MAX_ATTEMPTS: optional(z.coerce.number().int().min(1).max(50)),
  APPLICATIONINSIGHTS_CONNECTION_STRING: optional(appInsightsConnectionString),
  SPEAKUP_ENCRYPTION_KEY: optional(encryptionKey),
  SPEAKUP_ENCRYPTION_KEY_PREVIOUS: optional(previousKeys),
  // The Results tab's sign-in: the Entra app it signs in with, and (tests and local mode only) where Entra is.
  DASHBOARD_CLIENT_ID: optional(guid),
  DASHBOARD_API_URI: optional(
    z
      .string()
      .regex(
        /^api:\/\/[^\s]+$/,
        "must be the app's Application ID URI, e.g. api://staff-voice.example.net/<client id>",
      ),
  ),
  DASHBOARD_AUTHORITY: optional(
    z
      .string()
      .url()
      .regex(/^https?:\/\/[^/]+$/, 'must be a base URL with no path'),
  ),
});

/** The parsed environment: each variable as its rule leaves it, or undefined when unset or invalid. */
export type Env = z.infer<typeof envSchema>;

/** What an unset variable means. Each is the value a trust's deployment would choose unless it has a reason not to. */
export const DEFAULTS = {
  port: 3978,
  bodyLimitBytes: 256 * 1024,
  storageNamespace: '',
  logLevel: 'info',
  timeZone: 'Europe/London',
  // Local mode's Playground has six people, so its demo runs at the floor; a trust's deployment defaults to 10.
  minGroupSize: { local: MIN_GROUP_SIZE_FLOOR, azure: 10 },
  minComments: 10,
  // Monday 08:00 in the schedule time zone.
  digestSchedule: '0 8 * * 1',
  ackWorkingDays: 2,
  bankHolidayRegion: 'england-and-wales',
  incidentNote:
    "If a patient was harmed or could have been, please also report it through the trust's incident reporting system: speaking up here does not replace it.",
  checkInDays: 90,
  // Days: two years of raw answers, six for cases and audit rows; a starting point, not advice (operations.md).
  retention: { responsesDays: 730, casesDays: 2190, auditDays: 2190 },
  playgroundPort: 56150,
  // Azurite takes this port for blobs and the next two for queues and tables.
  azuritePort: 10000,
  localDataDir: '.data',
  delivery: { workers: 4, budgetPerSecond: 40, processes: 1, maxAttempts: 8, holdSeconds: 30 },
} as const;

/** ADMIN_AAD_OBJECT_IDS: comma- or space-separated Entra object ids, lower-cased. */
export function parseAdmins(raw: string | undefined, problems: string[]): string[] {
  if (!raw) return [];
  const ids = raw.split(/[,\s]+/).filter(Boolean);
  for (const id of ids) {
    if (!guid.safeParse(id).success) problems.push(`ADMIN_AAD_OBJECT_IDS: "${id}" is not an Entra object id (a GUID)`);
  }
  return ids.map((id) => id.toLowerCase());
}

/** ALLOWED_TENANT_IDS: comma- or space-separated tenant ids, lower-cased; undefined when not set. */
export function parseTenants(raw: string | undefined, problems: string[]): string[] | undefined {
  if (!raw) return undefined;
  const ids = raw.split(/[,\s]+/).filter(Boolean);
  for (const id of ids) {
    if (!guid.safeParse(id).success) problems.push(`ALLOWED_TENANT_IDS: "${id}" is not an Entra tenant id (a GUID)`);
  }
  return ids.map((id) => id.toLowerCase());
}

/** Whether this runtime knows the time zone (an unknown one would fail at the first schedule). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
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
