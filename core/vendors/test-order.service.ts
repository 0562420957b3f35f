import crypto from 'node:crypto';
import type { Caller } from '../access/access.ts';
import type { AuditLog } from '../audit/audit.ports.ts';
import type { Clock } from '../shared/clock.ts';
import { foundOrThrow } from '../shared/errors.ts';
import type { SecretBox } from '../shared/secret-box.ts';
import type { UnitOfWork } from '../shared/unit-of-work.ts';
import type { PostbackAnswer, PostbackTransport, VendorIntegrationReader } from './test-order.ports.ts';
import {
  CONVERSIONS_PATH, integrationGuide, signedPostback, testOrderBody, testOrderId, type IntegrationGuide, type TestOrderBody, type TestOrderInput,
} from './test-order.ts';
import type { Vendor } from './vendors.ports.ts';

/** A vendor's integration page: its key, when its secret changed, the URLs and examples. Never the secret. */
export interface VendorIntegration extends IntegrationGuide {
  vendor: Vendor;
  keyId: string;
  secretRotatedAt: Date | null;
  /** Until when the replaced secret still verifies; null when none does (past grace periods read as null). */
  previousSecretExpiresAt: Date | null;
}

/** A test order as it was sent (the signed request) and what the conversion route answered. */
export interface TestOrderResult {
  orderId: string;
  request: { method: 'POST'; url: string; headers: Record<string, string>; body: string; json: TestOrderBody };
  response: PostbackAnswer;
}

export interface VendorIntegrationService {
  describe(caller: Caller, vendorId: string): Promise<VendorIntegration>;
  /** Signs a test order with the vendor's own secret and sends it through `transport`, the real conversion route. */
  sendTestOrder(caller: Caller, vendorId: string, input: TestOrderInput, transport: PostbackTransport): Promise<TestOrderResult>;
}

export interface VendorIntegrationServiceDeps {
  vendors: VendorIntegrationReader;
  secretBox: SecretBox;
  clock: Clock;
  /** Base of the public URLs the vendor's server calls, without a trailing slash. */
  publicUrl: string;
  unitOfWork: UnitOfWork<{ audit: AuditLog }>;
}

/**
 * The vendor portal's integration page. A test order is a real order: it goes through the
 * vendor API's signature check and attribution exactly as the vendor's server's would, so
 * without a click it is recorded unattributed (no commission), and with a click from a real
 * redirect it earns the commission a real sale would. The audit log records who sent it and
 * what came back, never the secret.
 */
export function vendorIntegrationService(deps: VendorIntegrationServiceDeps): VendorIntegrationService {
  const recordOf = async (caller: Caller, vendorId: string) =>
    foundOrThrow(await deps.vendors.findVendorIntegration(caller.scope, vendorId), 'vendor', vendorId);

  return {
    async describe(caller, vendorId) {
      const { vendor, secretRotatedAt, previousSecretExpiresAt } = await recordOf(caller, vendorId);
      const graceEnd = previousSecretExpiresAt && previousSecretExpiresAt > deps.clock.now() ? previousSecretExpiresAt : null;
      return { vendor, keyId: vendor.keyId, secretRotatedAt, previousSecretExpiresAt: graceEnd, ...integrationGuide(deps.publicUrl) };
    },

    async sendTestOrder(caller, vendorId, input, transport) {
      const record = await recordOf(caller, vendorId);
      const now = deps.clock.now();
      const orderId = testOrderId(now, crypto.randomBytes(3).toString('hex'));
      const body = testOrderBody(input, orderId);
      const postback = signedPostback(record.vendor.keyId, deps.secretBox.open(record.secretSealed), CONVERSIONS_PATH, body, Math.floor(now.getTime() / 1000));
      const response = await transport.send(postback);
      const answer = (response.body ?? {}) as { conversionId?: unknown; status?: unknown; attributed?: unknown; error?: { code?: unknown } };
      await deps.unitOfWork(({ audit }) => audit.record({
        actor: caller.actor, action: 'vendor.test_order', entity: 'vendor', entityId: vendorId,
        after: {
          orderId, clickId: body.clickId ?? null, amount: body.amount, currency: body.currency, answeredStatus: response.status,
          conversionId: answer.conversionId ?? null, conversionStatus: answer.status ?? null, errorCode: answer.error?.code ?? null,
        },
      }));
      return {
        orderId,
        request: { method: postback.method, url: `${deps.publicUrl.replace(/\/+$/, '')}${postback.path}`, headers: postback.headers, body: postback.body, json: body },
        response,
      };
    },
  };
}
