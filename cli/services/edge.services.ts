import crypto from 'node:crypto';
import type { EdgeApi } from '../../api/services/edge.ts';
import { authenticateApiToken } from '../../core/admins/admin-tokens.service.ts';
import { recordConversion } from '../../core/conversions/conversions.service.ts';
import { refundConversion } from '../../core/conversions/refunds.service.ts';
import { adminTokenStore } from '../../db/admins.repository.ts';
import { databaseProbe } from '../../db/connect.ts';
import { createConversionStore } from '../../db/conversions.repository.ts';
import { redirectTargetStore } from '../../db/redirect.repository.ts';
import { vendorKeyStore } from '../../db/vendor-keys.repository.ts';
import type { ServiceInfrastructure } from '../app-services.ts';

/** The edge services on the database, for the api role (and the tests, through createTestApp). */
export function buildEdgeApi(infra: ServiceInfrastructure): EdgeApi {
  const { db, clock, notifier } = infra;
  const conversions = createConversionStore(db);
  // Derived, not SESSION_SECRET itself: that may be rotated, and repeat orders must be found across a rotation.
  const conversionOptions = { buyerRefKey: crypto.createHmac('sha256', infra.ipHashKey).update('dealcast:buyer-ref').digest('hex') };
  const tokens = adminTokenStore(db);
  return {
    redirectTargets: redirectTargetStore(db),
    database: databaseProbe(db),
    vendorKeys: vendorKeyStore(db),
    recordConversion: (vendorId, input) => recordConversion(conversions, clock, vendorId, input, notifier, conversionOptions),
    refundConversion: (vendorId, orderId, input) => refundConversion(conversions, clock, vendorId, orderId, input, notifier),
    authenticateApiToken: (token) => authenticateApiToken(tokens, clock, token),
  };
}
