import QRCode from 'qrcode';

/**
 * Prints WhatsApp's login QR code in the terminal (half-height blocks, so that it fits a
 * screen), with how to scan it. WhatsApp renews the code about every 20 seconds until it is
 * scanned; each new one is printed again.
 */
export async function printLoginQr(qr: string, write: (text: string) => void = (text) => process.stdout.write(text)): Promise<void> {
  const drawing = await QRCode.toString(qr, { type: 'terminal', small: true });
  write(`\nWhatsApp login: on the bot's phone open WhatsApp → Settings → Linked devices → Link a device, and scan:\n${drawing}\n`);
}
