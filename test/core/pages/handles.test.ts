import { describe, expect, it } from 'vitest';
import { handleCandidates, handleFromName, HANDLE_PATTERN, parseHandle } from '../../../core/pages/handles.ts';
import { cleanPickNote, MAX_PICK_NOTE_LENGTH } from '../../../core/pages/picks.service.ts';

describe('storefront handles', () => {
  it.each([
    ['Zoë Kowalska', 'zoe-kowalska'],
    ['Мария Иванова', 'mariya-ivanova'],
    ['Łukasz Żółć', 'lukasz-zolc'],
    ['  José  ', 'jose'],
    ['🌟🌟', 'shop'],
    ['Al', 'al-shop'],
    ['A'.repeat(50), 'a'.repeat(32)],
  ])('derives a URL-safe handle from "%s"', (name, handle) => {
    expect(handleFromName(name)).toBe(handle);
    expect(handle).toMatch(HANDLE_PATTERN);
  });

  it('offers numbered candidates that stay valid and within 32 characters', () => {
    const candidates = handleCandidates('a'.repeat(32), 8, () => 0.5);
    expect(candidates.slice(0, 4)).toEqual(['a'.repeat(32), `${'a'.repeat(30)}-2`, `${'a'.repeat(30)}-3`, `${'a'.repeat(30)}-4`]);
    for (const candidate of candidates) expect(candidate).toMatch(HANDLE_PATTERN);
    expect(new Set(candidates.slice(0, 4)).size).toBe(4);
  });

  it('reads a typed handle case-insensitively and refuses what is not one', () => {
    expect(parseHandle(' @Anna-Deals ')).toBe('anna-deals');
    for (const bad of ['ab', '-anna', 'anna-', 'an na', 'ann--a', 'аня', 'a'.repeat(33), '<b>']) {
      expect(() => parseHandle(bad), bad).toThrow(/handle/);
    }
  });
});

describe('pick notes', () => {
  it('collapse spaces, are empty as null, and stop at the limit counted in characters, not UTF-16 units', () => {
    expect(cleanPickNote('  so   good \n ')).toBe('so good');
    expect(cleanPickNote('   ')).toBeNull();
    expect(cleanPickNote('🌟'.repeat(MAX_PICK_NOTE_LENGTH))).toHaveLength(MAX_PICK_NOTE_LENGTH * 2);
    expect(() => cleanPickNote('x'.repeat(MAX_PICK_NOTE_LENGTH + 1))).toThrow(/note/);
  });
});
