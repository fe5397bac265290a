// What the HTTP layer needs from the running engine: the database, the tenant and the current Model.
import type { Database, Tenant } from '../db/index.ts';
import type { Model } from '../metadata/index.ts';
import type { SchemaPlan } from '../schema/index.ts';

export interface AppState {
  db: Database;
  tenant: Tenant;
  /** The Model in force now; an admin change swaps it without a restart. */
  model(): Model;
  /** Token the local CLI presents to operate a running server (written to the data folder, mode 0600). */
  adminToken?: string;
  /** Rebuilds the Model from the metadata files (local CLI operations). */
  reloadModel?(): Promise<Model>;
  /** Applies the current Model to the database (schema and built-in roles). */
  syncSchema?(): Promise<SchemaPlan>;
  seedDemo?(): Promise<{ created: number }>;
}
