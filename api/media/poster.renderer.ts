import PDFDocument from 'pdfkit';
import type { PosterContent } from '../../core/channels/channel-content.ts';
import type { PosterFonts } from './fonts.ts';
import { MAX_POSTER_IMAGE_PIXELS, type PosterImage } from './poster-image.ts';
import { QR_QUIET_ZONE_MODULES, qrMatrix } from './qr-code.renderer.ts';

const MM = 72 / 25.4;
/** ISO A6 portrait, in PDF points. */
export const A6 = Object.freeze({ width: 105 * MM, height: 148 * MM });

const MARGIN = 7 * MM;
/** The QR code's square with its quiet zone: about 40 mm, readable from a phone at arm's length. */
const QR_BLOCK = 40 * MM;
const INK = '#111111';
const MUTED = '#6b6b6b';
const ACCENT = '#c62828';
const PLACEHOLDER = '#eeeeee';

type Doc = InstanceType<typeof PDFDocument>;
interface Box { x: number; y: number; width: number; height: number }

/**
 * Lays out a printable A6 poster: the ad disclosure on top, the product image (or a plain
 * placeholder with the brand), the title, price, list price and discount, the QR code of the
 * tracked link with its call to action, and the link as text at the bottom.
 */
export async function renderPosterPdf(content: PosterContent, assets: { fonts: PosterFonts; image?: PosterImage }): Promise<Buffer> {
  const doc = new PDFDocument({
    size: [A6.width, A6.height], margin: 0, lang: content.language,
    info: { Title: content.title, Subject: content.disclosure, Author: 'dealcast', Creator: 'dealcast' },
  });
  const finished = collect(doc);
  doc.registerFont('regular', assets.fonts.regular);
  doc.registerFont('bold', assets.fonts.bold);
  const width = A6.width - 2 * MARGIN;

  // From the bottom up: the link as text, then the QR block; the image takes the room left.
  const urlSize = fitFontSize(doc, 'regular', content.shortUrl, width, 11, 5);
  const urlY = A6.height - MARGIN * 0.8 - urlSize * 1.2;
  doc.font('regular').fontSize(urlSize).fillColor(INK).text(content.shortUrl, MARGIN, urlY, { width, align: 'center', lineBreak: false });
  const qrTop = urlY - 2 - QR_BLOCK;
  drawQr(doc, content.url, { x: MARGIN - 2 * MM, y: qrTop, width: QR_BLOCK, height: QR_BLOCK });
  drawCallToAction(doc, content, { x: MARGIN - 2 * MM + QR_BLOCK + 2 * MM, y: qrTop, width: A6.width - MARGIN - (MARGIN + QR_BLOCK), height: QR_BLOCK });

  // The disclosure is never cut (the ERID is the legally required part): it shrinks to fit two lines, else takes more.
  let y = MARGIN * 0.8;
  doc.font('bold');
  let disclosureSize = 9;
  while (disclosureSize > 6 && doc.fontSize(disclosureSize).heightOfString(content.disclosure, { width }) > doc.currentLineHeight(true) * 2) disclosureSize -= 0.5;
  doc.fontSize(disclosureSize).fillColor(INK);
  const disclosureHeight = doc.heightOfString(content.disclosure, { width });
  doc.text(content.disclosure, MARGIN, y, { width });
  y += disclosureHeight + 2 * MM;

  const priceHeight = 24;
  doc.font('bold').fontSize(12);
  const titleHeight = Math.min(doc.heightOfString(content.title, { width }), doc.currentLineHeight(true) * 3);
  const priceY = qrTop - 2 * MM - priceHeight;
  const titleY = priceY - 2 * MM - titleHeight;
  const imageBox = { x: MARGIN, y, width, height: titleY - 3 * MM - y };
  if (!(assets.image && drawImage(doc, assets.image, imageBox))) drawPlaceholder(doc, imageBox, content.brand);
  doc.font('bold').fontSize(12).fillColor(INK).text(content.title, MARGIN, titleY, { width, height: titleHeight, ellipsis: true });
  drawPrices(doc, content, { x: MARGIN, y: priceY, width, height: priceHeight });

  doc.end();
  return finished;
}

