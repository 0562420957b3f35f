import fc from 'fast-check';
import type { DraftRequest } from './http-callers.ts';
import { anyText, encodeComponent, hostileJson, hostileText, malformedJsonText, pathologicalJson, rawPathSegment } from './hostile-values.ts';
import type { Operation } from './openapi-operations.ts';
import { asText, brokenValue, namedValue, parameterText, shapedValue, type JsonSchema, type KnownValues } from './schema-arbitrary.ts';

/**
 * The real objects requests may name: ids by the path segment before `{id}` (`brands` for
 * `/brands/{id}`), and values by the parameter or field name that holds them (`orderId`).
 */
export interface FuzzTargets {
  idsBySegment: Record<string, string[]>;
  known: KnownValues;
}

/** A request to the operation: path, query, body and headers drawn by fast-check, and the caller that sends it (an index into its callers). */
export function requestTo(op: Operation, targets: FuzzTargets, callers: number): fc.Arbitrary<{ draft: DraftRequest; caller: number }> {
  // Hostile requests mostly meet validation; well-formed ones from the genuine caller reach the rules behind it.
  const hostile = fc.record({
    path: pathOf(op, targets),
    query: queryOf(op, targets),
    body: op.method === 'GET' ? fc.constant(undefined) : bodyOf(op, targets),
    method: op.method === 'GET' ? fc.oneof({ arbitrary: fc.constant('GET'), weight: 9 }, { arbitrary: fc.constant('HEAD'), weight: 1 }) : fc.constant(op.method),
    headers: extraHeaders,
    caller: fc.oneof({ arbitrary: fc.constant(0), weight: callers }, { arbitrary: fc.nat(callers - 1), weight: callers }),
  });
  const wellFormed = fc.record({
    path: pathOf(op, targets, false),
    query: wellFormedQueryOf(op, targets),
    body: op.method === 'GET' ? fc.constant(undefined) : wellFormedBodyOf(op, targets),
    method: fc.constant(op.method),
    headers: extraHeaders,
    caller: fc.constant(0),
  });
  return fc.oneof({ arbitrary: wellFormed, weight: 1 }, { arbitrary: hostile, weight: 2 }).map(({ path, query, body, method, headers, caller }) => ({
    caller,
    draft: {
      method,
      url: query ? `${path}?${query}` : path,
      payload: body?.payload,
      headers: { ...headers, ...(body?.contentType ? { 'content-type': body.contentType } : {}) },
    },
  }));
}

function pathOf(op: Operation, targets: FuzzTargets, hostile = true): fc.Arbitrary<string> {
  const segments = op.path.split(/(\{\w+\})/);
  return fc.tuple(...segments.map((segment, i) => {
    const name = /^\{(\w+)\}$/.exec(segment)?.[1];
    if (!name) return fc.constant(segment);
    const schema = op.pathParameters.find((p) => p.name === name)?.schema ?? { type: 'string' };
    const real = realValuesFor(name, segments[i - 1] ?? '', targets);
    if (!hostile) return real.length ? fc.constantFrom(...real) : fc.constant('1');
    return fc.oneof(
      { arbitrary: real.length ? fc.constantFrom(...real) : fc.constant('1'), weight: 3 },
      { arbitrary: parameterText(name, schema, targets.known).map(encodeComponent), weight: 3 },
      { arbitrary: rawPathSegment, weight: 1 },
    );
  })).map((parts) => parts.join(''));
}

function realValuesFor(name: string, before: string, targets: FuzzTargets): string[] {
  if (targets.known.byName[name]) return [...targets.known.byName[name]!];
  const segment = /([a-z-]+)\/$/.exec(before)?.[1];
  return (segment && targets.idsBySegment[segment]) || Object.values(targets.idsBySegment).flat();
}

/** The documented query parameters (sometimes twice, sometimes hostile), and now and then one nobody documented. */
function queryOf(op: Operation, targets: FuzzTargets): fc.Arbitrary<string> {
  const documented = op.queryParameters.map((p) => fc.option(
    fc.array(parameterText(p.name, p.schema, targets.known), { minLength: 1, maxLength: 2 }).map((values) => values.map((v) => `${encodeComponent(p.name)}=${encodeComponent(v)}`).join('&')),
    { freq: p.required ? 8 : 2, nil: '' },
  ));
  const stranger = fc.option(fc.tuple(fc.oneof(fc.constantFrom('__proto__', 'constructor[prototype][x]', 'a[b][c]', 'limit[]', ''), anyText(8)), hostileText)
    .map(([key, value]) => `${encodeComponent(key)}=${encodeComponent(value)}`), { freq: 4, nil: '' });
  return fc.tuple(fc.tuple(...documented), stranger).map(([parts, extra]) => [...parts, extra].filter(Boolean).join('&'));
}

