/** The roles of console users and API token holders. */
export const ADMIN_ROLES = ['admin', 'manager', 'support', 'vendor'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

/** The roles that work for the platform itself and may see every vendor's data. */
export type StaffRole = Exclude<AdminRole, 'vendor'>;

/**
 * Whose data a caller may see and change: a vendor account is confined to its vendor, staff
 * see every vendor's (`vendorId: null`). Repositories take it as a parameter and put it in the
 * WHERE clause, so that a query cannot return another vendor's row.
 */
export interface Scope {
  readonly vendorId: string | null;
}

/** Every vendor's data: staff, jobs and the CLI. */
export const EVERY_VENDOR: Scope = Object.freeze({ vendorId: null });

/** One vendor's data only. */
export function ownVendor(vendorId: string): Scope {
  return Object.freeze({ vendorId });
}

/**
 * Who asks, and whose data they may touch: every core service call made on a person's
 * behalf carries one. `actor` is what the audit log records (`admin:<id>`, `vendor:<id>`, `cli`).
 */
export interface Caller {
  readonly actor: string;
  readonly scope: Scope;
}

/** The CLI and scheduled jobs act for the platform: every vendor's data. */
export function systemCaller(actor: string): Caller {
  return Object.freeze({ actor, scope: EVERY_VENDOR });
}