function drawQr(doc: Doc, url: string, block: Box): void {
  const matrix = qrMatrix(url);
  const module = block.width / (matrix.size + 2 * QR_QUIET_ZONE_MODULES);
  const origin = { x: block.x + QR_QUIET_ZONE_MODULES * module, y: block.y + QR_QUIET_ZONE_MODULES * module };
  doc.save().rect(block.x, block.y, block.width, block.height).fill('#ffffff');
  for (let row = 0; row < matrix.size; row++) {
    for (let column = 0; column < matrix.size; column++) {
      // A hair wider than the module, so that no white seam shows between neighbours in a viewer.
      if (matrix.isDark(row, column)) doc.rect(origin.x + column * module, origin.y + row * module, module + 0.05, module + 0.05);
    }
  }
  doc.fill('#000000').restore();
}

function drawCallToAction(doc: Doc, content: PosterContent, box: Box): void {
  doc.font('bold').fontSize(11).fillColor(INK);
  const ctaHeight = Math.min(doc.heightOfString(content.scanToShop, { width: box.width }), doc.currentLineHeight(true) * 4);
  const brandSize = 8;
  const top = box.y + (box.height - ctaHeight - brandSize * 1.6) / 2;
  doc.text(content.scanToShop, box.x, top, { width: box.width, height: ctaHeight, ellipsis: true });
  doc.font('regular').fontSize(brandSize).fillColor(MUTED)
    .text(content.brand, box.x, top + ctaHeight + brandSize * 0.4, { width: box.width, height: brandSize * 1.3, ellipsis: true, lineBreak: false });
}

function drawPrices(doc: Doc, content: PosterContent, box: Box): void {
  const badge = content.discount ?? '';
  doc.font('bold').fontSize(10);
  const badgeWidth = badge === '' ? 0 : doc.widthOfString(badge) + 10;
  doc.font('regular').fontSize(11);
  const listWidth = content.listPrice === null ? 0 : doc.widthOfString(content.listPrice) + 8;
  const priceSize = fitFontSize(doc, 'bold', content.price, box.width - listWidth - badgeWidth - 8, 22, 12);
  doc.font('bold').fontSize(priceSize).fillColor(INK);
  const baseline = box.y + box.height - 4;
  let x = box.x;
  doc.text(content.price, x, baseline - priceSize, { lineBreak: false });
  x += doc.widthOfString(content.price) + 8;
  if (content.listPrice !== null) {
    doc.font('regular').fontSize(11).fillColor(MUTED).text(content.listPrice, x, baseline - 12, { lineBreak: false, strike: true });
    x += listWidth;
  }
  if (badge !== '') {
    doc.roundedRect(x, baseline - 15, badgeWidth, 15, 3).fill(ACCENT);
    doc.font('bold').fontSize(10).fillColor('#ffffff').text(badge, x + 5, baseline - 12.5, { lineBreak: false });
  }
}

/** Embeds the image fitted into the box; false when pdfkit cannot read it (the caller draws the placeholder). */
function drawImage(doc: Doc, image: PosterImage, box: Box): boolean {
  if (box.height < 20) return false;
  try {
    // openImage parses without writing anything, so a refused image leaves the document untouched.
    const opened = (doc as unknown as { openImage(src: Buffer): { width: number; height: number; colorSpace?: unknown } }).openImage(image.data);
    if (opened.width * opened.height > MAX_POSTER_IMAGE_PIXELS) return false;
    // A JPEG of a colour model PDF lacks (two channels) would make an unreadable document.
    if (image.format === 'jpeg' && !opened.colorSpace) return false;
    doc.image(opened as unknown as Buffer, box.x, box.y, { fit: [box.width, box.height], align: 'center', valign: 'center' });
    return true;
  } catch {
    return false;
  }
}

function drawPlaceholder(doc: Doc, box: Box, brand: string): void {
  if (box.height < 20) return;
  doc.roundedRect(box.x, box.y, box.width, box.height, 6).fill(PLACEHOLDER);
  const size = fitFontSize(doc, 'bold', brand, box.width - 20, 16, 8);
  doc.font('bold').fontSize(size).fillColor(MUTED)
    .text(brand, box.x + 10, box.y + box.height / 2 - size * 0.6, { width: box.width - 20, align: 'center', lineBreak: false, height: size * 1.3, ellipsis: true });
}

/** The largest size from `max` down to `min` at which `text` fits `width` on one line. */
function fitFontSize(doc: Doc, font: string, text: string, width: number, max: number, min: number): number {
  doc.font(font);
  for (let size = max; size > min; size -= 0.5) {
    if (doc.fontSize(size).widthOfString(text) <= width) return size;
  }
  return min;
}

function collect(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
