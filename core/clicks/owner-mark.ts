import crypto from 'node:crypto';
import { sameSecret } from '../shared/same-secret.ts';

/**
 * The influencer's own device, recognised. The bot's private note under a deal (the message an
 * influencer does not forward) carries an owner link: the short link with a token only that
 * influencer receives (`<short link>/mine?t=<token>`). Opening it puts a first-party mark on the
 * device (a cookie naming the influencer), and from then on the device's clicks on that
 * influencer's links are recorded as `self`, not counted, and an order after one is held for
 * review. The mark itself needs no signature: it can only take credit away from its influencer,
 * for that one device. The token keeps anyone else from planting it on other people's devices
 * (a rival posting someone's owner link to a group).
 */
export function ownerMarkToken(key: string, influencerId: string): string {
  return crypto.createHmac('sha256', key).update(`dealcast:owner-mark:${influencerId}`).digest('base64url').slice(0, 22);
}

/** True when `token` is the owner token of this influencer. */
export function isOwnerMarkToken(key: string, influencerId: string, token: string | undefined): boolean {
  return sameSecret(token, ownerMarkToken(key, influencerId));
}
