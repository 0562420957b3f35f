import { commandOfWord } from './command-words.ts';

/** The public bot commands (README "The chat bot"), as people type them. */
export const PUBLIC_COMMANDS = [
  'start', 'help', 'lang', 'brands', 'join', 'deals', 'search', 'link', 'qr', 'poster', 'insta',
  'stats', 'balance', 'payout', 'invite', 'export', 'deleteme', 'pick', 'autopost', 'campaigns', 'intro',
  'follow', 'unfollow', 'alerts', 'unpick', 'storefront',
] as const;

/** Commands only buttons send (their `action`), never advertised. */
export const BUTTON_COMMANDS = ['accept', 'decline', 'cancel', 'group', 'next', 'confirmdelete', 'terms', 'rename', 'country', 'landing'] as const;

export type PublicCommandName = (typeof PUBLIC_COMMANDS)[number];

export type CommandName = PublicCommandName | (typeof BUTTON_COMMANDS)[number];

/** Commands that take a product as `/link_42` (a tappable command on Telegram). */
const PRODUCT_COMMANDS = new Set(['link', 'qr', 'poster', 'insta', 'pick', 'unpick']);

export type ParsedInput =
  | { kind: 'command'; command: CommandName; args: string }
  /** A `/word` we do not know; `command` is what was typed (cut to 32 characters). */
  | { kind: 'unknown_command'; command: string }
  /** A command addressed to another bot in a group (`/start@OtherBot`): not ours to answer. */
  | { kind: 'other_bot' }
  | { kind: 'text'; text: string };

export interface ParseOptions {
  /** Accept commands without a slash ("deals shoes"), as WhatsApp users type them. */
  bareWords: boolean;
  /** The bot's username, to tell `/cmd@ThisBot` from `/cmd@OtherBot`. */
  botUsername?: string;
}

const KNOWN = new Set<string>([...PUBLIC_COMMANDS, ...BUTTON_COMMANDS]);
const SLASH = /^\/([\p{L}\p{N}_]+)(?:@([A-Za-z0-9_]{1,64}))?(?:\s+([\s\S]*))?$/u;

/**
 * Reads a message: `/cmd args` (with an optional `@bot` suffix, and `/link_42` for `/link 42`),
 * or, with `bareWords`, a public command word without the slash ("stats 7d"); anything else is
 * free text. Commands are matched case-insensitively; arguments keep their case.
 */
export function parseInput(text: string, options: ParseOptions): ParsedInput {
  const trimmed = text.trim();
  const slash = SLASH.exec(trimmed);
  if (slash) {
    const [, word, mention, rest] = slash;
    if (mention && options.botUsername && mention.toLowerCase() !== options.botUsername.toLowerCase()) return { kind: 'other_bot' };
    let command = word!.toLowerCase();
    let args = (rest ?? '').trim();
    const underscored = /^([a-z]+)_(\S+)$/.exec(command);
    if (underscored && PRODUCT_COMMANDS.has(underscored[1]!)) {
      command = underscored[1]!;
      // "/link_46" names product 46 ("#46", bots/engine/deal-refs.ts); "/link 3" is deal 3 of the last list.
      const ref = word!.slice(command.length + 1);
      args = [/^\d+$/.test(ref) ? `#${ref}` : ref, args].filter(Boolean).join(' ');
    }
    if (KNOWN.has(command)) return { kind: 'command', command: command as CommandName, args };
    // "/pomoc" from someone who knows the slash and their own word.
    const native = options.bareWords ? commandOfWord(word!) : undefined;
    if (native) return { kind: 'command', command: native, args };
    return { kind: 'unknown_command', command: [...word!].slice(0, 32).join('') };
  }
  if (options.bareWords) {
    // A command word of any of our languages (command-words.ts), diacritics optional.
    const bare = /^([\p{L}\p{M}]{2,24})(?:\s+([\s\S]*))?$/u.exec(trimmed);
    const command = bare ? commandOfWord(bare[1]!) : undefined;
    if (command) return { kind: 'command', command, args: (bare![2] ?? '').trim() };
  }
  return { kind: 'text', text: trimmed };
}

/** Splits the first whitespace-separated token off the arguments: `/link 42 family chat` → ["42", "family chat"]. */
export function splitFirst(args: string): [string, string] {
  const match = /^(\S+)(?:\s+([\s\S]*))?$/.exec(args.trim());
  return match ? [match[1]!, (match[2] ?? '').trim()] : ['', ''];
}
