import { describe, expect, it } from 'vitest';
import { maskPayoutAccount, parseBlikPhone, parseIban, parsePaypalEmail, payoutMethodsForCountry } from '../../../core/payouts/payout-method.ts';

describe('IBAN', () => {
  it('accepts valid IBANs of several countries however they are typed, in their electronic form', () => {
    expect(parseIban('pl61 1090 1014 0000 0712 1981 2874')).toEqual({ ok: true, method: { kind: 'iban', account: 'PL61109010140000071219812874' } });
    expect(parseIban('DE89-3704-0044-0532-0130-00')).toEqual({ ok: true, method: { kind: 'iban', account: 'DE89370400440532013000' } });
    expect(parseIban('FR76 3000 6000 0112 3456 7890 189')).toMatchObject({ ok: true });
    expect(parseIban('ES91 2100 0418 4502 0005 1332')).toMatchObject({ ok: true });
  });

  it('names what is wrong: check digits, the country\'s length, an unknown country, not an IBAN at all', () => {
    // A single digit changed breaks the mod-97 check.
    expect(parseIban('PL61 1090 1014 0000 0712 1981 2875')).toEqual({ ok: false, problem: 'iban_checksum' });
    expect(parseIban('DE88 3704 0044 0532 0130 00')).toEqual({ ok: false, problem: 'iban_checksum' });
    // Poland's IBANs have 28 characters.
    expect(parseIban('PL61 1090 1014 0000 0712 1981 287')).toEqual({ ok: false, problem: 'iban_length' });
    expect(parseIban('QQ61 1090 1014 0000 0712 1981 2874')).toEqual({ ok: false, problem: 'iban_country' });
    expect(parseIban('my account')).toEqual({ ok: false, problem: 'iban_format' });
    expect(parseIban('')).toEqual({ ok: false, problem: 'iban_format' });
  });
});

describe('BLIK phone and PayPal e-mail', () => {
  it('takes a Polish mobile number in any usual spelling, and nothing else', () => {
    for (const typed of ['+48 601 234 567', '601-234-567', '48601234567', '0048 601 234 567', '(+48) 601 234 567']) {
      expect(parseBlikPhone(typed)).toEqual({ ok: true, method: { kind: 'blik', account: '+48601234567' } });
    }
    for (const typed of ['+49 601 234 567', '60123456', '+48 601 234 5678', 'blik']) expect(parseBlikPhone(typed)).toEqual({ ok: false, problem: 'blik_phone' });
  });

  it('takes an e-mail with its domain lower-cased, and refuses what is not one', () => {
    expect(parsePaypalEmail(' Ana.Lopez@Example.ES ')).toEqual({ ok: true, method: { kind: 'paypal', account: 'Ana.Lopez@example.es' } });
    for (const typed of ['ana@example', 'ana example.com', '@example.com', 'ana@@example.com', 'ana@ex ample.com']) {
      expect(parsePaypalEmail(typed)).toEqual({ ok: false, problem: 'email' });
    }
  });
});

describe('masking and the methods per country', () => {
  it('shows enough to recognise an account, never enough to use it', () => {
    expect(maskPayoutAccount({ kind: 'iban', account: 'PL61109010140000071219812874' })).toBe('PL61 **** **** 2874');
    expect(maskPayoutAccount({ kind: 'blik', account: '+48601234567' })).toBe('+48 *** *** 567');
    expect(maskPayoutAccount({ kind: 'paypal', account: 'pablo@example.com' })).toBe('p***@example.com');
  });

  it('offers BLIK first in Poland, IBAN and PayPal elsewhere, and no PayPal where it does not operate', () => {
    expect(payoutMethodsForCountry('PL')).toEqual(['blik', 'iban', 'paypal']);
    expect(payoutMethodsForCountry('FR')).toEqual(['iban', 'paypal']);
    expect(payoutMethodsForCountry('RU')).toEqual(['iban']);
    expect(payoutMethodsForCountry(null)).toEqual(['iban', 'paypal']);
  });
});
