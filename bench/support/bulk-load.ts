import type { Database } from '../../db/schema.ts';
import { sql, type Kysely } from 'kysely';

/** Sort memory for one index build: a million-row index sorts in memory instead of spilling. */
const BUILD_MEMORY = '256MB';

interface Definition {
  table: string;
  name: string;
  kind: 'index' | 'unique' | 'foreign key';
  definition: string;
}

/**
 * Runs `load` with the secondary indexes, unique constraints, foreign keys and user triggers of
 * `tables` out of the way, then puts every one of them back exactly as it was: indexes rebuilt
 * in one sort each (two at a time, one per core) instead of maintained row by row, foreign keys
 * re-added, and so checked, in one join each instead of one lookup per row. Primary keys stay
 * (other tables' foreign keys hang on them). For benchmark set-ups only: the tables are not
 * safe to use by anyone else until it returns.
 */
export async function loadWithoutIndexes<T>(db: Kysely<Database>, tables: readonly string[], load: () => Promise<T>): Promise<T> {
  const definitions = await readDefinitions(db, tables);
  const of = (kind: Definition['kind']) => definitions.filter((d) => d.kind === kind);
  for (const d of [...of('foreign key'), ...of('unique')]) await sql`ALTER TABLE ${sql.table(d.table)} DROP CONSTRAINT ${sql.id(d.name)}`.execute(db);
  for (const d of of('index')) await sql`DROP INDEX ${sql.id(d.name)}`.execute(db);
  for (const table of tables) await sql`ALTER TABLE ${sql.table(table)} DISABLE TRIGGER USER`.execute(db);

  const result = await load();

  for (const table of tables) await sql`ALTER TABLE ${sql.table(table)} ENABLE TRIGGER USER`.execute(db);
  await inPairs([...of('unique'), ...of('index')], (d) => db.transaction().execute(async (trx) => {
    await sql`SELECT set_config('maintenance_work_mem', ${BUILD_MEMORY}, true)`.execute(trx);
    // A partitioned table's index reads `ON ONLY` (the parent alone): rebuilt so, its partitions would have none.
    if (d.kind === 'index') await sql.raw(d.definition.replace(' ON ONLY ', ' ON ')).execute(trx);
    else await sql`ALTER TABLE ${sql.table(d.table)} ADD CONSTRAINT ${sql.id(d.name)} ${sql.raw(d.definition)}`.execute(trx);
  }));
  // Adding a foreign key locks both its tables against the other additions: one at a time.
  for (const d of of('foreign key')) await sql`ALTER TABLE ${sql.table(d.table)} ADD CONSTRAINT ${sql.id(d.name)} ${sql.raw(d.definition)}`.execute(db);
  return result;
}

async function readDefinitions(db: Kysely<Database>, tables: readonly string[]): Promise<Definition[]> {
  const { rows } = await sql<Definition>`
    SELECT c.conrelid::regclass::text AS table, c.conname AS name, CASE c.contype WHEN 'u' THEN 'unique' ELSE 'foreign key' END AS kind,
      pg_get_constraintdef(c.oid) AS definition
    FROM pg_constraint c
    WHERE c.conrelid = ANY(${tables}::regclass[]) AND c.contype IN ('u', 'f')
      -- A unique constraint that another table's foreign key points at stays where it is.
      AND NOT (c.contype = 'u' AND EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = c.conindid))
    UNION ALL
    SELECT i.indrelid::regclass::text, i.indexrelid::regclass::text, 'index', pg_get_indexdef(i.indexrelid)
    FROM pg_index i
    WHERE i.indrelid = ANY(${tables}::regclass[])
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
  `.execute(db);
  return rows;
}

/** Runs `task` over `items`, two at a time (this machine has two cores). */
async function inPairs<T>(items: readonly T[], task: (item: T) => Promise<unknown>): Promise<void> {
  const queue = [...items];
  const lane = async () => { for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item); };
  await Promise.all([lane(), lane()]);
}
