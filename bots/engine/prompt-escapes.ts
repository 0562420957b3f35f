import type { ParsedInput } from './parser.ts';

/**
 * Words that, typed alone while the bot waits for an answer, mean "stop" or "help" rather than
 * the answer, in each of the bots' languages (a person writes them in their own language, or
 * in English). Without them, "cancel" would become someone's name or a group's label.
 */
const ESCAPES: Readonly<Record<string, 'cancel' | 'help'>> = Object.freeze({
  cancel: 'cancel', stop: 'cancel', annuler: 'cancel', cancelar: 'cancel', anuluj: 'cancel', 'отмена': 'cancel', 'отменить': 'cancel', 'стоп': 'cancel',
  help: 'help', aide: 'help', ayuda: 'help', pomoc: 'help', 'помощь': 'help', 'помогите': 'help',
});

/** The command an answer stands for when it is one of those words alone (any case, trailing "!" or "." allowed); else the input as it is. */
export function withPromptEscapes(input: ParsedInput): ParsedInput {
  if (input.kind !== 'text') return input;
  const word = input.text.trim().toLowerCase().replace(/[.!]+$/u, '');
  const command = ESCAPES[word];
  return command ? { kind: 'command', command, args: '' } : input;
}
