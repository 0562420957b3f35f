import { useCallback, useEffect, useRef, useState } from 'react';
import { useTexts } from '../../i18n/i18n.ts';
import { ReplyBubble, type ChatView, type ReplyActions } from './ReplyBubble.tsx';
import { PUBLIC_COMMANDS, sendMessage, type Persona, type PlaygroundReply } from './playground-api.ts';

export interface ChatPersona {
  persona: string;
  name: string;
  language: string;
  registered: boolean;
}

type Entry =
  | { id: number; from: 'me'; text: string; note?: string; status: 'sending' | 'sent' | 'failed'; error?: string; send: Outgoing }
  | { id: number; from: 'bot'; reply: PlaygroundReply }
  | { id: number; from: 'none' };

interface Outgoing { text: string; chatType: 'private' | 'group'; groupLabel: string }

// Conversations outlive the page (switching persona, leaving and coming back), not a reload.
const conversations = new Map<string, Entry[]>();
/** Messages to send as soon as a persona's chat opens (the registration a new persona asked for). */
const scripts = new Map<string, string[]>();
let nextId = 1;

export function queueScript(key: string, messages: string[]): void {
  scripts.set(key, messages);
}

/** What a bare number answers on WhatsApp: the action of that option of the bot's last turn (bots/whatsapp/numbered-options.ts). */
function resolveOption(options: string[], text: string): string | undefined {
  const match = /^\s*(\d{1,3})\s*[.)]?\s*$/.exec(text.replace(/\uFE0F?\u20E3/gu, '').replace('🔟', '10'));
  // '' is a number that stands for nothing (a list's page 2 starts at 6).
  return match ? options[Number(match[1]) - 1] || undefined : undefined;
}

