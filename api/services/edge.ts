import type { AdminAccount } from '../../core/admins/admins.ports.ts';
import type { RedirectTargetStore } from '../../core/clicks/clicks.ports.ts';
import type { ConversionAnswer, RefundAnswer } from '../../core/conversions/conversions.ports.ts';
import type { ConversionInput } from '../../core/conversions/conversions.service.ts';
import type { RefundInput } from '../../core/conversions/refunds.service.ts';
import type { DatabaseProbe } from '../../core/health/health.ports.ts';
import type { VendorKeyStore } from '../../core/vendors/vendor-keys.ports.ts';

/**
 * What the HTTP app needs for the edge routes: core services and read stores, built by
 * cli/services/edge.services.ts and handed in. No database handle crosses this line.
 */
export interface EdgeApi {
  /** The redirect's last layer behind its in-process and Redis caches. */
  readonly redirectTargets: RedirectTargetStore;
  /** `/readyz` asks it whether PostgreSQL answers. */
  readonly database: DatabaseProbe;
  /** The vendor behind an `X-Dealcast-Key`, with its sealed secret. */
  readonly vendorKeys: VendorKeyStore;
  /** `POST /conversions`: core's `recordConversion` on the conversion store, clock and notifier. */
  recordConversion(vendorId: string, input: ConversionInput): Promise<ConversionAnswer>;
  /** `POST /conversions/:orderId/refunds`: core's `refundConversion`. */
  refundConversion(vendorId: string, orderId: string, input: RefundInput): Promise<RefundAnswer>;
  /** The admin holding an unrevoked API token (core's `authenticateApiToken`), or undefined. */
  authenticateApiToken(token: string): Promise<AdminAccount | undefined>;
}
