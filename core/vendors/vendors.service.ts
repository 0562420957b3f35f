import crypto from 'node:crypto';
import type { Caller } from '../access/access.ts';
import type { Clock } from '../shared/clock.ts';
import { NotFoundError, foundOrThrow } from '../shared/errors.ts';
import type { Page, PageQuery } from '../shared/paging.ts';
import type { SecretBox } from '../shared/secret-box.ts';
import type { UnitOfWork } from '../shared/unit-of-work.ts';
import { checkRateLimits } from './rate-limits.ts';
import { rotationGraceEnd } from './secret-rotation.ts';
import type { Vendor, VendorChanges, VendorReader, VendorStores } from './vendors.ports.ts';

/** A vendor with its signing secret in plaintext: the only moment the secret is ever shown. */
export interface VendorWithSecret {
  vendor: Vendor;
  secret: string;
}

/** A rotated secret, and until when the one it replaced still verifies (null: refused at once). */
export interface RotatedSecret extends VendorWithSecret {
  previousSecretExpiresAt: Date | null;
}

/** How a rotation treats the secret it replaces. */
export interface RotationOptions {
  /** Hours the replaced secret keeps verifying (0 to 168, default 24); 0 when it leaked. */
  graceHours?: number;
}

/** Vendors: created and re-keyed by the platform, each seen only by staff and by itself. */
export interface VendorsService {
  createVendor(caller: Caller, input: { name: string }): Promise<VendorWithSecret>;
  rotateVendorSecret(caller: Caller, vendorId: string, options?: RotationOptions): Promise<RotatedSecret>;
  changeVendor(caller: Caller, vendorId: string, changes: VendorChanges): Promise<Vendor>;
  listVendors(caller: Caller, page: PageQuery): Promise<Page<Vendor>>;
  getVendor(caller: Caller, vendorId: string): Promise<Vendor>;
}

export interface VendorsServiceDeps {
  unitOfWork: UnitOfWork<VendorStores>;
  vendors: VendorReader;
  secretBox: SecretBox;
  clock: Clock;
}

/**
 * The vendors service. A new vendor gets a fresh key id and signing secret, stored sealed;
 * a rotation replaces the secret of a vendor in the caller's scope (another vendor's id is a
 * `not_found`); requests signed with the old one still verify for the grace period the rotation
 * gives (24 h unless told otherwise, none for a leaked secret), then fail. The audit log records
 * the vendor before and after and the end of the grace, never a secret.
 */
export function vendorsService(deps: VendorsServiceDeps): VendorsService {
  return {
    async createVendor(caller, input) {
      const secret = newSigningSecret();
      const vendor = await deps.unitOfWork(async ({ vendors, audit }) => {
        const created = await vendors.insertVendor({ name: input.name.trim(), keyId: newKeyId(), secretSealed: deps.secretBox.seal(secret) });
        await audit.record({ actor: caller.actor, action: 'vendor.create', entity: 'vendor', entityId: created.id, after: created });
        return created;
      });
      return { vendor, secret };
    },

    async rotateVendorSecret(caller, vendorId, options = {}) {
      const at = deps.clock.now();
      const previousValidUntil = rotationGraceEnd(at, options.graceHours);
      const secret = newSigningSecret();
      const vendor = await deps.unitOfWork(async ({ vendors, audit }) => {
        const before = await vendors.findVendor(caller.scope, vendorId);
        const after = before && await vendors.replaceVendorSecret(caller.scope, vendorId, { secretSealed: deps.secretBox.seal(secret), at, previousValidUntil });
        if (!before || !after) throw new NotFoundError('vendor', vendorId);
        await audit.record({
          actor: caller.actor, action: 'vendor.rotate_secret', entity: 'vendor', entityId: vendorId, before, after,
          details: { previousSecretExpiresAt: previousValidUntil?.toISOString() ?? null },
        });
        return after;
      });
      return { vendor, secret, previousSecretExpiresAt: previousValidUntil };
    },

    /**
     * Renames a vendor or sets the rates its accounts may choose; the limits after the change
     * must hold (minimum not above maximum), or `validation_failed` names them.
     */
    changeVendor: (caller, vendorId, changes) => deps.unitOfWork(async ({ vendors, audit }) => {
      const before = await vendors.lockVendor(caller.scope, vendorId);
      if (!before) throw new NotFoundError('vendor', vendorId);
      checkRateLimits({ minRateBps: changes.minRateBps ?? before.minRateBps, maxRateBps: changes.maxRateBps ?? before.maxRateBps });
      const after = await vendors.updateVendor(caller.scope, vendorId, changes.name === undefined ? changes : { ...changes, name: changes.name.trim() });
      if (!after) throw new NotFoundError('vendor', vendorId);
      await audit.record({ actor: caller.actor, action: 'vendor.update', entity: 'vendor', entityId: vendorId, before, after });
      return after;
    }),

    listVendors: (caller, page) => deps.vendors.listVendors(caller.scope, page),

    getVendor: async (caller, vendorId) => foundOrThrow(await deps.vendors.findVendor(caller.scope, vendorId), 'vendor', vendorId),
  };
}

function newKeyId(): string {
  return `vk_${crypto.randomBytes(12).toString('hex')}`;
}

function newSigningSecret(): string {
  return `whsec_${crypto.randomBytes(32).toString('hex')}`;
}
