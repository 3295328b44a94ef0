import type { IncomingMessage, RequestOptions } from 'node:http';
import type * as Identity from '@azure/identity';
import type * as AzureMonitor from '@azure/monitor-opentelemetry';

/** A running telemetry pipeline. `stop` flushes what is buffered; call it last on shutdown. */
export interface Telemetry {
  readonly enabled: boolean;
  stop(): Promise<void>;
}

/** Where telemetry goes, and as whom: `clientId` is the app's user-assigned managed identity (config.ts). */
export interface TelemetryConfig {
  readonly connectionString: string;
  readonly clientId?: string;
}

type SpanProcessor = NonNullable<AzureMonitor.AzureMonitorOpenTelemetryOptions['spanProcessors']>[number];
type ExporterOptions = NonNullable<AzureMonitor.AzureMonitorOpenTelemetryOptions['azureMonitorExporterOptions']>;
type EndedSpan = Parameters<SpanProcessor['onEnd']>[0];

/** App Service's health check calls every minute per instance: not worth a trace each. */
const PROBE_PATHS = new Set(['/healthz', '/readyz']);

// Span attributes that carry a URL or a path. Table row keys (a recipient's Entra id in `deliveries`), conversation
// ids, download tokens and OData filters all travel in URLs, so no URL leaves the process beyond its first words.
const URL_ATTRIBUTES = ['url.full', 'url.path', 'url.query', 'http.url', 'http.target', 'http.route'] as const;

/**
 * Starts Azure Monitor OpenTelemetry when a connection string is configured; otherwise does nothing and loads
 * nothing. Call it before anything else is required: it instruments `http` when that is first required.
 */
export function startTelemetry(config: TelemetryConfig | undefined): Telemetry {
  if (!config) return { enabled: false, stop: async () => undefined };
  // Loaded only when used: the distro costs about 30 MB of heap and 2 s of start-up (measured on this machine).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const monitor = require('@azure/monitor-opentelemetry') as typeof AzureMonitor;
  const http = {
    enabled: true,
    ignoreIncomingRequestHook: (request: IncomingMessage) => PROBE_PATHS.has((request.url ?? '').split('?')[0] ?? ''),
    ignoreOutgoingRequestHook: (request: RequestOptions) => isBackgroundPoll(request) || isInstanceMetadata(request),
  };
  monitor.useAzureMonitor({
    azureMonitorExporterOptions: exporterOptions(config),
    // Live Metrics sends its own samples to a second endpoint: off, so that every trace passes the redactor below.
    enableLiveMetrics: false,
    instrumentationOptions: {
      http,
      // Every Azure SDK call is also an HTTP call: the http instrumentation records it once, with the URL redacted.
      azureSdk: { enabled: false },
      // Nothing else the distro knows is used here.
      mongoDb: { enabled: false },
      mySql: { enabled: false },
      postgreSql: { enabled: false },
      redis: { enabled: false },
      redis4: { enabled: false },
      bunyan: { enabled: false },
      winston: { enabled: false },
    },
    spanProcessors: [urlRedactor()],
  });
  return { enabled: true, stop: () => monitor.shutdownAzureMonitor() };
}

/**
 * The exporter's destination and credentials. With the app's managed identity, every batch carries an Entra token for
 * Azure Monitor (the identity holds Monitoring Metrics Publisher on the Application Insights resource, whose local
 * auth is off: the key in the connection string then only names the resource). Without one (a connection string
 * alone, e.g. a developer's own resource), the key is enough. The credential asks for a token only when the first
 * batch is sent.
 */
export function exporterOptions(config: TelemetryConfig): ExporterOptions {
  if (!config.clientId) return { connectionString: config.connectionString };
  // Already loaded by the distro (it has its own use for it), so this costs nothing more.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ManagedIdentityCredential } = require('@azure/identity') as typeof Identity;
  return {
    connectionString: config.connectionString,
    credential: new ManagedIdentityCredential({ clientId: config.clientId }),
  };
}

/**
 * Reads the dispatcher makes several times a second even when idle: receiving from a queue, and the shared send
 * pause row (`leases`, `pause`/`outbox`, read every 250 ms). Recorded, they would use up the sampler's budget (5 traces
 * a second by default) and the ingestion bill. Sends, claims, updates and deletes are still recorded.
 */
export function isBackgroundPoll(request: RequestOptions): boolean {
  if ((request.method ?? 'GET').toUpperCase() !== 'GET') return false;
  const path = request.path ?? '';
  return /\/messages(\?|$)/.test(path) || /leases\(PartitionKey=(?:'|%27)pause(?:'|%27)/i.test(path);
}

/** The distro's own look-up of Azure VM metadata at start-up (it fails on App Service): not the app's dependency. */
const isInstanceMetadata = (request: RequestOptions) => (request.hostname ?? request.host) === '169.254.169.254';

/**
 * Cuts a URL or path down to its origin, its first path segment and, if it is a plain word, the second
 * (`/api/messages`, `/emea/v3`), without keys, query or fragment: `/downloads/<token>` keeps `/downloads`.
 */
export function redactUrl(value: string): string {
  const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
  let origin = '';
  let path = value;
  if (absolute) {
    try {
      const url = new URL(value);
      origin = url.origin;
      path = url.pathname;
    } catch {
      return '[redacted]';
    }
  }
  const segments = path
    .split(/[?#]/)[0]!
    .split('/')
    .filter(Boolean)
    // `deliveries(PartitionKey='w1',RowKey='<Entra id>')` keeps only the table name.
    .map((segment) => segment.replace(/\(.*$/, ''));
  const kept = segments
    .slice(0, 1)
    .concat(segments.slice(1, 2).filter((segment) => /^[a-z][a-z0-9]{0,19}$/.test(segment)));
  return `${origin}/${kept.join('/')}`;
}

/** A span processor that redacts every URL attribute before the exporter (registered after it) sees the span. */
export function urlRedactor(): SpanProcessor {
  return {
    onStart: () => undefined,
    onEnd(span: EndedSpan) {
      const attributes = span.attributes as Record<string, unknown>;
      for (const key of URL_ATTRIBUTES) {
        const value = attributes[key];
        if (typeof value !== 'string') continue;
        if (key === 'url.query') delete attributes[key];
        else attributes[key] = redactUrl(value);
      }
    },
    forceFlush: async () => undefined,
    shutdown: async () => undefined,
  };
}
