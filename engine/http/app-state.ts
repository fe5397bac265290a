// What the HTTP layer needs from the running engine: the database, the tenant and the current Model.
import type { AuditBuffer } from '../audit/index.ts';
import type { AccessPolicy, Actor, RequestContext } from '../core/index.ts';
import type { Database, Tenant } from '../db/index.ts';
import type { FileStore } from '../files/index.ts';
import type { Model } from '../metadata/index.ts';
import type { Logger } from '../observe/index.ts';

/** Administration the server offers signed-in admins (engine/plugins); tests may leave it out. */
export interface AdminOperations {
  listPlugins(): Promise<unknown>;
  /** `grantor`: whose consent `grantCore` is; they must hold the rights it gives (the grant rule). */
  plugin(action: 'install' | 'upgrade' | 'uninstall', name: string, options: { grantCore: boolean; grantor: AccessPolicy }): Promise<unknown>;
  /** Deletes an uninstalled plugin's data for good, after a backup; `confirm` must repeat the name. */
  purgePlugin(name: string, confirm: string | undefined): Promise<unknown>;
  extensions(): unknown[];
  putExtension(entity: string, doc: unknown, actor: Actor): Promise<unknown>;
  deleteExtension(entity: string, actor: Actor): Promise<unknown>;
  /** The admin layer's documents of a kind (entities, extensions, forms, menus, workflows). */
  adminDocuments(kind: string): { name: string; doc: unknown }[];
  /** Saves (doc) or removes (undefined) one admin document; a dry run only plans. */
  changeAdminDocument(kind: string, name: string, doc: unknown, actor: Actor, options: { dryRun: boolean; requestId?: string }): Promise<unknown>;
  /** Saves or removes several admin documents as one change (checked together, one transaction); a dry run only plans. */
  changeAdminDocuments(changes: { kind: string; name: string; doc: unknown }[], actor: Actor, options: { dryRun: boolean; requestId?: string }): Promise<unknown>;
  /** The tenant's configuration as a bundle in the plugin format (engine/plugins/config-bundle.ts). */
  exportConfigBundle(ctx: RequestContext): Promise<unknown>;
  /** Plans (dry run) or applies a configuration bundle in one transaction, under the caller's rights. */
  importConfigBundle(ctx: RequestContext, bundle: unknown, options: { dryRun: boolean }): Promise<unknown>;
}

export interface AppState {
  db: Database;
  tenant: Tenant;
  /** The Model in force now; an admin change swaps it without a restart. */
  model(): Model;
  /** Token the local CLI presents to operate a running server (written to the data folder, mode 0600). */
  adminToken?: string;
  /** Runs an operator command (crm …) inside this server; see engine/server/local-operations. */
  runLocal?(operation: string, args: unknown): Promise<unknown>;
  /** demo installs show their sign-ins on the sign-in page; production never does. */
  mode?: 'demo' | 'production';
  admin?: AdminOperations;
  /** Where record views are logged without slowing reads (batched into the audit log). */
  views?: AuditBuffer;
  /** Request and error log; the process's logger (LOG_LEVEL) when left out. */
  logger?: Logger;
  /** When set, GET /metrics answers only with this bearer token. */
  metricsToken?: string;
  /** Where attachment files are kept (engine/files); the server's is DATA_DIR/files/<tenant>. */
  files?: FileStore;
}
