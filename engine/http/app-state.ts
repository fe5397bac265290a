// What the HTTP layer needs from the running engine: the database, the tenant and the current Model.
import type { Database, Tenant } from '../db/index.ts';
import type { Model } from '../metadata/index.ts';

export interface AppState {
  db: Database;
  tenant: Tenant;
  /** The Model in force now; an admin change swaps it without a restart. */
  model(): Model;
  /** Token the local CLI presents to operate a running server (written to the data folder, mode 0600). */
  adminToken?: string;
  /** Metadata folders, for admin operations that rebuild the Model. */
  reloadModel?(): Promise<Model>;
  seedDemo?(): Promise<{ created: number }>;
}
