import { useEffect, useMemo, useState } from 'react';
import { useTexts } from '../../i18n/i18n.ts';
import { ChatText } from './chat-text.tsx';
import { blobOf, type PlaygroundButton, type PlaygroundReply } from './playground-api.ts';

export type ChatView = 'telegram' | 'whatsapp';

export interface ReplyActions {
  /** A Telegram button with an action: sent back as the persona's next message. */
  tap(button: { label: string; action: string }): void;
  /** A WhatsApp numbered option, answered with its number. */
  answer(number: number): void;
  /** A bot command in a Telegram message ("/link_42"), sent as typed. */
  command(command: string): void;
}

/** One bot message, as the chosen chat app shows it, with the group view of a deal card. */
export function ReplyBubble({ reply, view, actions }: { reply: PlaygroundReply; view: ChatView; actions: ReplyActions }) {
  const { t } = useTexts('playground');
  const [forwarded, setForwarded] = useState(false);
  const text = view === 'telegram' ? reply.telegram.text : reply.whatsapp.text;
  const keyboard = view === 'telegram' ? reply.telegram.keyboard : [];
  return (
    <div className="chat-row chat-row-bot">
      <div className={`chat-bubble chat-bubble-bot chat-${view}`}>
        <ReplyMedia reply={reply} view={view} />
        <ChatText text={text} onOption={view === 'whatsapp' ? actions.answer : undefined} onCommand={view === 'telegram' ? actions.command : undefined} />
        {keyboard.length > 0 && (
          <div className="chat-keyboard">
            {keyboard.map((row, index) => (
              <div className="chat-keyboard-row" key={index}>
                {row.map((button, key) => <KeyboardButton key={key} button={button} onTap={actions.tap} onShare={() => setForwarded(true)} />)}
              </div>
            ))}
          </div>
        )}
        {reply.dealCard && (
          <button type="button" className="btn btn-small chat-forward-toggle" aria-expanded={forwarded} onClick={() => setForwarded((open) => !open)}>
            ↪ {forwarded ? t('card.forwardHide') : t('card.forward')}
          </button>
        )}
      </div>
      {reply.dealCard && forwarded && <GroupView reply={reply} view={view} />}
    </div>
  );
}

function KeyboardButton({ button, onTap, onShare }: { button: PlaygroundButton; onTap: ReplyActions['tap']; onShare: () => void }) {
  const { t } = useTexts('playground');
  if ('url' in button) return <a className="chat-key" href={button.url} target="_blank" rel="noopener noreferrer">{button.label} ↗</a>;
  if ('share' in button) return <button type="button" className="chat-key" title={t('share.title')} onClick={onShare}>{button.label}</button>;
  return <button type="button" className="chat-key" onClick={() => onTap(button)}>{button.label}</button>;
}

/** The picture, QR code or document of a reply. WhatsApp shows a product photo only when it can fetch it; we show it from the shop. */
function ReplyMedia({ reply, view }: { reply: PlaygroundReply; view: ChatView }) {
  const { t } = useTexts('playground');
  if (reply.kind === 'file' && reply.file) return <DocumentPreview file={reply.file} />;
  if (reply.image) return <img className="chat-picture chat-qr" src={reply.image} alt={t('qr.alt')} />;
  if (reply.imageUrl && (view === 'telegram' || reply.whatsapp.media === 'image')) {
    return <img className="chat-picture" src={reply.imageUrl} alt={t('image.alt')} loading="lazy" />;
  }
  return null;
}

/** A PDF (the poster): name and size, a preview of its pages, and a download. */
function DocumentPreview({ file }: { file: NonNullable<PlaygroundReply['file']> }) {
  const { t } = useTexts('playground');
  const [open, setOpen] = useState(true);
  const url = useMemo(() => URL.createObjectURL(blobOf(file.dataUrl)), [file.dataUrl]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  const isPdf = file.mimeType === 'application/pdf';
  return (
    <div className="chat-document">
      <div className="chat-document-head">
        <span className="chat-document-icon" aria-hidden>📄</span>
        <span className="chat-document-name">{file.name}</span>
        <span className="muted small">{t('file.size', { size: Math.max(1, Math.round(file.bytes / 1024)) })}</span>
      </div>
      {isPdf && open && <iframe className="chat-document-frame" src={`${url}#view=FitH&toolbar=0`} title={file.name} />}
      <div className="chat-document-actions">
        {isPdf && <button type="button" className="btn btn-small" aria-expanded={open} onClick={() => setOpen((o) => !o)}>{open ? t('file.hidePreview') : t('file.preview')}</button>}
        <a className="btn btn-small" href={url} download={file.name}>{t('file.download')}</a>
      </div>
    </div>
  );
}

/** The deal card as a group sees it when the influencer forwards it: no bot buttons on Telegram; on WhatsApp the message as it is. */
function GroupView({ reply, view }: { reply: PlaygroundReply; view: ChatView }) {
  const { t } = useTexts('playground');
  const text = view === 'telegram' ? reply.telegram.text : reply.whatsapp.text;
  return (
    <figure className={`chat-group chat-${view}`} aria-label={t('card.groupView')}>
      <figcaption className="chat-group-title">{t('card.groupView')}</figcaption>
      <div className="chat-bubble chat-bubble-member">
        <div className="chat-forwarded">↪ {t('card.forwarded')}</div>
        <ReplyMedia reply={reply} view={view} />
        <ChatText text={text} />
      </div>
      <p className="muted small">{t(`card.groupHint.${view}`)}</p>
    </figure>
  );
}