/** The chat with the bot as one persona: bubbles, buttons, pictures, typing indicator, commands, composer. */
export function ChatWindow({ chatKey, persona, view, onPersona }: {
  chatKey: string; persona: ChatPersona; view: ChatView; onPersona: (persona: Persona | null) => void;
}) {
  const { t } = useTexts('playground');
  const [entries, setEntries] = useState<Entry[]>(() => conversations.get(chatKey) ?? []);
  const [pending, setPending] = useState(0);
  const [draft, setDraft] = useState('');
  const [chatType, setChatType] = useState<'private' | 'group'>('private');
  const [groupLabel, setGroupLabel] = useState('');
  const chain = useRef<Promise<void>>(Promise.resolve());
  const options = useRef<string[]>([]);
  const logRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => { conversations.set(chatKey, entries); }, [chatKey, entries]);
  // The log follows new messages (and pictures as they load) unless the admin scrolled up to read.
  const following = useRef(true);
  const follow = useCallback(() => {
    const log = logRef.current;
    if (log && following.current) log.scrollTop = log.scrollHeight;
  }, []);
  useEffect(follow, [entries, pending, follow]);

  const deliver = useCallback((id: number, outgoing: Outgoing) => {
    setPending((count) => count + 1);
    chain.current = chain.current.then(async () => {
      try {
        const answer = await sendMessage({
          persona: persona.persona, text: outgoing.text, language: persona.language, chatType: outgoing.chatType,
          ...(outgoing.chatType === 'group' ? { groupLabel: outgoing.groupLabel } : {}),
        });
        // A turn without options forgets the last ones, as the WhatsApp bot does.
        options.current = answer.whatsappOptions;
        const replies: Entry[] = answer.replies.length === 0
          ? [{ id: nextId++, from: 'none' }]
          : answer.replies.map((reply) => ({ id: nextId++, from: 'bot', reply }));
        setEntries((all) => [...all.map((e) => (e.id === id && e.from === 'me' ? { ...e, status: 'sent' as const, error: undefined } : e)), ...replies]);
        onPersona(answer.persona);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        setEntries((all) => all.map((e) => (e.id === id && e.from === 'me' ? { ...e, status: 'failed' as const, error: message } : e)));
      } finally {
        setPending((count) => count - 1);
      }
    });
  }, [persona.persona, persona.language, onPersona]);

  /** Sends `text` as the persona's next message; `shown` is what their bubble says when it differs (a tapped button). */
  const send = useCallback((text: string, note?: string) => {
    if (text.trim() === '') return;
    let actual = text;
    let shownNote = note;
    const option = view === 'whatsapp' && !note ? resolveOption(options.current, text) : undefined;
    if (option !== undefined) {
      actual = option;
      shownNote = t('chat.option', { number: text.trim(), action: option });
    }
    const outgoing: Outgoing = { text: actual, chatType, groupLabel };
    const id = nextId++;
    following.current = true;
    setEntries((all) => [...all, { id, from: 'me', text, note: shownNote, status: 'sending', send: outgoing }]);
    deliver(id, outgoing);
  }, [view, chatType, groupLabel, deliver, t]);

  // A new persona's registration, typed for the admin who asked for it (once).
  useEffect(() => {
    const script = scripts.get(chatKey);
    if (!script) return;
    scripts.delete(chatKey);
    for (const message of script) send(message);
  }, [chatKey, send]);

  const actions: ReplyActions = {
    tap: (button) => send(button.action, t('chat.tapped', { label: button.label })),
    answer: (number) => send(String(number)),
    command: (command) => send(command),
  };

  const submit = () => {
    send(draft);
    setDraft('');
  };

  return (
    <section className="chat">
      <div className="chat-where">
        <label className="chat-where-field">
          <span className="sr-only">{t('chat.where')}</span>
          <select aria-label={t('chat.where')} value={chatType} onChange={(e) => setChatType(e.target.value as 'private' | 'group')}>
            <option value="private">{t('chat.private')}</option>
            <option value="group">{t('chat.group')}</option>
          </select>
        </label>
        {chatType === 'group' && (
          <input aria-label={t('chat.groupLabel')} placeholder={t('chat.groupLabel')} maxLength={64} value={groupLabel} onChange={(e) => setGroupLabel(e.target.value)} />
        )}
        {view === 'whatsapp' && <span className="muted small">{t('chat.whatsappHint')}</span>}
      </div>
      <div className={`chat-log chat-log-${view}`} role="log" aria-live="polite" aria-label={t('chat.log')} ref={logRef}
        onLoadCapture={follow}
        onScroll={(e) => { const log = e.currentTarget; following.current = log.scrollHeight - log.scrollTop - log.clientHeight < 80; }}>
        {entries.length === 0 && <p className="chat-hint">{persona.registered ? t('chat.empty') : t('chat.emptyDraft', { name: persona.name })}</p>}
        {entries.map((entry) => {
          if (entry.from === 'bot') return <ReplyBubble key={entry.id} reply={entry.reply} view={view} actions={actions} />;
          if (entry.from === 'none') return <p key={entry.id} className="chat-hint">{t('chat.noReply')}</p>;
          return (
            <div key={entry.id} className="chat-row chat-row-me">
              <div className={`chat-bubble chat-bubble-me chat-${view} ${entry.status === 'sending' ? 'chat-sending' : ''}`}>
                {entry.note ? <em className="chat-note">{entry.note}</em> : <div className="chat-text">{entry.text}</div>}
                {entry.status === 'failed' && (
                  <div className="chat-failed" role="alert">
                    {t('chat.failed', { message: entry.error })}{' '}
                    <button type="button" className="btn btn-small" onClick={() => {
                      setEntries((all) => all.map((e) => (e.id === entry.id && e.from === 'me' ? { ...e, status: 'sending' as const } : e)));
                      deliver(entry.id, entry.send);
                    }}>{t('chat.retry')}</button>
                  </div>
                )}
              </div>
            </div>
          );
        })}
        {pending > 0 && (
          <div className="chat-row chat-row-bot" role="status" aria-label={t('chat.typing')}>
            <div className={`chat-bubble chat-bubble-bot chat-typing chat-${view}`}><span /><span /><span /></div>
          </div>
        )}
      </div>
      <div className="chat-commands" role="toolbar" aria-label={t('chat.commands')}>
        {PUBLIC_COMMANDS.map(({ command, needsArgument }) => (
          <button key={command} type="button" className="chip" onClick={() => {
            if (!needsArgument) { send(`/${command}`); return; }
            setDraft(`/${command} `);
            inputRef.current?.focus();
          }}>/{command}</button>
        ))}
      </div>
      <form className="chat-composer" onSubmit={(event) => { event.preventDefault(); submit(); }}>
        <textarea
          ref={inputRef} rows={1} value={draft} maxLength={4096} aria-label={t('chat.message')} placeholder={t('chat.placeholder')}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) { e.preventDefault(); submit(); }
          }}
        />
        <button type="submit" className="btn btn-primary" disabled={draft.trim() === ''}>{t('chat.send')}</button>
      </form>
    </section>
  );
}
