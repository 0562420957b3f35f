import type { Cluster, Redis } from 'ioredis';
import type { OutgoingMessage } from './whatsapp-client.ts';

/** Replies answer someone who is waiting: they go before notifications. */
export type OutboxPriority = 'reply' | 'notification';

/** A message waiting in the outbox, as it is kept until it is sent. */
export interface StoredOutboxItem {
  id: string;
  /** Order of queueing, over all chats: a chat's messages go in this order within their priority. */
  seq: number;
  chatId: string;
  priority: OutboxPriority;
  message: OutgoingMessage;
}

/** Where the outbox keeps what waits, so that a restart (or a crash) loses nothing. */
export interface OutboxStore {
  add(item: StoredOutboxItem): Promise<void>;
  /** Sent (or given up): gone from the outbox; `remember` keeps its id as delivered for a day (a retried notification is not sent twice). */
  remove(id: string, options: { remember: boolean }): Promise<void>;
  wasDelivered(id: string): Promise<boolean>;
  /** Everything still waiting, in queueing order. */
  pending(): Promise<StoredOutboxItem[]>;
}

/** How long an id stays known as delivered: longer than any notification retry. */
const DELIVERED_TTL_S = 24 * 60 * 60;

type Serialised = Omit<StoredOutboxItem, 'message'> & { message: { text: string } | { file: { name: string; mimeType: string; data: string }; caption: string; asDocument: boolean }; quotedMessageId?: string };

function serialise(item: StoredOutboxItem): string {
  const { message } = item;
  const stored: Serialised = 'file' in message
    ? { ...item, message: { file: { ...message.file, data: Buffer.from(message.file.data).toString('base64') }, caption: message.caption, asDocument: message.asDocument } }
    : { ...item, message: { text: message.text } };
  if (message.quotedMessageId) stored.quotedMessageId = message.quotedMessageId;
  return JSON.stringify(stored);
}

function deserialise(raw: string): StoredOutboxItem {
  const { quotedMessageId, message, ...rest } = JSON.parse(raw) as Serialised;
  const quoted = quotedMessageId ? { quotedMessageId } : {};
  return 'file' in message
    ? { ...rest, message: { file: { ...message.file, data: new Uint8Array(Buffer.from(message.file.data, 'base64')) }, caption: message.caption, asDocument: message.asDocument, ...quoted } }
    : { ...rest, message: { text: message.text, ...quoted } };
}

/**
 * The outbox in Redis under `<prefix>:whatsapp:outbox:*`: a sorted set of ids by queueing order
 * and a hash of the messages (the prefix's hash tag keeps them in one cluster slot, so each change
 * is one transaction). One WhatsApp number is served by one process, which keeps its working copy
 * in memory and this one for the next start.
 */
export function createRedisOutboxStore(redis: Redis | Cluster, prefix: string): OutboxStore {
  const order = `${prefix}:whatsapp:outbox:order`;
  const items = `${prefix}:whatsapp:outbox:items`;
  const delivered = (id: string) => `${prefix}:whatsapp:outbox:delivered:${id}`;
  return {
    async add(item) {
      await redis.multi().hset(items, item.id, serialise(item)).zadd(order, String(item.seq), item.id).exec();
    },
    async remove(id, { remember }) {
      const change = redis.multi().zrem(order, id).hdel(items, id);
      if (remember) change.set(delivered(id), '1', 'EX', DELIVERED_TTL_S);
      await change.exec();
    },
    async wasDelivered(id) {
      return (await redis.exists(delivered(id))) === 1;
    },
    async pending() {
      const ids = await redis.zrange(order, '0', '-1');
      if (ids.length === 0) return [];
      const raws = await redis.hmget(items, ...ids);
      const found: StoredOutboxItem[] = [];
      for (const raw of raws) {
        if (raw === null) continue;
        try {
          found.push(deserialise(raw));
        } catch {
          // A message that cannot be read back cannot be sent either.
        }
      }
      return found;
    },
  };
}
