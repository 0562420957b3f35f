import type { Kysely, Transaction } from 'kysely';
import type { UnitOfWork } from '../core/shared/unit-of-work.ts';
import type { Database } from './schema.ts';

/**
 * A core `UnitOfWork` on `db`: each call opens a transaction and hands the work the stores
 * `bind` builds on it. Called inside a transaction already, the work joins it.
 */
export function unitOfWork<Stores>(db: Kysely<Database>, bind: (trx: Kysely<Database>) => Stores): UnitOfWork<Stores> {
  return (work) => (db.isTransaction ? work(bind(db)) : db.transaction().execute((trx: Transaction<Database>) => work(bind(trx))));
}
