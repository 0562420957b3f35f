import { describe, expect, it } from 'vitest';
import { countryOfPhoneNumber } from '../../../core/i18n/phone-country.ts';

describe('the country of a phone number', () => {
  it('reads the calling code however the number is written', () => {
    expect(countryOfPhoneNumber('+48 601 234 567')).toBe('PL');
    expect(countryOfPhoneNumber('34612345678@c.us')).toBe('ES');
    expect(countryOfPhoneNumber('+33 6 12 34 56 78')).toBe('FR');
    expect(countryOfPhoneNumber('+351 912 345 678')).toBe('PT');
    expect(countryOfPhoneNumber('+7 916 123 45 67')).toBe('RU');
    // +7 7xx is Kazakhstan.
    expect(countryOfPhoneNumber('+7 701 123 45 67')).toBe('KZ');
  });

  it('names no country for a shared code, an unknown one, or no number', () => {
    expect(countryOfPhoneNumber('+1 415 555 0100')).toBeUndefined();
    expect(countryOfPhoneNumber('+86 138 0013 8000')).toBeUndefined();
    expect(countryOfPhoneNumber('12345')).toBeUndefined();
    expect(countryOfPhoneNumber(undefined)).toBeUndefined();
  });
});
