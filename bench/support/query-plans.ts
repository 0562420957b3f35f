import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { Database } from '../../db/schema.ts';

/** One node of PostgreSQL's `EXPLAIN (FORMAT JSON)` plan, with the fields read here. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Loops'?: number;
  'Subplans Removed'?: number;
  Plans?: PlanNode[];
}

/** A statement a call ran, with its plan. */
export interface QueryPlan {
  sql: string;
  plan: PlanNode;
}

/**
 * Runs `call` on a database handle of its own that records every statement it sends, then
 * replays them in order, each query under `EXPLAIN (ANALYZE, FORMAT JSON)`, so that the plan
 * shows which partitions and indexes were actually read. The replay keeps the call's
 * transactions apart (settings made inside one stay inside it) and rolls each back, so a write
 * leaves nothing behind. For benchmarks and tests: the statements run twice.
 */
export async function plansOf<T>(databaseUrl: string, call: (db: Kysely<Database>) => Promise<T>): Promise<{ result: T; plans: QueryPlan[] }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const sent: CompiledQuery[] = [];
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: (event) => { if (event.level === 'query') sent.push(event.query); } });
  try {
    const result = await call(db);
    const plans: QueryPlan[] = [];
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      for (const query of sent) {
        // A statement may open with a comment (db/prepared-statements.ts marks some).
        const verb = /^\s*(?:\/\*.*?\*\/\s*)*(\w+)/s.exec(query.sql)?.[1]?.toLowerCase() ?? '';
        if (verb === 'begin' || verb === 'start') continue;
        if (verb === 'commit' || verb === 'rollback') {
          await client.query('ROLLBACK');
          await client.query('BEGIN');
        } else if (['select', 'with', 'insert', 'update', 'delete'].includes(verb)) {
          plans.push({ sql: query.sql, plan: await explain(client, query) });
        } else {
          await client.query(query.sql, [...query.parameters]);
        }
      }
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    return { result, plans };
  } finally {
    await db.destroy();
  }
}

/**
 * The plan of one statement as it runs; when running it again fails (a write the call already
 * made: the same keys), the plan as planned, without the figures of a run.
 */
async function explain(client: pg.PoolClient, query: CompiledQuery): Promise<PlanNode> {
  type Explained = { 'QUERY PLAN': [{ Plan: PlanNode }] };
  await client.query('SAVEPOINT explained');
  try {
    const { rows } = await client.query<Explained>(`EXPLAIN (ANALYZE, FORMAT JSON) ${query.sql}`, [...query.parameters]);
    return rows[0]!['QUERY PLAN'][0].Plan;
  } catch {
    await client.query('ROLLBACK TO SAVEPOINT explained');
    const { rows } = await client.query<Explained>(`EXPLAIN (FORMAT JSON) ${query.sql}`, [...query.parameters]);
    return rows[0]!['QUERY PLAN'][0].Plan;
  }
}

/** Every node of a plan, depth first. */
export function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

/** The relations a plan read (a scan run at least once), with the index each scan used. */
export function relationsRead(plan: PlanNode): { relation: string; index: string | undefined }[] {
  return planNodes(plan)
    .filter((n) => n['Relation Name'] !== undefined && (n['Actual Loops'] === undefined || n['Actual Loops'] > 0))
    .map((n) => ({ relation: n['Relation Name']!, index: n['Index Name'] }));
}

/** Whether a plan reads any of the application's tables (not only the catalog, pg_class and the like). */
export function readsTables(plan: PlanNode): boolean {
  return planNodes(plan).some((n) => (n['Relation Name'] !== undefined && !n['Relation Name'].startsWith('pg_')) || (n['Index Name'] !== undefined && !n['Index Name'].startsWith('pg_')));
}

/**
 * A plan in one line: its top node, then each scan that ran ("Index Scan products_deal_order_idx",
 * "Seq Scan clicks_2026_11"), and partitions pruned before running.
 */
export function describePlan(plan: PlanNode): string {
  const nodes = planNodes(plan);
  const scans = nodes
    .filter((n) => n['Relation Name'] !== undefined || n['Index Name'] !== undefined)
    .filter((n) => n['Actual Loops'] === undefined || n['Actual Loops'] > 0)
    .map((n) => `${n['Node Type']} ${n['Index Name'] ?? n['Relation Name']}`);
  const removed = nodes.reduce((sum, n) => sum + (n['Subplans Removed'] ?? 0), 0);
  const unique = [...new Set(scans)];
  return `${plan['Node Type']} ← ${unique.join(', ')}${removed > 0 ? ` (${removed} partitions pruned)` : ''}`;
}
