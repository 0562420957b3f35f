import { sql, type Kysely } from 'kysely';

// Where an influencer's payouts go (issue 12.5): one method per influencer, its kind in clear
// (the payment file groups by it) and the account (IBAN, BLIK phone, PayPal e-mail) sealed by
// the SecretBox under SECRET_KEY, so the database never holds a bank account in clear.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE payout_methods (
      influencer_id bigint PRIMARY KEY REFERENCES influencers(id) ON DELETE CASCADE,
      kind text NOT NULL CONSTRAINT payout_methods_kind_known CHECK (kind IN ('iban', 'blik', 'paypal')),
      account_sealed text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE payout_methods`.execute(db);
}
