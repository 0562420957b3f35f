/**
 * Runs `work` in one database transaction with the stores it needs bound to that
 * transaction: everything it writes stands together or not at all. db/unit-of-work.ts
 * implements it; core services receive it and never see the database.
 */
export type UnitOfWork<Stores> = <T>(work: (stores: Stores) => Promise<T>) => Promise<T>;
