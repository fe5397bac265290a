// Identifiers for tenant-qualified SQL. Names reaching here were validated as [a-z][a-z0-9_]*, quoting is belt and braces.

export interface Tenant {
  /** Postgres schema holding this tenant's tables. */
  readonly schema: string;
  /** IANA zone for business dates (number periods, "today"); default Asia/Shanghai. */
  readonly timeZone?: string;
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/** `"schema"."table"` for raw SQL. */
export function qualified(tenant: Tenant, table: string): string {
  return `${quoteIdent(tenant.schema)}.${quoteIdent(table)}`;
}

/** `schema.table` for the knex builder, which quotes each dotted part itself. */
export function tableRef(tenant: Tenant, table: string): string {
  return `${tenant.schema}.${table}`;
}
