import type { AuditApi } from '../../api/services/audit.ts';
import { auditReads } from '../../db/audit.repository.ts';
import type { ServiceInfrastructure } from '../app-services.ts';

/** The audit log's reader on the database. */
export function buildAuditApi(infra: ServiceInfrastructure): AuditApi {
  return { log: auditReads(infra.db) };
}
