/** PostgreSQL SQLSTATE codes we act on; see https://www.postgresql.org/docs/current/errcodes-appendix.html */
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

/** True when a query failed on a unique constraint; `constraint` narrows it to one of them. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  return hasCode(error, UNIQUE_VIOLATION) && (constraint === undefined || (error as { constraint?: string }).constraint === constraint);
}

export function isForeignKeyViolation(error: unknown): boolean {
  return hasCode(error, FOREIGN_KEY_VIOLATION);
}

function hasCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
