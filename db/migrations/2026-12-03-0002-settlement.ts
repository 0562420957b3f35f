import { sql, type Kysely } from 'kysely';

// Settlement writes a million commission rows and hundreds of thousands of ledger lines in a
// run; every index and trigger on them is paid per row.
// - No query looks a ledger transaction up by its (random) id: its index only cost a random
//   page per line written. The ledger check groups by transaction over the whole table.
// - Balances of one influencer read `ledger_influencer_idx`; the one query that reads one
//   account over many influencers is a payout run's, of `influencer_available`: a partial
//   index of that account (with the amount, for index-only sums) replaces the index of every
//   line by account.
// - The payout-side defaults of a commission are filled in only when the insert leaves them
//   out: settlement's overrides (and the postback) give both, and skip the per-row function.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX ledger_transaction_idx;
    DROP INDEX ledger_account_idx;
    CREATE INDEX ledger_available_idx ON ledger_entries (influencer_id, currency) INCLUDE (amount) WHERE account = 'influencer_available';
    DROP TRIGGER commissions_payout_defaults ON commissions;
    CREATE TRIGGER commissions_payout_defaults BEFORE INSERT ON commissions
      FOR EACH ROW WHEN (NEW.payout_currency IS NULL OR NEW.payout_amount IS NULL) EXECUTE FUNCTION commissions_payout_defaults();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TRIGGER commissions_payout_defaults ON commissions;
    CREATE TRIGGER commissions_payout_defaults BEFORE INSERT ON commissions
      FOR EACH ROW EXECUTE FUNCTION commissions_payout_defaults();
    DROP INDEX ledger_available_idx;
    CREATE INDEX ledger_account_idx ON ledger_entries (account, influencer_id, currency);
    CREATE INDEX ledger_transaction_idx ON ledger_entries (transaction_id);
  `.execute(db);
}
