export { openDatabase, type Database, type DatabaseKind, type DatabaseOptions, type PoolUse } from './open-database.ts';
export { quoteIdent, qualified, tableRef, type Tenant, DEFAULT_TIME_ZONE } from './sql-names.ts';
export { mapPgError, isRetryableTransactionError } from './map-pg-error.ts';
export { queryRows, type QueryOptions } from './query-rows.ts';
