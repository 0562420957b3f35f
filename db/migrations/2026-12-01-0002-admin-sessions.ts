import { sql, type Kysely } from 'kysely';

// Console sign-in: one row per browser session. The cookie value is never stored, only its
// sha256; the CSRF token is derived from the session id under the secret key, so it needs no
// column. `expires_at` slides with use (idle limit) and never passes the absolute limit.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE admin_sessions (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      admin_id bigint NOT NULL REFERENCES admins(id) ON DELETE CASCADE,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      absolute_expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      user_agent text,
      CHECK (expires_at <= absolute_expires_at)
    );
    CREATE INDEX admin_sessions_live_idx ON admin_sessions (admin_id) WHERE revoked_at IS NULL;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE admin_sessions;`.execute(db);
}
