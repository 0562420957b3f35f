import QRCode from 'qrcode';

/**
 * Level Q restores up to a quarter of the code: printed codes get scuffed, folded and
 * photographed at an angle. The quiet zone is the 4 modules the QR standard asks for.
 */
export const QR_ERROR_CORRECTION = 'Q';
export const QR_QUIET_ZONE_MODULES = 4;
/** About this wide in pixels; the exact width is a whole number of pixels per module, so edges stay sharp. */
const TARGET_PNG_PX = 600;

/** The modules of the QR code of `text`, for drawing it as vector shapes (posters). */
export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  size: number;
  isDark(row: number, column: number): boolean;
}

export function qrMatrix(text: string): QrMatrix {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: QR_ERROR_CORRECTION });
  return { size: modules.size, isDark: (row, column) => modules.get(row, column) === 1 };
}

/** A black-on-white PNG QR code of `text`, about 600 px wide, quiet zone included. */
export async function renderQrPng(text: string): Promise<Buffer> {
  const { size } = qrMatrix(text);
  const scale = Math.max(4, Math.round(TARGET_PNG_PX / (size + 2 * QR_QUIET_ZONE_MODULES)));
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: QR_ERROR_CORRECTION, margin: QR_QUIET_ZONE_MODULES, scale });
}
