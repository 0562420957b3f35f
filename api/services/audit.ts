import type { AuditReads } from '../../core/audit/audit.ports.ts';

/** What the HTTP app needs for the audit log: its reader, built by cli/services/audit.services.ts. */
export interface AuditApi {
  readonly log: AuditReads;
}
