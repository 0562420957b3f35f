import { sql, type Kysely } from 'kysely';

// The influencer's own line at the top of every forward-ready deal (`/intro`), set once in chat
// and reused; null when none. Its length is checked in chat (core/influencers/intro-line.ts);
// the constraint only keeps a runaway write out.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE influencers ADD COLUMN intro_line text,
      ADD CONSTRAINT influencers_intro_line_length CHECK (char_length(intro_line) BETWEEN 1 AND 200);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE influencers DROP CONSTRAINT influencers_intro_line_length, DROP COLUMN intro_line;`.execute(db);
}
