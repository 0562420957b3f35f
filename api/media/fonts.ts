import fs from 'node:fs';
import { createRequire } from 'node:module';

/** The poster's typeface: DejaVu Sans covers Latin (Polish ą ę ł ż…), Cyrillic and the currency signs. */
export interface PosterFonts {
  regular: Buffer;
  bold: Buffer;
}

const require = createRequire(import.meta.url);

/** Reads the bundled DejaVu Sans files from the `dejavu-fonts-ttf` package; nothing is downloaded at run time. */
export function readPosterFonts(): PosterFonts {
  return {
    regular: fs.readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: fs.readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  };
}
