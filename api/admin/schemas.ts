import { Type, type TSchema } from 'typebox';

// Schemas shared by the admin routes.

/** `X or null`. @fastify/swagger writes it as `nullable: true` for OpenAPI 3.0. */
export function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}

export function StringEnum<const T extends readonly string[]>(values: T, options: { description?: string } = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** Ids are bigint in PostgreSQL and strings in the API. */
export const Id = Type.String({ pattern: '^[0-9]{1,18}$', description: 'Numeric id, as a string', examples: ['42'] });
export const Timestamp = Type.String({ format: 'date-time' });
export const MinorUnits = Type.Integer({ minimum: 0, description: 'Integer amount in minor units of the currency (1999 = 19.99 EUR)' });
export const Currency = Type.String({ pattern: '^[A-Za-z]{3}$', description: 'ISO 4217 currency code', examples: ['EUR'] });
/** Russia's advertising token for a brand's ads (ERID), issued by an ad data operator; printed next to the ad label. */
export const Erid = Type.String({ pattern: '^[0-9A-Za-z]{4,64}$', description: 'Russian advertising token (ERID), 4 to 64 letters and digits', examples: ['2VtzqwXyZ1a'] });
export const RateBps = Type.Integer({ minimum: 0, maximum: 10_000, description: 'Rate in basis points (1000 = 10 %)' });
/** A name a person reads: not blank. */
export const Name = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });

export const IdParams = Type.Object({ id: Id });

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'Stable machine-readable code, e.g. validation_failed' }),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
  }),
}, { description: 'Error' });

/** The error answers every admin route may give (401 without a valid token, 403 for a role that may not). */
export function errors<const C extends readonly (400 | 404 | 409)[]>(...codes: C) {
  const out: Record<number, typeof ErrorResponse> = { 401: ErrorResponse, 403: ErrorResponse };
  for (const code of codes) out[code] = ErrorResponse;
  return out as Record<401 | 403 | C[number], typeof ErrorResponse>;
}

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Items per page (default 50, at most 500)' })),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'The `nextCursor` of the previous page' })),
};

const DATE_OR_DATE_TIME = '^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})?)?$';
export const TimeRangeQuery = {
  from: Type.Optional(Type.String({ pattern: DATE_OR_DATE_TIME, description: 'Inclusive lower bound: an ISO 8601 date or date-time (UTC when no offset)' })),
  to: Type.Optional(Type.String({ pattern: DATE_OR_DATE_TIME, description: 'Exclusive upper bound: an ISO 8601 date or date-time' })),
};

export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    nextCursor: Nullable(Type.String({ description: 'Pass as `cursor` for the next page; null on the last page' })),
  });
}

/** Security requirement of every admin route, for the OpenAPI document. */
export const BEARER = [{ bearer: [] }];
