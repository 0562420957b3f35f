import { useTexts } from '../../i18n/i18n.ts';
import { CopyButton, Dialog } from '../../ui/controls.tsx';
import type { TrackedLink } from './link-api.ts';
import './links.texts.ts';

/** The link's short URL with a copy button, its QR code (through an <img>) and its poster to download. */
export function LinkForms({ link, qr = true }: { link: TrackedLink; qr?: boolean }) {
  const { t } = useTexts('links');
  return (
    <div className="links-forms">
      <p className="links-url"><a href={link.url} target="_blank" rel="noreferrer"><code>{link.url}</code></a> <CopyButton text={link.url} /></p>
      {qr && <img className="links-qr" src={link.qrUrl} alt={t('qr.alt', { url: link.url })} width={220} height={220} />}
      <p className="form-actions links-downloads">
        <a className="btn btn-small" href={link.qrUrl} download={`dealcast-qr-${link.code}.png`}>{t('qr.download')}</a>
        <a className="btn btn-small" href={link.posterUrl} download={`dealcast-poster-${link.code}.pdf`}>{t('poster.download')}</a>
      </p>
    </div>
  );
}

/** A dialog with a link's QR code preview and downloads. */
export function QrDialog({ link, onClose }: { link: TrackedLink | null; onClose: () => void }) {
  const { t } = useTexts('links');
  return (
    <Dialog open={link !== null} title={link ? t('qr.title', { code: link.code }) : ''} onClose={onClose}>
      {link && <div><LinkForms link={link} /></div>}
    </Dialog>
  );
}
