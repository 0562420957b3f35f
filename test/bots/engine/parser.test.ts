import { describe, expect, it } from 'vitest';
import { parseInput, splitFirst } from '../../../bots/engine/parser.ts';

const telegram = { bareWords: false, botUsername: 'dealcast_bot' };
const whatsapp = { bareWords: true };

describe('reading a message', () => {
  it('reads /commands with their arguments, whatever the case of the command', () => {
    expect(parseInput('/link 42 family chat', telegram)).toEqual({ kind: 'command', command: 'link', args: '42 family chat' });
    expect(parseInput('  /DEALS  Lumio ', telegram)).toEqual({ kind: 'command', command: 'deals', args: 'Lumio' });
    expect(parseInput('/start ref_AbC123', telegram)).toEqual({ kind: 'command', command: 'start', args: 'ref_AbC123' });
    expect(parseInput('/help', telegram)).toEqual({ kind: 'command', command: 'help', args: '' });
  });

  it('reads the tappable /link_42 as product 42 ("#42"), where /link 42 is number 42 of the last list', () => {
    expect(parseInput('/link_42', telegram)).toEqual({ kind: 'command', command: 'link', args: '#42' });
    expect(parseInput('/link_42 family', telegram)).toEqual({ kind: 'command', command: 'link', args: '#42 family' });
  });

  it('answers a command addressed to this bot in a group, and leaves those for other bots alone', () => {
    expect(parseInput('/stats@dealcast_bot 7d', telegram)).toEqual({ kind: 'command', command: 'stats', args: '7d' });
    expect(parseInput('/stats@Dealcast_Bot', telegram)).toEqual({ kind: 'command', command: 'stats', args: '' });
    expect(parseInput('/start@other_bot', telegram)).toEqual({ kind: 'other_bot' });
  });

  it('tells an unknown /command from free text', () => {
    expect(parseInput('/frobnicate now', telegram)).toEqual({ kind: 'unknown_command', command: 'frobnicate' });
    expect(parseInput('hello there', telegram)).toEqual({ kind: 'text', text: 'hello there' });
    expect(parseInput('/ hello', telegram)).toEqual({ kind: 'text', text: '/ hello' });
  });

  it('accepts commands without a slash when asked to (WhatsApp), and only the public ones', () => {
    expect(parseInput('deals shoes', whatsapp)).toEqual({ kind: 'command', command: 'deals', args: 'shoes' });
    expect(parseInput('Stats 7d', whatsapp)).toEqual({ kind: 'command', command: 'stats', args: '7d' });
    expect(parseInput('/balance', whatsapp)).toEqual({ kind: 'command', command: 'balance', args: '' });
    expect(parseInput('accept', whatsapp)).toEqual({ kind: 'text', text: 'accept' });
    expect(parseInput('deals shoes', telegram)).toEqual({ kind: 'text', text: 'deals shoes' });
    expect(parseInput('dealsy', whatsapp)).toEqual({ kind: 'text', text: 'dealsy' });
  });

  it('splits the first argument from the rest', () => {
    expect(splitFirst(' 42   family  chat ')).toEqual(['42', 'family  chat']);
    expect(splitFirst('')).toEqual(['', '']);
  });
});
