/**
 * What the HTTP app needs for the money routes: core services and read stores, built by
 * cli/services/money.services.ts and handed in. No database handle crosses this line.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MoneyApi {}
