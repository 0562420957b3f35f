import type { Kysely } from 'kysely';
import { DomainError, NotFoundError } from '../../core/shared/errors.ts';
import { generateShortCode } from '../../core/shared/ids.ts';
import { obtainLink, type LinkChannel } from '../../core/links/links.service.ts';
import { recordAudit } from '../../db/admins.repository.ts';
import { findProductById } from '../../db/catalog.repository.ts';
import { findInfluencerById, insertInfluencer } from '../../db/influencers.repository.ts';
import { linkStore } from '../../db/links.repository.ts';
import { isUniqueViolation } from '../../db/pg-errors.ts';
import type { Database, InfluencerRow, LinkRow } from '../../db/schema.ts';
import type { Caller } from '../../core/access/access.ts';

type Db = Kysely<Database>;

/** Registers an influencer by hand (the bots do it in chat); a recruit code is generated. */
export async function createInfluencer(db: Db, admin: Caller, input: { displayName: string; language: string; country: string }): Promise<InfluencerRow> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        const influencer = await insertInfluencer(trx, {
          displayName: input.displayName.trim(), language: input.language.toLowerCase(), country: input.country.toUpperCase(),
          recruitCode: generateShortCode(8),
        });
        await recordAudit(trx, { actor: admin.actor, action: 'influencer.create', entity: 'influencer', entityId: influencer.id });
        return influencer;
      });
    } catch (error) {
      // A recruit code collision (1 in 2^47 per pair) is the only unique constraint here.
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
    }
  }
}

export interface LinkRequest {
  influencerId: string;
  productId: string;
  channel: LinkChannel;
  groupLabel?: string;
}

/**
 * The tracked link of (influencer, product, channel, group label): created on first request,
 * the same link (`created: false`) on every later one.
 */
export async function requestLink(db: Db, admin: Caller, input: LinkRequest): Promise<{ link: LinkRow; created: boolean }> {
  const influencer = await findInfluencerById(db, input.influencerId);
  if (!influencer) throw new NotFoundError('influencer', input.influencerId);
  if (influencer.status !== 'active') throw new DomainError('conflict', `Influencer ${influencer.id} is ${influencer.status} and cannot get new links`, { field: 'influencerId' });
  const product = await findProductById(db, input.productId);
  if (!product) throw new NotFoundError('product', input.productId);
  if (!product.active) throw new DomainError('conflict', `Product ${product.id} is not active`, { field: 'productId' });
  return db.transaction().execute(async (trx) => {
    const result = await obtainLink(linkStore(trx), { ...input, groupLabel: input.groupLabel ?? '' });
    if (result.created) {
      await recordAudit(trx, { actor: admin.actor, action: 'link.create', entity: 'link', entityId: result.link.id, details: { code: result.link.code } });
    }
    return result;
  });
}
