/**
 * The console's one way to reach the server: the public admin API over fetch, with the
 * session cookie (same origin) and, on every state-changing call, the session's CSRF token.
 * Every error becomes an `ApiError` carrying the API's `{error: {code, message, details}}`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
let onUnauthorized: () => void = () => {};

/** Set by the session provider: the token it got at sign-in, and what to do when the session ends. */
export function configureApi(options: { csrfToken: string | null; onUnauthorized?: () => void }): void {
  csrfToken = options.csrfToken;
  if (options.onUnauthorized) onUnauthorized = options.onUnauthorized;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

/** `/api/v1/admin` + path + the query's non-empty values. */
export function adminUrl(path: string, query: Query = {}): string {
  return withQuery(`/api/v1/admin${path}`, query);
}

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Raw text body (CSV) with its content type. */
  text?: { content: string; contentType: string };
  signal?: AbortSignal;
}

export async function request<T>(url: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? (options.body !== undefined || options.text ? 'POST' : 'GET');
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: string | undefined;
  if (options.text) {
    headers['content-type'] = options.text.contentType;
    body = options.text.content;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'The server did not answer. Check that dealcast is running, then try again.');
  }
  if (response.status === 204) return undefined as T;
  const contentType = response.headers.get('content-type') ?? '';
  const payload: unknown = contentType.includes('json') ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) {
    const error = (payload as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    if (response.status === 401 && !url.startsWith('/api/v1/auth/session')) onUnauthorized();
    throw new ApiError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? `The server answered ${response.status}.`, error?.details);
  }
  return payload as T;
}

/** Shorthands for the admin API. */
export const admin = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>(adminUrl(path, query), { signal }),
  post: <T>(path: string, body: unknown = {}) => request<T>(adminUrl(path), { method: 'POST', body }),
  put: <T>(path: string, body: unknown = {}) => request<T>(adminUrl(path), { method: 'PUT', body }),
  patch: <T>(path: string, body: unknown) => request<T>(adminUrl(path), { method: 'PATCH', body }),
  delete: <T>(path: string) => request<T>(adminUrl(path), { method: 'DELETE' }),
};

/** A page of any admin list. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
