import type { paths } from './corex-api';

/**
 * A typed fetch over the `paths` openapi-typescript generates from the served document: the
 * path, method, params and body a call takes, and the body of each status it answers, are the
 * document's. Nothing here knows the Corex API; a wrong document fails the flow's type-check.
 */
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Path = keyof paths;
type OperationAt<P extends Path, M extends Method> = NonNullable<paths[P][M]>;
export type MethodOf<P extends Path> = { [M in Method]: paths[P][M] extends { responses: unknown } ? M : never }[Method];

type Defined<T> = [T] extends [never] ? never : [T] extends [undefined] ? never : T;
type ParamsOf<O> = O extends { parameters: infer Q } ? Q : never;
type PathParams<O> = ParamsOf<O> extends { path: infer X } ? Defined<X> : never;
type QueryParams<O> = ParamsOf<O> extends { query?: infer X } ? Defined<X> : never;
type HeaderParams<O> = ParamsOf<O> extends { header?: infer X } ? Defined<X> : never;
type BodyContent<O> = O extends { requestBody?: infer B } ? (Defined<B> extends { content: infer C } ? C : never) : never;

/** One content type of the request body and its value, e.g. `{ type: 'text/csv', value: '…' }`. */
type BodyOf<O> = { [K in keyof BodyContent<O>]: { type: K; value: BodyContent<O>[K] } }[keyof BodyContent<O>];

type Optional<K extends string, T> = [T] extends [never] ? { [_ in K]?: never } : { [_ in K]: T };

export type RequestOf<O> = Optional<'path', PathParams<O>> &
  Partial<Optional<'query', QueryParams<O>>> &
  Partial<Optional<'headers', HeaderParams<O>>> &
  Optional<'body', BodyOf<O>> & { token?: string };

type ResponseBody<R> = R extends { content: infer C } ? C[keyof C] : undefined;

/** The answer as a union over the documented statuses: narrowing on `status` gives the body's type. */
export type AnswerOf<O> = O extends { responses: infer R } ? { [S in keyof R]: { status: S; body: ResponseBody<R[S]>; headers: Headers } }[keyof R] : never;

export type Operation<P extends Path, M extends MethodOf<P>> = OperationAt<P, M>;

export interface Client {
  call<P extends Path, M extends MethodOf<P>>(path: P, method: M, request: RequestOf<Operation<P, M>>): Promise<AnswerOf<Operation<P, M>>>;
  /** The same request; the body as bytes, for binary downloads (a file, not JSON). */
  download<P extends Path, M extends MethodOf<P>>(path: P, method: M, request: RequestOf<Operation<P, M>>): Promise<{ status: number; bytes: Uint8Array; headers: Headers }>;
}

interface UntypedRequest {
  path?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  body?: { type: string; value: unknown };
  token?: string;
}

/** A client of the marketplace at `baseUrl`; JSON bodies are parsed, other bodies are text (or bytes with `download`). */
export function createClient(baseUrl: string): Client {
  const send = (path: string, method: string, r: UntypedRequest) => {
    const route = path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(r.path?.[name])));
    const url = new URL(route, baseUrl);
    for (const [key, value] of Object.entries(r.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const headers: Record<string, string> = { ...r.headers };
    if (r.token) headers.authorization = `Bearer ${r.token}`;
    let body: string | undefined;
    if (r.body) {
      headers['content-type'] = r.body.type;
      body = typeof r.body.value === 'string' ? r.body.value : JSON.stringify(r.body.value);
    }
    return fetch(url, { method: method.toUpperCase(), headers, body });
  };
  return {
    async call(path, method, request) {
      const res = await send(String(path), String(method), request as UntypedRequest);
      const text = await res.text();
      const json = /json/.test(res.headers.get('content-type') ?? '') && text.length > 0;
      // The one unchecked step: the status and body are the server's; the flow's spec checks them against the document.
      return { status: res.status, body: json ? JSON.parse(text) : text || undefined, headers: res.headers } as never;
    },
    async download(path, method, request) {
      const res = await send(String(path), String(method), request as UntypedRequest);
      return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()), headers: res.headers };
    },
  };
}
