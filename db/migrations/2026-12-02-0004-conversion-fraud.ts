import { sql, type Kysely } from 'kysely';

// An admin marks an order as fraud (its commissions are reversed): when, why and who stay on
// the conversion, for the console and the API. A hold only ever stands on money that can still
// move (pending or approved): a commission in a payout, paid or reversed is never held.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE conversions ADD COLUMN fraud_at timestamptz, ADD COLUMN fraud_reason text, ADD COLUMN fraud_by text;
    ALTER TABLE commissions ADD CONSTRAINT commissions_held_while_movable
      CHECK (held_at IS NULL OR status IN ('pending', 'approved'));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE commissions DROP CONSTRAINT commissions_held_while_movable;
    ALTER TABLE conversions DROP COLUMN fraud_at, DROP COLUMN fraud_reason, DROP COLUMN fraud_by;
  `.execute(db);
}
