import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCaller } from '../../../core/access/access.ts';
import { translator } from '../../../core/i18n/translator.ts';
import { influencerAdminService } from '../../../core/influencers/influencer-admin.service.ts';
import { systemClock } from '../../../core/shared/clock.ts';
import { auditLog } from '../../../db/audit.repository.ts';
import { influencerReads, influencerWrites } from '../../../db/influencers.repository.ts';
import { unitOfWork } from '../../../db/unit-of-work.ts';
import { createEngineHarness, textsOf, type EngineHarness } from '../../support/bot-engine.ts';

// The chat side of an influencer's standing: registrations waiting for approval when admins
// require it, and what a pending or suspended influencer can still do.

let h: EngineHarness;
let admin: ReturnType<typeof influencerAdminService>;
const en = translator('en');
const ADMIN = systemCaller('admin:1');

beforeAll(async () => {
  h = await createEngineHarness();
  admin = influencerAdminService({
    work: unitOfWork(h.database.db, (trx) => ({ influencers: influencerWrites(trx), audit: auditLog(trx) })),
    reads: influencerReads(h.database.db),
    clock: systemClock,
  });
});
afterAll(async () => { await h?.close(); });

const statusOf = async (id: string) => (await h.database.db.selectFrom('influencers').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

describe('registration when admins require approval', () => {
  it('registers the newcomer as pending, says so, and opens the commands once an admin approves', async () => {
    await admin.setRegistrationApproval(ADMIN, 'required');
    await h.say('5001', '/start', { senderUsername: 'nina_deals' });
    await h.say('5001', 'Nina');
    await h.say('5001', 'FR');
    const done = await h.say('5001', '/accept', { senderUsername: 'nina_deals' });
    expect(textsOf(done)).toBe(en.t('start.registeredPending', { name: 'Nina' }));
    const identity = await h.database.db.selectFrom('influencer_identities').select(['influencer_id', 'username', 'last_seen_at'])
      .where('external_id', '=', '5001').executeTakeFirstOrThrow();
    expect(identity.username).toBe('nina_deals');
    expect(identity.last_seen_at).toBeInstanceOf(Date);
    expect(await statusOf(identity.influencer_id)).toBe('pending');

    expect(textsOf(await h.say('5001', '/deals'))).toBe(en.t('start.pendingApproval'));
    expect(textsOf(await h.say('5001', '/start'))).toBe(en.t('start.pendingApproval'));
    expect(textsOf(await h.say('5001', 'https://shop.example/p/1'))).toBe(en.t('start.pendingApproval'));
    // What they earned (nothing yet) stays readable.
    expect(textsOf(await h.say('5001', '/balance'))).not.toContain(en.t('start.pendingApproval'));

    await admin.changeStanding(ADMIN, { influencerId: identity.influencer_id, action: 'approve' });
    expect(textsOf(await h.say('5001', '/start'))).toBe(en.t('start.welcomeBack', { name: 'Nina' }));
    expect(textsOf(await h.say('5001', '/deals'))).not.toContain(en.t('start.pendingApproval'));
  });

  it('lets newcomers in at once again when approval is automatic', async () => {
    await admin.setRegistrationApproval(ADMIN, 'automatic');
    const id = await h.register('5002', { name: 'Omar' });
    expect(await statusOf(id)).toBe('active');
  });
});

describe('a suspended influencer in chat', () => {
  it('is told they are suspended, may still read their money and delete their account, and keeps a new handle on record', async () => {
    const id = await h.register('5003', { name: 'Paula' });
    await admin.changeStanding(ADMIN, { influencerId: id, action: 'suspend', reason: 'Self-purchases' });
    expect(textsOf(await h.say('5003', '/deals'))).toBe(en.t('start.suspended'));
    expect(textsOf(await h.say('5003', '/link 1'))).toBe(en.t('start.suspended'));
    expect(textsOf(await h.say('5003', '/stats', { senderUsername: 'paula_new' }))).not.toContain(en.t('start.suspended'));
    const identity = await h.database.db.selectFrom('influencer_identities').select('username').where('external_id', '=', '5003').executeTakeFirstOrThrow();
    expect(identity.username).toBe('paula_new');

    await admin.changeStanding(ADMIN, { influencerId: id, action: 'reinstate' });
    expect(textsOf(await h.say('5003', '/deals'))).not.toContain(en.t('start.suspended'));
  });
});