/** Some of the documented query parameters, each of its documented type. */
function wellFormedQueryOf(op: Operation, targets: FuzzTargets): fc.Arbitrary<string> {
  const parts = op.queryParameters.map((p) => {
    const value = namedValue(p.name, { ...p.schema, nullable: false }, targets.known).map((v) => `${encodeComponent(p.name)}=${encodeComponent(asText(v))}`);
    return p.required ? value : fc.oneof({ arbitrary: fc.constant(''), weight: 2 }, { arbitrary: value, weight: 1 });
  });
  return fc.tuple(...parts).map((values) => values.filter(Boolean).join('&'));
}

/** A body of the documented shape and content type; none when none is documented. */
function wellFormedBodyOf(op: Operation, targets: FuzzTargets): fc.Arbitrary<DraftBody | undefined> {
  const [type, schema] = Object.entries(op.bodies)[0] ?? [];
  if (!type || !schema) return fc.constant(undefined);
  if (type === 'application/json') return shapedValue(schema, targets.known).map((v) => json(v));
  return textBody(schema, targets).map((payload) => ({ payload, contentType: type }));
}

interface DraftBody {
  payload?: string;
  contentType?: string;
}

const json = (value: unknown, contentType = 'application/json'): DraftBody => ({ payload: JSON.stringify(value) ?? 'null', contentType });

/** A body of the documented shape, broken, hostile, malformed, of another content type, or none. */
function bodyOf(op: Operation, targets: FuzzTargets): fc.Arbitrary<DraftBody | undefined> {
  const jsonSchema = op.bodies['application/json'];
  const textTypes = Object.keys(op.bodies).filter((type) => type !== 'application/json');
  const anyBody = fc.oneof(
    hostileJson.map((v) => json(v)),
    malformedJsonText.map((payload) => ({ payload, contentType: 'application/json' })),
    fc.tuple(hostileText, fc.constantFrom('text/plain', 'text/csv', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', 'application/octet-stream', 'application/json; charset=utf-16', 'APPLICATION/JSON', 'application/vnd.api+json'))
      .map(([payload, contentType]) => ({ payload, contentType })),
    hostileText.map((payload) => ({ payload })),
    pathologicalJson.map((v) => json(v)),
    fc.constant(undefined),
  );
  const choices: fc.WeightedArbitrary<DraftBody | undefined>[] = [{ arbitrary: anyBody, weight: 2 }];
  if (jsonSchema) {
    choices.push({ arbitrary: shapedValue(jsonSchema, targets.known).map((v) => json(v)), weight: 4 });
    choices.push({ arbitrary: brokenValue(jsonSchema, targets.known).map((v) => json(v)), weight: 4 });
  }
  for (const type of textTypes) choices.push({ arbitrary: textBody(op.bodies[type]!, targets).map((payload) => ({ payload, contentType: type })), weight: 3 });
  return fc.oneof(...choices);
}

/** A text body such as CSV: lines of hostile cells, sometimes under the header line the documented example would have. */
function textBody(_schema: JsonSchema, targets: FuzzTargets): fc.Arbitrary<string> {
  const cell = fc.oneof(hostileText.map((v) => v.slice(0, 200)), fc.constantFrom(...targets.known.all, ''), fc.constant('"a,""b"""'), fc.constant('"unterminated'));
  const line = fc.array(cell, { minLength: 0, maxLength: 8 }).map((cells) => cells.join(','));
  const header = fc.constantFrom('', 'brand,sku,title,url,price,currency\n', 'base,quote,rate\n', 'base,quote,rate,validFrom\n');
  return fc.tuple(header, fc.array(line, { maxLength: 6 }), fc.constantFrom('\n', '\r\n', '\r')).map(([h, lines, eol]) => h + lines.join(eol));
}

/** Headers a hostile client adds: forwarded addresses, odd accept and agent strings (printable ASCII: anything else is refused before our code runs). */
const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.record({
  'x-forwarded-for': fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom('unknown', '::ffff:10.0.0.1', '1.1.1.1, 2.2.2.2', ''), fc.string()),
  'user-agent': fc.oneof(fc.constantFrom('Mozilla/5.0', 'WhatsApp/2.23', 'TelegramBot (like TwitterBot)', 'curl/8'), fc.string({ maxLength: 600 })),
  accept: fc.constantFrom('application/json', 'text/html', '*/*', 'image/png', 'text/csv', 'x/y;q=0'),
  'x-request-id': fc.string({ maxLength: 300 }),
}, { requiredKeys: ['x-forwarded-for'] });
