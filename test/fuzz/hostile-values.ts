import fc from 'fast-check';

// The raw material of every fuzz input: strings and values people (and attackers) really send.

/** Texts that broke real systems: SQL, HTML, template and path tricks, control characters, unicode edge cases. */
export const NASTY_TEXTS: readonly string[] = [
  '', ' ', '\t\n', "'", '"', '\\', "'; DROP TABLE influencers; --", "' OR '1'='1", '1; SELECT pg_sleep(1)', '$1', '%',
  '<script>alert(1)</script>', '<b>bold</b>', '&amp;', '${7*7}', '{{7*7}}', '{name}', '%s%s%n', '../../etc/passwd', '..\\..\\', '/',
  '\u0000', '\u0000abc', '\u0001\u0002\u001f', '\u007f', '\ud800', 'a\udfffb', '\ufeff', '\u200b\u200d', '\u202e dlrow', 'مرحبا بالعالم',
  'שלום', 'Zażółć gęślą jaźń', 'Съешь же ещё этих мягких французских булок', '🔥🎧👨‍👩‍👧‍👦', '🇫🇷🇵🇱', 'Z̸̡̛a̴̢l̵g̸o̵', '𝕬𝖇𝖈', 'ﷺ',
  'null', 'undefined', 'NaN', 'Infinity', 'true', '[]', '{}', '__proto__', 'constructor', 'prototype', 'toString',
  '0', '-0', '-1', '1.5', '1e309', '-1e309', '0x1F', '9007199254740993', '9223372036854775807', '9223372036854775808',
  '99999999999999999999999999', '18446744073709551616', '0001', '+1', '1_000', '١٢٣', '٣',
  'EUR', 'eur', 'XXX', 'ZZZ', 'en', 'ru-RU', 'pt-BR', 'FR', 'ZZ',
  '2026-13-45', '2026-02-30', '9999-12-31T23:59:59Z', '0000-00-00', '1970-01-01', '2026-01-01T25:61:61+99:99', '275760-09-13',
  'http://', 'https://', 'javascript:alert(1)', 'http://127.0.0.1:6379/', 'http://169.254.169.254/latest', 'file:///etc/passwd', 'https://shop.example/p/x',
  'a@b', 'not-an-email', 'admin@dealcast.test', 'ref_', 'ref_ZZZZZZZZ', 'Bearer', 'dc_',
];

/** Any unicode text, well-formed or not (lone surrogates included by `binary`). */
export const anyText = (maxLength = 40): fc.Arbitrary<string> => fc.oneof(
  fc.string({ maxLength }),
  fc.string({ unit: 'grapheme', maxLength }),
  fc.string({ unit: 'binary', maxLength }),
);

/** Huge texts: past every column length, and sometimes past the body limit. */
export const hugeText: fc.Arbitrary<string> = fc.tuple(
  fc.constantFrom('x', 'ż', '🔥', '\u0000', "'", '<', ' ', '9'),
  fc.constantFrom(300, 5_000, 70_000),
).map(([unit, times]) => unit.repeat(times));

/** A hostile string: nasty constants, random unicode, huge ones, or a mix of them. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY_TEXTS), weight: 4 },
  { arbitrary: anyText(), weight: 3 },
  { arbitrary: fc.tuple(fc.constantFrom(...NASTY_TEXTS), anyText(10)).map(([a, b]) => a + b), weight: 2 },
  { arbitrary: hugeText, weight: 1 },
);

/** Numbers at and past every limit a schema or a database column has. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 1, 0.5, -0.5, 2 ** 31, 2 ** 31 - 1, -(2 ** 31), 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 2 ** 63, 2 ** 64, 1e21, 1e308, -1e308, Number.MIN_VALUE, 1e-300),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any JSON value, with hostile leaves. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileText, hostileNumber, fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'id', '$where', ''), anyText(12)), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Deep or wide structures that stress parsers and validators. */
export const pathologicalJson: fc.Arbitrary<unknown> = fc.constantFrom(
  JSON.parse('['.repeat(500) + ']'.repeat(500)),
  Array.from({ length: 5_000 }, (_, i) => i),
  Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`k${i}`, i])),
);

/** Bodies that are not JSON at all, or broken JSON, sent as the raw payload. */
export const malformedJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('{', '}', '{"a":', '{"a":1,}', "{'a':1}", '[1,2', 'nul', 'undefined', '{"a":NaN}', '{"a":1e999}', '\ufeff{}', '{"__proto__":{"x":1}}', '"\\ud800"', '{"a":"\\u0000"}', ''),
  anyText(60),
);

/** A value that is safe to put in a URL path segment or a query value: percent-encoded, lone surrogates as raw (invalid) UTF-8 bytes. */
export function encodeComponent(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...value].map((ch) => {
      try {
        return encodeURIComponent(ch);
      } catch {
        const unit = ch.charCodeAt(0);
        return [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
      }
    }).join('');
  }
}

/** Path segments written as a client may send them unencoded or broken: bad escapes, traversal, NUL. */
export const rawPathSegment: fc.Arbitrary<string> = fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '..', '..%2f..%2f', '%2e%2e%2f', '.', 'a%20b', '%C0%AF', '%ED%A0%80', '%FF');
