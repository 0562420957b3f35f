import fc from 'fast-check';
import type { DraftRequest } from './http-callers.ts';
import { encodeComponent } from './hostile-values.ts';
import type { Operation } from './openapi-operations.ts';
import { namedValue, shapedValue, type JsonSchema } from './schema-arbitrary.ts';
import type { FuzzTargets } from './operation-requests.ts';

/**
 * Characters PostgreSQL refuses (NUL in any text; an unpaired surrogate in jsonb) and a text
 * far past any column: random fuzzing meets each in a given field only now and then, so every
 * string field gets each of them once.
 */
export const SWEPT_TEXTS: readonly { name: string; value: string }[] = [
  { name: 'a NUL byte', value: 'a\u0000b' },
  { name: 'an unpaired surrogate', value: 'a\ud800b' },
  { name: '10,000 characters', value: 'ż'.repeat(10_000) },
];

/**
 * One request per string field of the body, string query parameter and path parameter, for each
 * swept text, the rest of the request well-formed; and a malformed body and one of a type no
 * route takes.
 */
export function sweepRequests(op: Operation, targets: FuzzTargets): { field: string; text: string; draft: DraftRequest }[] {
  const sample = <T>(arbitrary: fc.Arbitrary<T>): T => fc.sample(arbitrary, { numRuns: 1, seed: 42 })[0]!;
  const required = op.queryParameters.filter((q) => q.required).map((q) => `${encodeComponent(q.name)}=${encodeComponent(String(sample(namedValue(q.name, q.schema, targets.known))))}`);
  const schema = op.bodies['application/json'];
  const body = schema ? sample(shapedValue(schema, targets.known)) : undefined;
  const request = (parts: { path?: [string, string]; query?: string; body?: unknown }): DraftRequest => {
    const query = [...required, ...(parts.query ? [parts.query] : [])].join('&');
    const payload = parts.body ?? body;
    return {
      method: op.method, url: pathOf(op, targets, parts.path) + (query ? `?${query}` : ''),
      headers: { 'x-forwarded-for': '10.9.8.7', ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    };
  };
  const out: { field: string; text: string; draft: DraftRequest }[] = [];
  for (const { name, value } of SWEPT_TEXTS) {
    for (const p of op.pathParameters) out.push({ field: `path ${p.name}`, text: name, draft: request({ path: [p.name, value] }) });
    for (const p of op.queryParameters.filter((q) => isText(q.schema))) {
      out.push({ field: `query ${p.name}`, text: name, draft: request({ query: `${encodeComponent(p.name)}=${encodeComponent(value)}` }) });
    }
    for (const path of schema ? stringPaths(schema) : []) {
      const changed = structuredClone(body ?? {}) as Record<string, unknown>;
      setAt(changed, path, value);
      out.push({ field: `body ${path.join('.')}`, text: name, draft: request({ body: changed }) });
    }
  }
  if (op.method !== 'GET') {
    // Refused by Fastify's own parsers, before any route: the error handler's other branch.
    const base = request({});
    out.push({ field: 'body', text: 'malformed JSON', draft: { ...base, payload: '{"a":', headers: { ...base.headers, 'content-type': 'application/json' } } });
    out.push({ field: 'body', text: 'an unsupported content type', draft: { ...base, payload: '<a/>', headers: { ...base.headers, 'content-type': 'application/xml' } } });
  }
  return out;
}

/** The operation's path with a real object in each parameter, but `override` in its own. */
function pathOf(op: Operation, targets: FuzzTargets, override?: [string, string]): string {
  return op.path.replace(/\{(\w+)\}/g, (_whole, name: string, offset: number) => {
    if (override?.[0] === name) return encodeComponent(override[1]);
    const segment = /([a-z-]+)\/$/.exec(op.path.slice(0, offset))?.[1] ?? '';
    return encodeComponent((targets.known.byName[name] ?? targets.idsBySegment[segment] ?? ['1'])[0]!);
  });
}

const isText = (schema: JsonSchema) => schema.type === 'string' || schema.type === undefined || (Array.isArray(schema.type) && schema.type.includes('string'));

/** The paths of the string fields of a body schema, into objects and the first item of arrays. */
function stringPaths(schema: JsonSchema, prefix: (string | number)[] = [], depth = 0): (string | number)[][] {
  if (depth > 4) return [];
  if (schema.type === 'string' && !schema.enum) return [prefix];
  if (schema.type === 'array' && schema.items) return stringPaths(schema.items, [...prefix, 0], depth + 1);
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (alternatives) return alternatives.flatMap((s) => stringPaths(s, prefix, depth + 1)).slice(0, 1);
  return Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>).flatMap(([key, s]) => stringPaths(s, [...prefix, key], depth + 1));
}

function setAt(target: Record<string, unknown>, path: (string | number)[], value: unknown): void {
  let node: Record<string | number, unknown> = target;
  path.forEach((key, i) => {
    if (i === path.length - 1) node[key] = value;
    else {
      const next = node[key];
      if (next === null || typeof next !== 'object') node[key] = typeof path[i + 1] === 'number' ? [{}] : {};
      node = node[key] as Record<string | number, unknown>;
    }
  });
}
