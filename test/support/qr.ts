import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

// jsqr is CommonJS whose types declare an ES default export: under NodeNext the default import
// is the module object, whose `default` is the reader (and the module itself is callable too).
const jsQR = (jsQRModule as unknown as { default: typeof jsQRModule.default }).default;

/** What a phone camera reads from a PNG holding a QR code (jsQR); undefined when it finds none. */
export function readQrCode(png: Uint8Array): string | undefined {
  const image = PNG.sync.read(Buffer.from(png));
  const pixels = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length);
  return jsQR(pixels, image.width, image.height)?.data;
}

/** Width and height of a PNG. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const image = PNG.sync.read(Buffer.from(png));
  return { width: image.width, height: image.height };
}
