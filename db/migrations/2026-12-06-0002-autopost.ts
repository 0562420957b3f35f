import { sql, type Kysely } from 'kysely';

// Scheduled posting to Telegram channels and groups where an influencer made the bot an admin
// (issue 13.3). A chat has one owner (the influencer who added the bot last), its posting rules
// and the next moment it is due; `next_due_at` is computed by core/autopost from the rules and
// indexed for the job that posts. Each post claims its slot: the unique (chat, slot) makes a slot
// post once however many workers run. The exposure work reads `member_count` and the posts.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE autopost_chats (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      influencer_id bigint NOT NULL REFERENCES influencers(id) ON DELETE CASCADE,
      telegram_chat_id text NOT NULL UNIQUE,
      chat_type text NOT NULL CHECK (chat_type IN ('channel', 'group', 'supergroup')),
      title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 256),
      member_count integer CHECK (member_count >= 0),
      member_count_at timestamptz,
      brand_ids bigint[] NOT NULL DEFAULT '{}',
      keywords text[] NOT NULL DEFAULT '{}',
      post_times text[] NOT NULL DEFAULT '{09:00,13:00,19:00}',
      time_zone text NOT NULL DEFAULT 'UTC',
      quiet_start text CHECK (quiet_start ~ '^[0-2][0-9]:[0-5][0-9]$'),
      quiet_end text CHECK (quiet_end ~ '^[0-2][0-9]:[0-5][0-9]$'),
      daily_cap integer NOT NULL DEFAULT 3 CHECK (daily_cap BETWEEN 1 AND 48),
      enabled boolean NOT NULL DEFAULT true,
      stopped_at timestamptz,
      stopped_reason text CHECK (stopped_reason IN ('rights_lost', 'removed', 'send_refused')),
      stop_notified_at timestamptz,
      next_due_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((stopped_at IS NULL) = (stopped_reason IS NULL))
    );
    CREATE INDEX autopost_chats_influencer ON autopost_chats (influencer_id, id);
    CREATE INDEX autopost_chats_due ON autopost_chats (next_due_at) WHERE enabled AND stopped_at IS NULL;

    CREATE TABLE autopost_posts (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      chat_id bigint NOT NULL REFERENCES autopost_chats(id) ON DELETE CASCADE,
      slot_at timestamptz NOT NULL,
      status text NOT NULL DEFAULT 'claimed' CHECK (status IN ('claimed', 'posted', 'skipped', 'failed')),
      product_id bigint REFERENCES products(id),
      link_id bigint REFERENCES links(id),
      message_id text,
      posted_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (chat_id, slot_at)
    );
    CREATE INDEX autopost_posts_chat_posted ON autopost_posts (chat_id, posted_at DESC) WHERE status = 'posted';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE autopost_posts; DROP TABLE autopost_chats;`.execute(db);
}
