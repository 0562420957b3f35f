import fc from 'fast-check';
import { hostileJson, hostileNumber, hostileText } from './hostile-values.ts';

// JSON schemas of the OpenAPI document as fast-check arbitraries: values of the right shape,
// and the same values broken one field at a time.

// The document is read loosely: a schema is whatever @fastify/swagger wrote.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonSchema = Record<string, any>;

/**
 * Strings that name real objects (ids, codes, currencies), all of them and by the field name
 * that holds them (`brandId`, `orderId`): a value of the right shape is drawn among them often
 * enough to get past "not found" and into the handler's own rules.
 */
export interface KnownValues {
  all: readonly string[];
  byName: Readonly<Record<string, readonly string[]>>;
}

const NOTHING_KNOWN: KnownValues = { all: [], byName: {} };

const MAX_GENERATED_LENGTH = 40;

/** A value the schema accepts (most of the time: patterns and lengths are honoured, cross-field rules are not). */
export function shapedValue(schema: JsonSchema, known: KnownValues = NOTHING_KNOWN): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return withNull(schema, fc.constantFrom(...schema.enum));
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives) && alternatives.length > 0) return withNull(schema, fc.oneof(...alternatives.map((s: JsonSchema) => shapedValue(s, known))));
  if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((type: string) => shapedValue({ ...schema, type }, known)));
  const type = schema.type ?? (schema.properties ? 'object' : undefined);
  switch (type) {
    case 'string': return withNull(schema, shapedString(schema, known));
    case 'integer': return withNull(schema, fc.integer(numberRange(schema)));
    case 'number': return withNull(schema, fc.double({ ...numberRange(schema), noNaN: true, noDefaultInfinity: true }));
    case 'boolean': return withNull(schema, fc.boolean());
    case 'null': return fc.constant(null);
    case 'array': {
      const minLength = schema.minItems ?? 0;
      return withNull(schema, fc.array(shapedValue(schema.items ?? {}, known), { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 3, 3)) }));
    }
    case 'object': return withNull(schema, shapedObject(schema, known));
    default: return hostileJson;
  }
}

/**
 * A value of the schema's shape with one thing wrong: a field of another type, huge or
 * hostile, a required field missing, an unknown field, or something else altogether.
 */
export function brokenValue(schema: JsonSchema, known: KnownValues = NOTHING_KNOWN): fc.Arbitrary<unknown> {
  const shaped = shapedValue(schema, known);
  const properties = Object.keys(schema.properties ?? {});
  const objectMutation = fc.tuple(shaped, fc.constantFrom(...(properties.length ? properties : ['x'])), hostileJson, fc.nat(3)).map(([value, key, bad, how]) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return bad;
    const copy: Record<string, unknown> = { ...value };
    if (how === 0) delete copy[key];
    else if (how === 1) copy[`${key}_extra`] = bad;
    else if (how === 2) copy[key] = typeof copy[key] === 'number' ? String(copy[key]) : bad;
    else copy[key] = null;
    return copy;
  });
  return fc.oneof(
    { arbitrary: objectMutation, weight: 4 },
    { arbitrary: fc.oneof(hostileText, hostileNumber, fc.constant(null), fc.constant([]), fc.constant({})), weight: 1 },
    { arbitrary: hostileJson, weight: 1 },
  );
}

/** A query string or path value of the schema's type, as text; or hostile text. */
export function parameterText(name: string, schema: JsonSchema, known: KnownValues = NOTHING_KNOWN): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: namedValue(name, { ...schema, nullable: false }, known).map(asText), weight: 3 },
    { arbitrary: hostileText, weight: 2 },
    { arbitrary: hostileNumber.map(String), weight: 1 },
  );
}

/** A parameter's value as the query string carries it. */
export const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value) ?? '');

function shapedObject(schema: JsonSchema, known: KnownValues): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, property] of Object.entries(properties)) model[key] = namedValue(key, property, known);
  const required = ((schema.required ?? []) as string[]).filter((key) => key in model);
  return fc.record(model, { requiredKeys: required });
}

/** A value for the field or parameter `name`: a real object it may name, what its name suggests, else its schema's shape. */
export function namedValue(name: string, schema: JsonSchema, known: KnownValues = NOTHING_KNOWN): fc.Arbitrary<unknown> {
  return knownFor(name, schema, known) ?? hintedValue(name, schema) ?? shapedValue(schema, known);
}

