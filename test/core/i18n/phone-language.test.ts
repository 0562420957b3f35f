import { describe, expect, it } from 'vitest';
import { languageOfPhoneNumber } from '../../../core/i18n/phone-language.ts';

describe('the language of a phone number at first contact', () => {
  it('speaks Russian to +7, French to +33, Spanish to +34, Polish to +48, English to anyone else', () => {
    expect(languageOfPhoneNumber('+7 916 123-45-67')).toBe('ru');
    expect(languageOfPhoneNumber('77011234567')).toBe('ru');
    expect(languageOfPhoneNumber('33612345678@c.us')).toBe('fr');
    expect(languageOfPhoneNumber('+34 612 34 56 78')).toBe('es');
    expect(languageOfPhoneNumber('48601234567')).toBe('pl');
    for (const other of ['+49 151 23456789', '+1 415 555 0100', '+380 67 123 4567', '+44 7700 900123', '3']) {
      expect(languageOfPhoneNumber(other)).toBe('en');
    }
    expect(languageOfPhoneNumber(undefined)).toBe('en');
    expect(languageOfPhoneNumber('')).toBe('en');
  });
});
