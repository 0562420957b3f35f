import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { NotFoundError } from '../../core/shared/errors.ts';
import type { SecretBox } from '../../core/shared/secret-box.ts';
import { recordAudit } from '../../db/admins.repository.ts';
import type { Database, VendorRow } from '../../db/schema.ts';
import { insertVendor, updateVendorSecret } from '../../db/vendors.repository.ts';

type Deps = { db: Kysely<Database>; secretBox: SecretBox };

/** A vendor with its signing secret in plaintext: the only moment the secret is ever shown. */
export interface VendorWithSecret {
  vendor: VendorRow;
  secret: string;
}

/** Creates a vendor with a fresh key id and signing secret; the secret is stored sealed. */
export async function createVendor(deps: Deps, actor: string, input: { name: string }): Promise<VendorWithSecret> {
  const secret = newSigningSecret();
  const vendor = await deps.db.transaction().execute(async (trx) => {
    const row = await insertVendor(trx, { name: input.name.trim(), keyId: `vk_${crypto.randomBytes(12).toString('hex')}`, secretEncrypted: deps.secretBox.seal(secret) });
    await recordAudit(trx, { actor, action: 'vendor.create', entity: 'vendor', entityId: row.id, details: { name: row.name, keyId: row.key_id } });
    return row;
  });
  return { vendor, secret };
}

/** Replaces a vendor's signing secret; requests signed with the old one fail from now on. */
export async function rotateVendorSecret(deps: Deps, actor: string, vendorId: string): Promise<VendorWithSecret> {
  const secret = newSigningSecret();
  const vendor = await deps.db.transaction().execute(async (trx) => {
    const row = await updateVendorSecret(trx, vendorId, deps.secretBox.seal(secret));
    if (!row) throw new NotFoundError('vendor', vendorId);
    await recordAudit(trx, { actor, action: 'vendor.rotate_secret', entity: 'vendor', entityId: row.id });
    return row;
  });
  return { vendor, secret };
}

function newSigningSecret(): string {
  return `whsec_${crypto.randomBytes(32).toString('hex')}`;
}
