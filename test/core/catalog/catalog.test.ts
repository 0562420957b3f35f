import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCatalogProduct, parseMajorUnits, slugify } from '../../../core/catalog/catalog.ts';
import { CURRENCY_EXPONENTS } from '../../../core/money/money.ts';

describe('parseMajorUnits', () => {
  it('reads decimal prices exactly, in the exponent of each currency', () => {
    expect(parseMajorUnits('19.99', 'EUR')).toEqual({ value: 1999 });
    expect(parseMajorUnits('0.1', 'EUR')).toEqual({ value: 10 });
    expect(parseMajorUnits('19', 'pln')).toEqual({ value: 1900 });
    expect(parseMajorUnits('1500', 'JPY')).toEqual({ value: 1500 });
    // 0.1 + 0.2 style float trouble cannot happen: 1.15 × 100 is 114.99999999999999 as a float.
    expect(parseMajorUnits('1.15', 'EUR')).toEqual({ value: 115 });
  });

  it('refuses what it would have to round or guess', () => {
    expect(parseMajorUnits('19.999', 'EUR')).toEqual({ problem: expect.stringContaining('more than 2 decimal places for EUR') });
    expect(parseMajorUnits('100.5', 'JPY')).toEqual({ problem: expect.stringContaining('more than 0 decimal places') });
    expect(parseMajorUnits('1,50', 'EUR')).toEqual({ problem: expect.stringContaining('comma') });
    for (const text of ['-1', '1e3', '.5', '1 000', '', 'abc', '99999999999999999']) {
      expect(parseMajorUnits(text, 'EUR')).toHaveProperty('problem');
    }
    expect(parseMajorUnits('1.00', 'XXX')).toEqual({ problem: expect.stringContaining('unknown currency') });
  });

  it('gives back any amount of minor units written as a decimal', () => {
    fc.assert(fc.property(fc.constantFrom(...Object.keys(CURRENCY_EXPONENTS)), fc.nat({ max: Number.MAX_SAFE_INTEGER }), (currency, minor) => {
      const exponent = CURRENCY_EXPONENTS[currency]!;
      const digits = String(minor).padStart(exponent + 1, '0');
      const text = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
      expect(parseMajorUnits(text, currency)).toEqual({ value: minor });
    }));
  });
});

describe('checkCatalogProduct', () => {
  const good = { sku: 'A-1', title: ' Lamp\nwith\tshade ', url: 'https://shop.example/a-1', price: 1999, currency: 'eur' };

  it('normalises a good product', () => {
    expect(checkCatalogProduct(good).product).toEqual({
      sku: 'A-1', title: 'Lamp with shade', url: 'https://shop.example/a-1', price: 1999, currency: 'EUR', listPrice: null,
      imageUrl: null, category: null, description: null, commissionRateBps: null, active: true,
    });
  });

  it('names every bad field', () => {
    const { product, problems } = checkCatalogProduct({ ...good, sku: 'has space', url: 'javascript:alert(1)', price: 19.99, listPrice: 5, commissionRateBps: 10_001 });
    expect(product).toBeUndefined();
    expect(problems.map((p) => p.field)).toEqual(['sku', 'url', 'price', 'commissionRateBps']);
    expect(checkCatalogProduct({ ...good, listPrice: 1000 }).problems).toEqual([{ field: 'listPrice', problem: expect.stringContaining('below price') }]);
  });
});

describe('slugify', () => {
  it('makes URL-safe slugs that are never mistaken for ids', () => {
    expect(slugify('Lumière Maison')).toBe('lumiere-maison');
    expect(slugify('  --Nordic   Tech!! ')).toBe('nordic-tech');
    expect(slugify('1688')).toBe('brand-1688');
    expect(slugify('日本')).toBe('brand');
  });
});