/** The real objects a field of this name names (`brandId`: the brands), now and then something else of its shape. */
function knownFor(key: string, schema: JsonSchema, known: KnownValues): fc.Arbitrary<unknown> | undefined {
  const real = known.byName[key];
  if (!real?.length || schema.type !== 'string') return undefined;
  return fc.oneof({ arbitrary: fc.constantFrom(...real), weight: 3 }, { arbitrary: shapedValue(schema, known), weight: 1 });
}

/**
 * What a free-text field's name says it holds (`url`, `currency`, `language`…): the schema
 * alone would draw random text there, and the handler would refuse every request the same way.
 */
function hintedValue(key: string, schema: JsonSchema): fc.Arbitrary<unknown> | undefined {
  if (schema.type !== 'string' || schema.enum || schema.format) return undefined;
  const hint = NAME_HINTS.find(([pattern]) => pattern.test(key))?.[1];
  return hint && fc.oneof({ arbitrary: withNull(schema, hint), weight: 3 }, { arbitrary: shapedString(schema, NOTHING_KNOWN), weight: 1 });
}

const NAME_HINTS: [RegExp, fc.Arbitrary<string>][] = [
  [/url$/i, fc.webUrl({ validSchemes: ['https'] })],
  [/currency$|^base$|^quote$/i, fc.constantFrom('EUR', 'PLN', 'USD', 'RUB')],
  [/^language$/i, fc.constantFrom('en', 'fr', 'ru', 'es', 'pl')],
  [/^country$/i, fc.constantFrom('FR', 'PL', 'ES', 'RU')],
  [/email$/i, fc.emailAddress()],
  [/^rate$/i, fc.constantFrom('4.25', '0.235', '1')],
];

function shapedString(schema: JsonSchema, known: KnownValues): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? Number.MAX_SAFE_INTEGER;
  const fits = (value: string) => value.length >= minLength && value.length <= maxLength && (!schema.pattern || new RegExp(schema.pattern).test(value));
  const generated = generatedString(schema, minLength, maxLength);
  // A format (uuid, date-time) is not checked here: known values of no format only.
  const fitting = schema.format ? [] : known.all.filter(fits);
  return fitting.length === 0 ? generated : fc.oneof({ arbitrary: fc.constantFrom(...fitting), weight: 2 }, { arbitrary: generated, weight: 1 });
}

function generatedString(schema: JsonSchema, minLength: number, maxLength: number): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid': return fc.uuid();
    // Four-digit years: the expanded ones (+104669-…) are the hostile texts' business.
    case 'date-time': return fc.date({ noInvalidDate: true, min: new Date(0), max: new Date('2100-01-01') }).map((d) => d.toISOString());
    case 'date': return fc.date({ noInvalidDate: true, min: new Date(0), max: new Date('2100-01-01') }).map((d) => d.toISOString().slice(0, 10));
    case 'email': return fc.emailAddress();
    case 'uri': case 'url': return fc.webUrl();
  }
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern);
    const lengthFits = (value: string) => value.length >= minLength && value.length <= maxLength;
    return matching(pattern).filter(lengthFits);
  }
  return fc.string({ unit: 'grapheme', minLength, maxLength: Math.max(minLength, Math.min(maxLength, MAX_GENERATED_LENGTH)) });
}

/** Strings of a pattern; fast-check cannot read lookaheads, so those are dropped and the whole pattern checked after. */
function matching(pattern: RegExp): fc.Arbitrary<string> {
  try {
    return fc.stringMatching(pattern, { size: 'xsmall' });
  } catch {
    return fc.stringMatching(new RegExp(pattern.source.replace(/\(\?[=!][^)]*\)/g, '')), { size: 'xsmall' }).filter((value) => pattern.test(value));
  }
}

function numberRange(schema: JsonSchema): { min: number; max: number } {
  const min = Math.max(Number.MIN_SAFE_INTEGER, schema.minimum ?? (schema.exclusiveMinimum ?? -1_000_001) + 1);
  const max = Math.min(Number.MAX_SAFE_INTEGER, schema.maximum ?? (schema.exclusiveMaximum ?? Math.max(min, 0) + 1_000_001) - 1);
  return { min, max: Math.max(min, max) };
}

function withNull(schema: JsonSchema, arbitrary: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return schema.nullable ? fc.oneof({ arbitrary, weight: 5 }, { arbitrary: fc.constant(null), weight: 1 }) : arbitrary;
}
