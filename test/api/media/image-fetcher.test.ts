import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchImage, isPrivateAddress } from '../../../api/media/image-fetcher.ts';
import { startImageServer, type ImageServer } from '../../support/image-server.ts';

let images: ImageServer;
beforeAll(async () => { images = await startImageServer(); });
afterAll(async () => { await images?.close(); });

describe('fetching a product image', () => {
  it('reads an image, within the size cap and the redirect limit', async () => {
    const ok = await fetchImage(`${images.url}/product.png`, { allowPrivateNetwork: true });
    expect(ok.ok && ok.bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(await fetchImage(`${images.url}/product.png`, { allowPrivateNetwork: true, maxBytes: 1000 })).toEqual({ ok: false, reason: expect.stringContaining('cap') });
    expect(await fetchImage(`${images.url}/loop.png`, { allowPrivateNetwork: true })).toEqual({ ok: false, reason: 'more than 3 redirects' });
    expect(await fetchImage(`${images.url}/bad-redirect.png`, { allowPrivateNetwork: true })).toEqual({ ok: false, reason: 'a redirect to an unreadable location' });
    expect(await fetchImage(`${images.url}/slow.png`, { allowPrivateNetwork: true, timeoutMs: 200 })).toEqual({ ok: false, reason: 'no answer within 200 ms' });
  });

  it('refuses other schemes and, by default, the server\'s own network, by address or by name', async () => {
    const port = new URL(images.url).port;
    const requested = images.requests.length;
    expect(await fetchImage('file:///etc/passwd')).toEqual({ ok: false, reason: 'file: URLs are not fetched' });
    expect(await fetchImage(`${images.url}/product.png`)).toEqual({ ok: false, reason: '127.0.0.1 is a private address' });
    expect(await fetchImage(`http://localhost:${port}/product.png`)).toEqual({ ok: false, reason: expect.stringContaining('resolves to a private address') });
    expect(await fetchImage(`http://[::1]:${port}/product.png`)).toEqual({ ok: false, reason: '::1 is a private address' });
    expect(images.requests.length).toBe(requested);
  });

  it('knows which addresses are private', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', 'not an ip']) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700::1111']) expect(isPrivateAddress(address), address).toBe(false);
  });
});
