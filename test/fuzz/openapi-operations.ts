import type { FastifyInstance } from 'fastify';
import type { JsonSchema } from './schema-arbitrary.ts';

/** How an operation proves who calls it, from its `security` in the OpenAPI document. */
export type OperationAuth = 'none' | 'bearer' | 'vendor' | 'session' | 'session+csrf';

/** One operation of the OpenAPI document, as the fuzzer needs it. */
export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The OpenAPI path, e.g. `/api/v1/admin/brands/{id}`. */
  path: string;
  auth: OperationAuth;
  pathParameters: { name: string; schema: JsonSchema }[];
  queryParameters: { name: string; schema: JsonSchema; required: boolean }[];
  /** The documented bodies by content type (`application/json`, `text/csv`…). */
  bodies: Record<string, JsonSchema>;
}

export const describeOperation = (op: Operation) => `${op.method} ${op.path}`;

interface DocumentOperation {
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string; schema?: JsonSchema; required?: boolean }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/** Every operation of the document the app serves (`app.swagger()`), so a route added later is fuzzed too. */
export function operationsOf(app: FastifyInstance): Operation[] {
  const document = app.swagger() as unknown as { paths?: Record<string, Record<string, DocumentOperation>> };
  const operations: Operation[] = [];
  for (const [path, byMethod] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(byMethod)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const parameters = operation.parameters ?? [];
      operations.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        auth: authOf(operation.security ?? []),
        pathParameters: parameters.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema ?? { type: 'string' } })),
        queryParameters: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? { type: 'string' }, required: p.required === true })),
        bodies: Object.fromEntries(Object.entries(operation.requestBody?.content ?? {}).map(([type, content]) => [type, content.schema ?? {}])),
      });
    }
  }
  return operations;
}

function authOf(security: Record<string, string[]>[]): OperationAuth {
  const schemes = new Set(security.flatMap((requirement) => Object.keys(requirement)));
  if (schemes.has('bearer')) return 'bearer';
  if (schemes.has('vendorKey') || schemes.has('vendorSignature')) return 'vendor';
  if (schemes.has('sessionCookie')) return schemes.has('csrfToken') ? 'session+csrf' : 'session';
  if (schemes.size > 0) throw new Error(`unknown security schemes ${[...schemes].join(', ')}: teach test/fuzz/openapi-operations.ts how to authenticate them`);
  return 'none';
}
