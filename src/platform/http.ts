/**
 * A feature's own HTTP routes (the dashboard's pages and API), in the project's words: the server in platform/teams
 * mounts them, so no feature imports restify and a move to another server changes one file.
 */
export interface HttpRoute {
  readonly method: 'GET' | 'POST';
  /** A path with `:name` parameters, or ending in `/*` for everything under it (`params['*']`). */
  readonly path: string;
  handle(request: HttpRequest): Promise<HttpReply>;
}

/** What a route is told of a request. */
export interface HttpRequest {
  /** Path parameters, decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Header names in lower case. */
  header(name: string): string | undefined;
  /** The parsed JSON body (undefined without one). */
  readonly body: unknown;
  /** The address the connection came from (no proxy header is believed). */
  readonly remoteAddress: string;
}

/** What a route answers: a JSON value, or bytes with their content type; headers added either way. */
export type HttpReply =
  | { readonly status: number; readonly json: unknown; readonly headers?: Readonly<Record<string, string>> }
  | {
      readonly status: number;
      readonly body: string | Buffer;
      readonly contentType: string;
      readonly headers?: Readonly<Record<string, string>>;
    };
