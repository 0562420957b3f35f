import { Fragment, type ReactNode } from 'react';

// Plain text as chat apps show it: line breaks kept, web addresses as links that open in a new tab.

const URL_PATTERN = /(https?:\/\/[^\s<>"“”«»]+[^\s<>"“”«».,;:!?)\]])/g;

/** WhatsApp's option marks (bots/whatsapp/whatsapp-render.ts): "1️⃣".."🔟", then "11." and on. */
const KEYCAPS = ['1️⃣', '2️⃣', '3️⃣', '4️⃣', '5️⃣', '6️⃣', '7️⃣', '8️⃣', '9️⃣', '🔟'];

/** The option number a WhatsApp line starts with ("2️⃣ Next page" → 2), if any. */
export function optionNumberOf(line: string): number | undefined {
  const keycap = KEYCAPS.findIndex((mark) => line.startsWith(`${mark} `));
  if (keycap >= 0) return keycap + 1;
  const numbered = /^(\d{2,})\. /.exec(line);
  return numbered ? Number(numbered[1]) : undefined;
}

/** "/deals", "/link_42": Telegram makes bot commands in a message tappable. */
const COMMAND_PATTERN = /((?<![\w/])\/[a-z]{2,16}(?:_[A-Za-z0-9-]+)?(?![\w/]))/g;

export function Linkified({ text, onCommand }: { text: string; onCommand?: (command: string) => void }) {
  const parts = text.split(URL_PATTERN);
  return (
    <>
      {parts.map((part, index) => (index % 2 === 1
        ? <a key={index} href={part} target="_blank" rel="noopener noreferrer">{part}</a>
        : <Fragment key={index}>{onCommand ? <Commands text={part} onCommand={onCommand} /> : part}</Fragment>))}
    </>
  );
}

function Commands({ text, onCommand }: { text: string; onCommand: (command: string) => void }) {
  return (
    <>
      {text.split(COMMAND_PATTERN).map((part, index) => (index % 2 === 1
        ? <button key={index} type="button" className="chat-command" onClick={() => onCommand(part)}>{part}</button>
        : <Fragment key={index}>{part}</Fragment>))}
    </>
  );
}

/**
 * A message's text, line by line. With `onOption`, WhatsApp's numbered option lines become
 * tappable (tapping answers the number, as the person would type it); with `onCommand`, bot
 * commands are, as on Telegram.
 */
export function ChatText({ text, onOption, onCommand }: { text: string; onOption?: (number: number) => void; onCommand?: (command: string) => void }) {
  const lines = text.split('\n');
  const out: ReactNode[] = lines.map((line, index) => {
    const number = onOption ? optionNumberOf(line) : undefined;
    const content = number !== undefined
      ? <button type="button" className="chat-option" onClick={() => onOption!(number)}>{line}</button>
      : <Linkified text={line} onCommand={onCommand} />;
    return <Fragment key={index}>{index > 0 && <br />}{content}</Fragment>;
  });
  return <div className="chat-text">{out}</div>;
}
