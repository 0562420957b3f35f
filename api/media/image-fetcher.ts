import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

export interface ImageFetchOptions {
  /** The whole fetch, redirects included, ends after this. Default 3000 ms. */
  timeoutMs?: number;
  /** A larger image is abandoned. Default 5 MB. */
  maxBytes?: number;
  /** Redirects followed. Default 3. */
  maxRedirects?: number;
  /**
   * Whether loopback, private and link-local addresses may be fetched. Default false: a
   * vendor's image URL must not make the server read its own network (SSRF). Tests allow it.
   */
  allowPrivateNetwork?: boolean;
}

export type FetchedImage = { ok: true; bytes: Buffer } | { ok: false; reason: string };

const DEFAULTS = { timeoutMs: 3000, maxBytes: 5 * 1024 * 1024, maxRedirects: 3 };

const PRIVATE_NETWORKS = (() => {
  const list = new net.BlockList();
  for (const [address, prefix] of [
    ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
    ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
  ] as const) list.addSubnet(address, prefix, 'ipv4');
  for (const [address, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) {
    list.addSubnet(address, prefix, 'ipv6');
  }
  return list;
})();

/** True for loopback, private, link-local, CGNAT, multicast and reserved addresses (IPv4-mapped IPv6 included). */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return true;
  return PRIVATE_NETWORKS.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Fetches an image over http(s) with a deadline, a size cap and a bounded number of
 * redirects. Never throws: any failure (DNS, refused address, status, size, timeout) comes
 * back as a reason, so that a poster falls back to its placeholder.
 */
export async function fetchImage(url: string, options: ImageFetchOptions = {}): Promise<FetchedImage> {
  const settings = { ...DEFAULTS, ...options };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), settings.timeoutMs);
  try {
    let current = url;
    for (let redirects = 0; ; redirects++) {
      const answer = await fetchOnce(current, settings, controller.signal);
      if (answer.kind !== 'redirect') return answer.result;
      if (redirects >= settings.maxRedirects) return { ok: false, reason: `more than ${settings.maxRedirects} redirects` };
      current = answer.location;
    }
  } catch (error) {
    return { ok: false, reason: controller.signal.aborted ? `no answer within ${settings.timeoutMs} ms` : describe(error) };
  } finally {
    clearTimeout(timer);
  }
}

type Attempt = { kind: 'done'; result: FetchedImage } | { kind: 'redirect'; location: string };

function fetchOnce(url: string, settings: typeof DEFAULTS & ImageFetchOptions, signal: AbortSignal): Promise<Attempt> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve(failed('not a URL'));
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return Promise.resolve(failed(`${target.protocol} URLs are not fetched`));
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  // An IP literal never reaches the lookup below, so it is checked here.
  if (!settings.allowPrivateNetwork && net.isIP(literal) !== 0 && isPrivateAddress(literal)) {
    return Promise.resolve(failed(`${literal} is a private address`));
  }
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<Attempt>((resolve, reject) => {
    const request = client.get(target, {
      signal,
      headers: { 'user-agent': 'dealcast-poster/1', accept: 'image/png,image/jpeg;q=0.9,*/*;q=0.1' },
      ...(settings.allowPrivateNetwork ? {} : { lookup: publicOnlyLookup as unknown as net.LookupFunction }),
    }, (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location) {
        response.resume();
        // Parsed with care: a throw inside this callback would escape every handler and end the process.
        resolve(URL.canParse(response.headers.location, target.href) ? { kind: 'redirect', location: new URL(response.headers.location, target).href } : failed('a redirect to an unreadable location'));
        return;
      }
      if (status !== 200) {
        response.resume();
        resolve(failed(`HTTP ${status}`));
        return;
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > settings.maxBytes) {
        response.destroy();
        resolve(failed(`${declared} bytes is over the ${settings.maxBytes}-byte cap`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > settings.maxBytes) {
          response.destroy();
          resolve(failed(`over the ${settings.maxBytes}-byte cap`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => resolve({ kind: 'done', result: { ok: true, bytes: Buffer.concat(chunks) } }));
      response.on('error', reject);
      response.on('close', () => {
        if (!response.complete) reject(new Error('the connection closed before the image was complete'));
      });
    });
    request.on('error', reject);
  });
}

/** dns.lookup that refuses names resolving to a private address, checked at connect time (no rebinding gap). */
function publicOnlyLookup(
  hostname: string,
  options: dns.LookupOptions,
  callback: (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void,
): void {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '');
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused || addresses.length === 0) {
      const problem: NodeJS.ErrnoException = new Error(`${hostname} resolves to a private address (${refused?.address ?? 'none'})`);
      problem.code = 'EPRIVATEADDRESS';
      return callback(problem, '');
    }
    if (options.all) return callback(null, addresses);
    return callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

function failed(reason: string): Attempt {
  return { kind: 'done', result: { ok: false, reason } };
}

function describe(error: unknown): string {
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ? `${(error as NodeJS.ErrnoException).code}: ${error.message}` : error.message;
  return String(error);
}
