import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';

/**
 * A validator for vendor postbacks. The app's Ajv coerces types (handy for query strings), but
 * a body carrying money must be exact: `"amount": "12345"` is refused, not read as 12345. Each
 * missing field and each unknown field is reported by name, so that `details[].field` points at
 * it. Path and query parameters are still converted from their string form.
 */
export const strictValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema);
  return (value: unknown) => {
    const input = httpPart === 'body' ? value : Value.Convert(schema, value);
    if (check.Check(input)) return { value: input };
    return { error: readableErrors(check.Errors(input) as FastifySchemaValidationError[]) };
  };
};

function readableErrors(errors: FastifySchemaValidationError[]): FastifySchemaValidationError[] {
  const out: FastifySchemaValidationError[] = [];
  for (const e of errors) {
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'additionalProperties' && Array.isArray(params.additionalProperties)) {
      for (const name of params.additionalProperties as string[]) {
        out.push({ ...e, instancePath: `${e.instancePath}/${name}`, params: { additionalProperty: name }, message: 'is not an accepted field' });
      }
    } else if (e.keyword === 'required' && Array.isArray(params.requiredProperties)) {
      for (const name of params.requiredProperties as string[]) {
        out.push({ ...e, instancePath: `${e.instancePath}/${name}`, params: { missingProperty: name }, message: 'is required' });
      }
    } else if (e.keyword === 'boolean' && e.message === 'schema is false') {
      // TypeBox also reports each extra property against `additionalProperties: false`; the
      // additionalProperties error above already names it.
      continue;
    } else {
      out.push(e);
    }
  }
  return out;
}
