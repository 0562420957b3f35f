import { PNG } from 'pngjs';

/** Larger images are not decoded: 16 megapixels is already 64 MB of pixels. */
export const MAX_POSTER_IMAGE_PIXELS = 16_000_000;

export type PosterImage = { format: 'jpeg' | 'png'; data: Buffer };

/**
 * Turns fetched bytes into an image the PDF writer can embed safely, or undefined (the poster
 * then shows its placeholder). JPEG passes as it is (the PDF carries it undecoded). PNG is
 * decoded here and written again as plain RGB on white: pdfkit decodes PNGs with alpha in a
 * callback that throws asynchronously on corrupt data, which would end the process. WebP,
 * GIF and anything else are refused.
 */
export function preparePosterImage(bytes: Buffer): PosterImage | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { format: 'jpeg', data: bytes };
  if (!isPng(bytes)) return undefined;
  // The header's size is checked before decoding, so a small file cannot expand into gigabytes.
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (width === 0 || height === 0 || width * height > MAX_POSTER_IMAGE_PIXELS) return undefined;
  try {
    const decoded = PNG.sync.read(bytes);
    const flat = PNG.sync.write(decoded, { colorType: 2, inputColorType: 6, inputHasAlpha: true, bgColor: { red: 255, green: 255, blue: 255 } });
    return { format: 'png', data: flat };
  } catch {
    return undefined;
  }
}

function isPng(bytes: Buffer): boolean {
  return bytes.length > 33 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.readUInt32BE(4) === 0x0d0a1a0a && bytes.toString('latin1', 12, 16) === 'IHDR';
}
