import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTexts } from '../i18n/i18n.ts';

/** A labelled form field; the label wraps the control so a click on it focuses the control. */
export function Field({ label, hint, children }: { label: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {children}
      {hint && <span className="field-hint">{hint}</span>}
    </label>
  );
}

export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'neutral';

export function Badge({ tone = 'neutral', children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return <span className={`badge badge-${tone}`} title={title}>{children}</span>;
}

/** A modal dialog (the native <dialog>): Escape and the close button close it. */
export function Dialog({ open, title, onClose, children }: { open: boolean; title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const { t } = useTexts('common');
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" onClose={onClose} aria-label={title}>
      <header className="dialog-head">
        <h2>{title}</h2>
        <button type="button" className="btn btn-ghost" onClick={onClose} aria-label={t('action.close')}>✕</button>
      </header>
      {open && children}
    </dialog>
  );
}

/** A button that asks for a reason before it acts (hold, fraud, reverse, mark failed). */
export function ReasonButton({ label, title, onConfirm, tone = 'neutral', disabled }: {
  label: string; title: string; onConfirm: (reason: string) => Promise<unknown>; tone?: 'neutral' | 'danger'; disabled?: boolean;
}) {
  const { t } = useTexts('common');
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <button type="button" className={`btn ${tone === 'danger' ? 'btn-danger' : ''}`} onClick={() => setOpen(true)} disabled={disabled}>{label}</button>
      <Dialog open={open} title={title} onClose={() => setOpen(false)}>
        <form className="form" onSubmit={(event) => {
          event.preventDefault();
          setBusy(true);
          setError(null);
          onConfirm(reason.trim()).then(() => { setOpen(false); setReason(''); }, (e: Error) => setError(e.message)).finally(() => setBusy(false));
        }}>
          <Field label={t('field.reason')}>
            <textarea required minLength={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} rows={3} />
          </Field>
          {error && <p className="form-error" role="alert">{error}</p>}
          <div className="form-actions">
            <button type="button" className="btn btn-ghost" onClick={() => setOpen(false)}>{t('action.cancel')}</button>
            <button type="submit" className={`btn ${tone === 'danger' ? 'btn-danger' : 'btn-primary'}`} disabled={busy}>{t('action.confirm')}</button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

export function CopyButton({ text }: { text: string }) {
  const { t } = useTexts('common');
  const [copied, setCopied] = useState(false);
  return (
    <button type="button" className="btn btn-ghost btn-small" onClick={() => {
      void navigator.clipboard?.writeText(text).then(() => { setCopied(true); setTimeout(() => setCopied(false), 1500); });
    }}>{copied ? t('action.copied') : t('action.copy')}</button>
  );
}

/** A page's heading with its actions on the right. */
export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-head">
      <div>
        <h1>{title}</h1>
        {subtitle && <p className="muted">{subtitle}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}
