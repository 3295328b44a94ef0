import restify from 'restify';
import type { HttpReply, HttpRequest, HttpRoute } from '../http';
import type { Log } from '../log';

/** The HTTP surface: the bot endpoint and the two probes App Service and load balancers call. */
export interface HttpServerDeps {
  /** Hands one inbound request to the bot adapter. */
  handleActivity(req: restify.Request, res: restify.Response): Promise<void>;
  /** True when storage answers. */
  ready(): Promise<boolean>;
  bodyLimitBytes: number;
  log: Log;
  /** The file behind a short-lived, single-use download link (exports, the NGO return), or why there is none. */
  download?(token: string): Promise<DownloadResult>;
  /** The features' own routes (the dashboard's pages and API), mounted as they are. */
  routes?: readonly HttpRoute[];
}

/** What a download request gets: the file, or why not (and then nothing is served). */
export type DownloadResult =
  { kind: 'file'; name: string; csv: string } | { kind: 'not-found' | 'expired' | 'used' | 'not-allowed' };

const ASK_AGAIN = 'Ask Staff Voice for a new one with "export" (or "ngo return").';
// Nothing is served unless the file is: each refusal is a short JSON body saying why.
const REFUSALS: Record<Exclude<DownloadResult['kind'], 'file'>, [number, string]> = {
  'not-found': [404, `This download link has expired or does not exist. ${ASK_AGAIN}`],
  expired: [404, `This download link has expired or does not exist. ${ASK_AGAIN}`],
  used: [410, `This download link has already been used: each link works once. ${ASK_AGAIN}`],
  'not-allowed': [403, 'The person who asked for this link no longer has the role it needs.'],
};

/** A started server, with its bound port and a way to stop it. */
export interface HttpServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/** Builds the restify server. Bodies over the limit get 413; malformed JSON gets 400, before the bot sees them. */
export function createHttpServer(deps: HttpServerDeps): restify.Server {
  const server = restify.createServer({ name: 'staff-voice', handleUncaughtExceptions: false });
  server.use(
    restify.plugins.bodyParser({
      maxBodySize: deps.bodyLimitBytes,
      mapParams: false,
      mapFiles: false,
      rejectUnknown: true,
    }),
  );

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body) || typeof req.body.type !== 'string') {
      res.send(400, { error: 'The body must be a Bot Framework activity (a JSON object with a "type").' });
      return;
    }
    try {
      await deps.handleActivity(req, res);
    } catch (error) {
      deps.log.error({ err: error }, 'activity handling failed outside a turn');
      if (!res.headersSent) res.send(500, { error: 'internal error' });
    }
  });

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    res.send(200, { status: 'alive' });
  });

  server.get('/readyz', async (_req: restify.Request, res: restify.Response) => {
    const ok = await deps.ready();
    res.send(ok ? 200 : 503, { status: ok ? 'ready' : 'storage unreachable' });
  });

  // The token is in the path, so App Service's HTTP log records it: the request that puts it there spends it.
  server.get('/downloads/:token', async (req: restify.Request, res: restify.Response) => {
    const file: DownloadResult = deps.download
      ? await deps.download(String(req.params.token ?? ''))
      : { kind: 'not-found' };
    if (file.kind !== 'file') {
      const [status, error] = REFUSALS[file.kind];
      res.header('cache-control', 'no-store');
      res.send(status, { error });
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${file.name.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(file.csv);
  });

  for (const route of deps.routes ?? []) mount(server, route, deps.log);

  server.on(
    'restifyError',
    (
      req: restify.Request,
      _res: restify.Response,
      err: Error & { statusCode?: number },
      next: (e?: unknown) => void,
    ) => {
      // A download path holds a bearer token: it is never logged.
      deps.log.warn(
        { path: req.path().replace(/^\/downloads\/.*/, '/downloads/…'), status: err.statusCode, reason: err.name },
        'request rejected',
      );
      return next();
    },
  );
  return server;
}

/** Mounts one feature route: its reply written as given; a route that throws gets a 500 and a log line, no detail. */
function mount(server: restify.Server, route: HttpRoute, log: Log): void {
  const handler = async (req: restify.Request, res: restify.Response) => {
    try {
      reply(res, await route.handle(requestOf(req)));
    } catch (error) {
      log.error({ err: error, route: route.path }, 'route failed');
      if (!res.headersSent) reply(res, { status: 500, json: { error: 'Something went wrong. Try again shortly.' } });
    }
  };
  if (route.method === 'GET') server.get(route.path, handler);
  else server.post(route.path, handler);
}

function requestOf(req: restify.Request): HttpRequest {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries((req.params ?? {}) as Record<string, unknown>))
    if (typeof value === 'string') params[name] = value;
  return {
    params,
    query: new URL(req.url ?? '/', 'http://localhost').searchParams,
    header: (name) => req.header(name) || undefined,
    body: req.body,
    remoteAddress: req.socket?.remoteAddress ?? '',
  };
}

function reply(res: restify.Response, r: HttpReply): void {
  const [type, body] =
    'json' in r ? ['application/json; charset=utf-8', JSON.stringify(r.json)] : [r.contentType, r.body];
  res.writeHead(r.status, { 'content-type': type, ...r.headers });
  res.end(body);
}

/** Listens on the port (0 picks a free one) and resolves when bound. */
export async function listen(server: restify.Server, port: number, host?: string): Promise<HttpServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as { port: number };
  return {
    port: address.port,
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
