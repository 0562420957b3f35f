import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PNG } from 'pngjs';

export interface ImageServer {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** Paths requested so far. */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * A product-image host on loopback: `/product.png` a real photo-sized PNG (with transparency),
 * `/missing.png` 404, `/slow.png` never answers, `/not-an-image.png` HTML, `/broken.png` a PNG
 * header over garbage,
 * `/corrupt-pixels.png` well-formed chunks over corrupt pixel data, `/huge.png` a PNG header claiming 100,000 × 100,000 pixels,
 * `/redirect.png` a redirect to `/product.png`, `/loop.png` a redirect to itself,
 * `/bad-redirect.png` a redirect to an unparseable location.
 */
export async function startImageServer(): Promise<ImageServer> {
  const photo = samplePng(480, 360);
  const broken = Buffer.concat([photo.subarray(0, 60), Buffer.alloc(400, 0x5a)]);
  // Well-formed chunks over corrupt compressed pixels: pdfkit alone would throw asynchronously and end the process.
  const corruptPixels = Buffer.from(photo);
  const idat = corruptPixels.indexOf('IDAT');
  corruptPixels.fill(0xff, idat + 6, idat + 40);
  const huge = Buffer.from(photo);
  huge.writeUInt32BE(100_000, 16);
  huge.writeUInt32BE(100_000, 20);
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request.url ?? '');
    switch (request.url) {
      case '/product.png': return void response.writeHead(200, { 'content-type': 'image/png' }).end(photo);
      case '/broken.png': return void response.writeHead(200, { 'content-type': 'image/png' }).end(broken);
      case '/corrupt-pixels.png': return void response.writeHead(200, { 'content-type': 'image/png' }).end(corruptPixels);
      case '/huge.png': return void response.writeHead(200, { 'content-type': 'image/png' }).end(huge);
      case '/not-an-image.png': return void response.writeHead(200, { 'content-type': 'text/html' }).end('<html>nope</html>');
      case '/redirect.png': return void response.writeHead(302, { location: '/product.png' }).end();
      case '/bad-redirect.png': return void response.writeHead(302, { location: 'http://[not-an-address' }).end();
      case '/loop.png': return void response.writeHead(302, { location: '/loop.png' }).end();
      case '/slow.png': return; // never answers
      default: return void response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A gradient with a half-transparent right side, like a product cut-out. */
function samplePng(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      png.data[i] = Math.round((x / width) * 255);
      png.data[i + 1] = Math.round((y / height) * 255);
      png.data[i + 2] = 160;
      png.data[i + 3] = x < width / 2 ? 255 : 90;
    }
  }
  return PNG.sync.write(png);
}
