/** A server started for one test run only; `stop()` ends it and deletes its data. */
export interface ThrowawayServer {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * What a probe of a configured service found: nothing answering (so a throwaway one may take its
 * place), or a server that answered, possibly refusing the tests (a wrong user or password,
 * which a throwaway server must not hide).
 */
export type ProbeResult = { answers: false } | { answers: true; refusal?: string };

/** How long a probe waits for a server before taking it for absent. */
export const PROBE_TIMEOUT_MS = 3000;

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);

/** Whether a connection error means nobody is there (as opposed to a server that said no). */
export function isUnreachable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return (code !== undefined && UNREACHABLE_CODES.has(code)) || /timeout|timed out/i.test(message ?? '');
}

/** The services a throwaway host can start (throwaway-services-host.ts). */
export type ServiceKind = 'postgres' | 'redis';
/** What ensureTestServices asks its host for: a server of each kind, taking user and database from `url`. */
export type HostRequest = { kind: ServiceKind; url: string }[];
/** The host's answer, in the order asked: the server's URL, or why it could not start (one line). */
export type HostReply = ({ url: string } | { error: string })[];
