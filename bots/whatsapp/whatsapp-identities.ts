import type { Cluster, Redis } from 'ioredis';
import { phoneOfJid } from './whatsapp-incoming.ts';

/** Who wrote, as the engine knows them: the identity's id (phone digits, or the linked id when no phone was ever known) and the phone when known. */
export interface WhatsAppSender {
  senderId: string;
  phone?: string;
}

/**
 * One person, whether WhatsApp shows them by phone ("48601234567@c.us") or by linked id
 * ("271828182845904@lid"). A linked id whose phone WhatsApp tells becomes the phone's identity;
 * one whose phone it does not tell is remembered under the linked id, and stays that identity
 * once the phone becomes known, messages from the phone included: no second registration.
 * Unless the phone was registered before and the linked id never was: then the linked id joins
 * the phone's identity, so an account made by phone is never left behind by one unregistered visit.
 */
export interface WhatsAppIdentities {
  /** `lookupPhone` asks the browser for the phone behind a linked id; it is called only when nothing remembered answers. */
  resolve(jid: string, lookupPhone: (lid: string) => Promise<string | undefined>): Promise<WhatsAppSender>;
}

/** What is remembered of a linked id. */
interface Remembered {
  senderId: string;
  phone?: string;
}

/** The mapping in Redis: one hash `<prefix>:whatsapp:identities` with `lid:<id>` and `phone:<digits>` fields, kept for good. */
export function createRedisWhatsAppIdentities(
  redis: Redis | Cluster,
  prefix: string,
  /** Whether an identity has an account (a registration): asked only when a linked id's phone first becomes known. */
  isRegistered: (senderId: string) => Promise<boolean> = async () => false,
): WhatsAppIdentities {
  const key = `${prefix}:whatsapp:identities`;
  const read = async (lid: string): Promise<Remembered | undefined> => {
    const raw = await redis.hget(key, `lid:${lid}`);
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as Remembered;
    } catch {
      return undefined;
    }
  };
  const identityOfPhone = async (phone: string) => (await redis.hget(key, `phone:${phone}`)) ?? phone;
  /** The identity a linked id known so far without its phone keeps once the phone is told. */
  const identityWhenPhoneKnown = async (remembered: Remembered | undefined, phoneIdentity: string, phone: string): Promise<string> => {
    if (!remembered || remembered.senderId === phoneIdentity) return phoneIdentity;
    // Registered by phone, only visited by linked id: the phone's account is the person's.
    if (await isRegistered(phoneIdentity) && !(await isRegistered(remembered.senderId))) return phoneIdentity;
    // Known under its linked id: the phone now leads there too (unless it leads elsewhere already).
    await redis.hsetnx(key, `phone:${phone}`, remembered.senderId);
    return remembered.senderId;
  };
  return {
    async resolve(jid, lookupPhone) {
      const phone = phoneOfJid(jid);
      if (phone) return { senderId: await identityOfPhone(phone), phone };
      if (!jid.endsWith('@lid')) return { senderId: jid };
      const remembered = await read(jid);
      if (remembered?.phone) return remembered;
      const found = await lookupPhone(jid).catch(() => undefined);
      if (!found) {
        if (!remembered) await redis.hset(key, `lid:${jid}`, JSON.stringify({ senderId: jid }));
        return remembered ?? { senderId: jid };
      }
      const phoneIdentity = await identityOfPhone(found);
      const sender = { senderId: await identityWhenPhoneKnown(remembered, phoneIdentity, found), phone: found };
      await redis.hset(key, `lid:${jid}`, JSON.stringify(sender));
      return sender;
    },
  };
}
