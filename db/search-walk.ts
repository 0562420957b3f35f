import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

// How a text search over a million products returns its first page in milliseconds whatever
// the words, when the list has an order of its own (newest first, best deal first) that an index
// gives:
// - A frequent word ("black") matches a product in every few: walking the list's own index and
//   testing each row finds a page after a few hundred rows, where the trigram index would hand
//   over every one of its tens of thousands of matches to be sorted.
// - A rare word ("c41", "bamboo toaster") matches a few hundred: the trigram index finds them
//   all at once, where the walk would test every row of the catalog.
// So the walk goes first, over a bounded stretch of the list; when it comes back short, the
// word is rare there and the indexes (trigram, brand, category) answer instead. Either way the
// answer is exact: the walk's page is the list's first page, and the index read is the whole
// query. With N products and a page of k, a walk of L rows that comes back short leaves the
// index read fewer than about N·k/L matches, and a match read through a bitmap (a heap page and
// a recheck) costs about what a walked row does (on bench/search.bench.ts's catalog, weights of
// a third to three times gave no better p95), so the worst case, L + N·k/L, is least at L = √(N·k): some 2,500 rows walked for a
// first page of 6 among a million products, then at most about as many matches through the
// indexes.

/** The walk's stretch: √(N·k), and never less than a few pages. */
export function walkLength(products: number, wanted: number): number {
  return Math.max(wanted * 20, Math.ceil(Math.sqrt(Math.max(products, 0) * wanted)));
}

/** The planner's count of products (from the last ANALYZE or VACUUM; 0 before the first). */
export async function estimatedProducts(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = 'products'::regclass`.execute(db);
  return rows[0]?.n ?? 0;
}

/**
 * The first `wanted` matches in the list's order: `read(db, walkRows)` over the first
 * `walkRows` rows of that order; if that is not `complete` (fewer than `wanted` matches),
 * `read(db, null)` over every row, through the indexes only.
 */
export async function walkThenIndex<T>(
  db: Kysely<Database>,
  walk: number,
  read: (db: Kysely<Database>, walkRows: number | null) => Promise<T>,
  complete: (result: T) => boolean,
): Promise<T> {
  const walked = await read(db, walk);
  return complete(walked) ? walked : throughIndexesOnly(db, (trx) => read(trx, null));
}

/**
 * Runs `read` with plain index scans and sequential scans priced out, so that its matches come
 * from bitmap scans of the indexes on its conditions. The planner cannot tell a rare word from
 * a frequent one (it guesses a regular expression's selectivity), and left to itself it may
 * choose to walk the list's order for a word the walk has just shown to be rare there: a walk
 * over the whole catalog.
 */
async function throughIndexesOnly<T>(db: Kysely<Database>, read: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const run = async (trx: Kysely<Database>) => {
    // Pricing scans out inflates the plan's cost past JIT's threshold: compiling would take longer than the query.
    await sql`SELECT set_config('enable_indexscan', 'off', true), set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)`.execute(trx);
    return read(trx);
  };
  if (!db.isTransaction) return db.transaction().execute(run);
  // Inside a caller's transaction the settings would last until it ends: put them back after.
  const result = await run(db);
  await sql`SET LOCAL enable_indexscan TO DEFAULT`.execute(db);
  await sql`SET LOCAL enable_seqscan TO DEFAULT`.execute(db);
  await sql`SET LOCAL jit TO DEFAULT`.execute(db);
  return result;
}
