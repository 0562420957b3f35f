import { Type } from 'typebox';

/** Money in integer minor units (1999 is 19.99 EUR); positive, and exact in a JavaScript number. */
export const MinorUnits = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Integer minor units, e.g. 1999 for 19.99' });

/**
 * A vendor's own identifier (order, refund): printable text, no control characters, at most
 * 100 characters, the longest path parameter the router accepts (`/conversions/:orderId/refunds`).
 */
export const OrderId = Type.String({ minLength: 1, maxLength: 100, pattern: '^[^\\u0000-\\u001f\\u007f]+$' });

/** OpenAPI: the vendor API's key and signature headers (see components.securitySchemes in app.ts). */
export const VENDOR_SECURITY = [{ vendorKey: [], vendorSignature: [] }];

/** OpenAPI: every refusal, `{error: {code, message, details?}}`. */
export const ErrorResponse = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) }),
});

/** The body limit of the routes that take many items (a catalog push, an order with its lines): 1 MB; the app's default is smaller. */
export const VENDOR_BULK_BODY_LIMIT_BYTES = 1024 * 1024;
