import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelMedia } from '../../../api/media/channel-media.ts';
import { describePoster, type ChannelProduct } from '../../../core/channels/channel-content.ts';
import { formatMoney } from '../../../core/money/money.ts';
import { startImageServer, type ImageServer } from '../../support/image-server.ts';
import { normalizeSpaces, pdfImages, pdfInfo, pdfPageToPng, pdfText } from '../../support/pdf.ts';
import { pngSize, readQrCode } from '../../support/qr.ts';

const LINK = 'https://dc.test/r/Qr7xK2mPa9';
let images: ImageServer;
let problems: { imageUrl: string; reason: string }[];
let media: ReturnType<typeof createChannelMedia>;

beforeAll(async () => {
  images = await startImageServer();
  problems = [];
  // The image host runs on loopback, which the default refuses (see the SSRF test below).
  media = createChannelMedia({
    imageFetch: { allowPrivateNetwork: true, timeoutMs: 700 },
    logger: { warn: (details) => problems.push(details as { imageUrl: string; reason: string }) },
  });
});
afterAll(async () => { await images?.close(); });

function product(overrides: Partial<ChannelProduct> = {}): ChannelProduct {
  return {
    title: 'Беспроводные наушники Pro', price: 2999, listPrice: 4599, currency: 'EUR', imageUrl: `${images.url}/product.png`,
    category: 'Audio', brand: { name: 'Lumio Home', slug: 'lumio-home', erid: null }, ...overrides,
  };
}

describe('the A6 poster', () => {
  it('prints the title, price, list price, discount, short link and ad label on one A6 page, Cyrillic included', async () => {
    const pdf = await media.posterPdf(describePoster(product({ brand: { name: 'Lumio Home', slug: 'lumio-home', erid: '2VtzqwXyZ1a' } }), LINK, 'ru'));
    expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const info = await pdfInfo(pdf);
    expect(info.pages).toBe(1);
    // 105 × 148 mm
    expect(info.widthPt).toBeCloseTo(297.64, 1);
    expect(info.heightPt).toBeCloseTo(419.53, 1);

    const text = await pdfText(pdf);
    expect(text).toContain('Беспроводные наушники Pro');
    expect(text).toContain(normalizeSpaces(formatMoney(2999, 'EUR', 'ru')));
    expect(text).toContain(normalizeSpaces(formatMoney(4599, 'EUR', 'ru')));
    expect(text).toMatch(/−35 %/);
    expect(text).toContain('dc.test/r/Qr7xK2mPa9');
    expect(text).toContain('Реклама · Lumio Home · erid: 2VtzqwXyZ1a');
    expect(text).toContain('Отсканируйте, чтобы открыть предложение');
  });

  it('prints the ERID only for a brand that has one, and Polish letters as they are', async () => {
    const pdf = await media.posterPdf(describePoster(product({ title: 'Słuchawki Żółć gęślą jaźń', price: 12999, listPrice: null, currency: 'PLN' }), LINK, 'pl'));
    const text = await pdfText(pdf);
    expect(text).toContain('Słuchawki Żółć gęślą jaźń');
    expect(text).toContain(normalizeSpaces(formatMoney(12999, 'PLN', 'pl')));
    expect(text).toMatch(/^Reklama /);
    expect(text).not.toContain('erid');
    expect(text).not.toContain('%');
  });

  it('never cuts the disclosure, however long the advertiser name', async () => {
    const brand = { name: 'Shenzhen Very Long Brand Name Electronics Manufacturing Company Limited', slug: 'long', erid: 'Kra23f4kLmN9pQrStUvWxYz' };
    const text = await pdfText(await media.posterPdf(describePoster(product({ brand, imageUrl: null }), LINK, 'ru')));
    expect(text).toContain(`Реклама · ${brand.name} · erid: Kra23f4kLmN9pQrStUvWxYz`);
  });

  it('carries a QR code that a phone reads back as the tracked link', async () => {
    const pdf = await media.posterPdf(describePoster(product(), LINK, 'en'));
    expect(readQrCode(await pdfPageToPng(pdf, 150))).toBe(LINK);
    // Printed at a lower resolution too: the code is large enough for a cheap printer.
    expect(readQrCode(await pdfPageToPng(pdf, 72))).toBe(LINK);
  });

  it('shows the product image fetched from its URL, following a redirect', async () => {
    const direct = await media.posterPdf(describePoster(product(), LINK, 'en'));
    expect(await pdfImages(direct)).toEqual([{ width: 480, height: 360 }]);
    const redirected = await media.posterPdf(describePoster(product({ imageUrl: `${images.url}/redirect.png` }), LINK, 'en'));
    expect(await pdfImages(redirected)).toEqual([{ width: 480, height: 360 }]);
  });

  it.each([
    ['a missing image (404)', '/missing.png', 'HTTP 404'],
    ['a host that never answers', '/slow.png', 'no answer within 700 ms'],
    ['an HTML page', '/not-an-image.png', 'not a PNG or JPEG'],
    ['a corrupt PNG', '/broken.png', 'not a PNG or JPEG'],
    ['a PNG with corrupt pixel data', '/corrupt-pixels.png', 'not a PNG or JPEG'],
    ['a PNG claiming 100,000 × 100,000 pixels', '/huge.png', 'not a PNG or JPEG'],
  ])('still makes the poster, with a placeholder, from %s', async (_case, path, reason) => {
    const before = problems.length;
    const pdf = await media.posterPdf(describePoster(product({ imageUrl: `${images.url}${path}` }), LINK, 'fr'));
    expect(await pdfImages(pdf)).toEqual([]);
    const text = await pdfText(pdf);
    // The placeholder shows the brand; everything else is there.
    expect(text).toContain('Lumio Home');
    expect(text).toContain('Беспроводные наушники Pro');
    expect(text).toContain('dc.test/r/Qr7xK2mPa9');
    expect(readQrCode(await pdfPageToPng(pdf))).toBe(LINK);
    expect(problems.slice(before)).toEqual([expect.objectContaining({ imageUrl: `${images.url}${path}`, reason: expect.stringContaining(reason) })]);
  });

  it('makes the poster without fetching anything for a product without an image', async () => {
    const requested = images.requests.length;
    const pdf = await media.posterPdf(describePoster(product({ imageUrl: null }), LINK, 'es'));
    expect(images.requests.length).toBe(requested);
    expect(await pdfImages(pdf)).toEqual([]);
    expect(await pdfText(pdf)).toContain('Publicidad');
  });

  it('does not fetch images from the server\'s own network by default', async () => {
    const guarded = createChannelMedia();
    const requested = images.requests.length;
    const pdf = await guarded.posterPdf(describePoster(product(), LINK, 'en'));
    expect(images.requests.length).toBe(requested);
    expect(await pdfImages(pdf)).toEqual([]);
    expect(await pdfText(pdf)).toContain('Беспроводные наушники Pro');
  });
});

describe('the QR code PNG', () => {
  it('holds the tracked link, about 600 px wide, with a white quiet zone', async () => {
    const png = await media.qrCodePng(LINK);
    expect(readQrCode(png)).toBe(LINK);
    const { width, height } = pngSize(png);
    expect(width).toBe(height);
    expect(width).toBeGreaterThanOrEqual(500);
    expect(width).toBeLessThanOrEqual(700);
  });
});
