import crypto from 'node:crypto';
import { CompiledQuery, type Compilable, type Kysely, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import type { Database } from './schema.ts';

/**
 * Marks a hot statement that each connection prepares once: PostgreSQL parses and plans it
 * on its first call there, and later calls only bind and execute it. For a short indexed
 * query, parsing and planning are most of the server's work (about three quarters of a
 * `/link`'s database CPU). Put the mark first in a `sql` template
 * (`sql`${sql.raw(PREPARED)} SELECT …``); a query built with Kysely is a `preparedQuery`. Only
 * for a statement whose text is the same on every call (no IN list of varying length) and
 * that names the columns it returns: a prepared `SELECT *` fails once a column is added under it.
 */
export const PREPARED = '/* prepared */';

/** Names of the statements seen so far; as many as the marked statements in the code. */
const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `dc_${crypto.createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * The pool Kysely gets: the same connections, but a statement marked `PREPARED` is sent as a
 * named statement (pg parses it once per connection and remembers it); anything else as is.
 */
export function preparingPool(pool: pg.Pool): PostgresPool {
  // Kysely keeps its own state per client object, so each pooled client keeps one wrapper.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => ({
    query: ((textOrCursor: unknown, values?: readonly unknown[]) => {
      if (typeof textOrCursor === 'string' && textOrCursor.startsWith(PREPARED)) {
        return client.query({ name: statementName(textOrCursor), text: textOrCursor, values: values ? [...values] : [] });
      }
      return (client.query as (...args: unknown[]) => unknown)(textOrCursor, values);
    }) as PostgresPoolClient['query'],
    release: (destroy?: boolean) => client.release(destroy),
  });
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        // A server that goes away while this client is checked out (between a transaction's
        // statements) makes the client emit 'error'; unheard, that would end the process. The
        // statement in flight, or the next one, still fails, and the pool drops the client.
        client.on('error', () => undefined);
        wrapper = wrap(client);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}

type Db = Kysely<Database>;

/**
 * A hot query built with Kysely: built and compiled on its first call only (building a
 * three-table select costs more of this process than sending it), marked `PREPARED`, then run
 * on whatever database or transaction each call gives, with that call's values. `build` gets
 * a stand-in for each named value and must hand them to Kysely as values
 * (`.where('p.id', '=', values.productId)`), never as identifiers or raw SQL.
 */
export function preparedQuery<Values extends Record<string, unknown>, Row>(
  valueNames: readonly (keyof Values & string)[],
  build: (db: Db, values: Values) => Compilable<Row>,
): (db: Db, values: Values) => Promise<Row[]> {
  type Name = keyof Values & string;
  let compiled: { sql: string; parameters: ({ name: Name } | { constant: unknown })[] } | undefined;
  const compile = (db: Db) => {
    const standIns = Object.fromEntries(valueNames.map((name) => [name, `\u0000${name}:${crypto.randomUUID()}`])) as Record<Name, string>;
    // Stand-ins are strings whatever the values' types: Kysely only carries them to the parameters.
    const query = build(db, standIns as unknown as Values).compile();
    const parameters = query.parameters.map((p) => {
      const name = valueNames.find((n) => standIns[n] === p);
      return name === undefined ? { constant: p } : { name };
    });
    const missing = valueNames.filter((n) => !parameters.some((p) => 'name' in p && p.name === n));
    if (missing.length > 0) throw new Error(`preparedQuery: ${missing.join(', ')} did not end up as query parameters`);
    return { sql: `${PREPARED} ${query.sql}`, parameters };
  };
  return async (db, values) => {
    compiled ??= compile(db);
    const parameters = compiled.parameters.map((p) => ('name' in p ? values[p.name] : p.constant));
    return (await db.executeQuery<Row>(CompiledQuery.raw(compiled.sql, parameters) as CompiledQuery<Row>)).rows;
  };
}
