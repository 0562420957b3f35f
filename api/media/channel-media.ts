import type { ChannelMedia } from '../../core/channels/channel-kits.service.ts';
import { readPosterFonts, type PosterFonts } from './fonts.ts';
import { fetchImage, type ImageFetchOptions } from './image-fetcher.ts';
import { renderQrPng } from './qr-code.renderer.ts';

export interface ChannelMediaOptions {
  /** How product images are fetched for posters (timeout, size cap, private networks). */
  imageFetch?: ImageFetchOptions;
  /** Told why a product image was left out of a poster. pino's logger fits. */
  logger?: { warn(details: object, message: string): void };
}

/**
 * The QR code and poster renderers behind core's `ChannelMedia` port: qrcode for the PNG,
 * pdfkit with the bundled DejaVu Sans for the poster, the product image fetched with a short
 * timeout and a size cap. Fonts are read on first use and kept.
 */
export function createChannelMedia(options: ChannelMediaOptions = {}): ChannelMedia {
  let fonts: PosterFonts | undefined;
  return {
    async qrCodePng(url) {
      return renderQrPng(url);
    },
    async posterPdf(content) {
      // pdfkit and the image decoders load with the first poster: ~6 MB of heap that a process
      // drawing none (a worker, the redirect under load) does not carry.
      const [{ renderPosterPdf }, { preparePosterImage }] = await Promise.all([import('./poster.renderer.ts'), import('./poster-image.ts')]);
      fonts ??= readPosterFonts();
      let image;
      if (content.imageUrl) {
        const fetched = await fetchImage(content.imageUrl, options.imageFetch);
        image = fetched.ok ? preparePosterImage(fetched.bytes) : undefined;
        if (!image) {
          const reason = fetched.ok ? 'not a PNG or JPEG image the poster can hold' : fetched.reason;
          options.logger?.warn({ imageUrl: content.imageUrl, reason }, 'poster drawn with a placeholder instead of the product image');
        }
      }
      return renderPosterPdf(content, { fonts, image });
    },
  };
}
