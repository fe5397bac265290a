// The tenant admin's metadata layer, one document at a time: the designers (entities and fields, forms, menus,
// flows) save here. A change is checked exactly as a file would be (the whole Model assembled again, every problem
// named by "admin:<kind>/<name>" and JSON pointer), planned, and then applied with the schema, the stored document,
// the published flow versions and its audit entry (with the before/after diff) in one transaction; only then does
// the running Model change. A dry run returns the plan and changes nothing. A refused change leaves all as it was.
import type { Knex } from 'knex';
import { appendAudit } from '../audit/index.ts';
import { EngineError, type Actor, type ErrorDetail } from '../core/index.ts';
import { formulaFiller } from '../data/index.ts';
import { mapPgError, qualified, queryRows } from '../db/index.ts';
import { validateDocument, type DocumentKind, type MetadataKind, type MetadataSource } from '../metadata/index.ts';
import { applySchemaIn, bumpModelState, planSchema, type SchemaPlan } from '../schema/index.ts';
import { publishedVersion } from '../workflow/index.ts';
import { assembleModel, type AssembledModel } from './assemble-model.ts';
import type { PluginHost } from './plugin-lifecycle.ts';

/** The kinds an admin edits as documents (roles are records, edited through the role entity). */
const DOCUMENT_KIND: Partial<Record<string, DocumentKind>> = { entities: 'entity', extensions: 'extension', forms: 'form', menus: 'menu', workflows: 'workflow' };
const NAME = /^[a-z][a-z0-9_]{0,62}$/;

export interface AdminDocumentChange {
  kind: MetadataKind;
  name: string;
  /** The new document; undefined removes the admin's document (columns it added are archived, never dropped). */
  doc: unknown;
}

export interface AdminChangeOptions {
  dryRun?: boolean;
  /** Said in the audit entry: what the admin did, e.g. "fields of customer". */
  reason?: string;
  requestId?: string;
  /** Checks of the kind's own (e.g. plugin prefixes for field names), run before the Model is assembled. */
  extraProblems?: ErrorDetail[];
}

export interface AdminChangeResult {
  plan: SchemaPlan;
  applied: boolean;
  before: unknown;
  after: unknown;
}

export const adminFile = (kind: MetadataKind, name: string): string => `admin:${kind}/${name}`;

function documentKindOf(kind: MetadataKind): DocumentKind {
  const docKind = Object.hasOwn(DOCUMENT_KIND, kind) ? DOCUMENT_KIND[kind] : undefined;
  if (!docKind) throw new EngineError('NOT_FOUND', `Unknown kind of metadata "${kind}"`, [{ path: 'kind', message: `one of ${Object.keys(DOCUMENT_KIND).join(', ')}` }]);
  return docKind;
}

/** The admin's documents of a kind, as stored. */
export function adminDocuments(host: PluginHost, kind: MetadataKind): { name: string; doc: unknown }[] {
  documentKindOf(kind);
  const prefix = `admin:${kind}/`;
  return (host.assembled().admin?.docs?.[kind] ?? []).map((f) => ({ name: f.file.slice(prefix.length), doc: f.json }));
}

export function adminDocument(host: PluginHost, kind: MetadataKind, name: string): unknown {
  return adminDocuments(host, kind).find((d) => d.name === name)?.doc;
}

/** Checks the change against the whole Model; applies it unless a dry run. */
export async function changeAdminDocument(host: PluginHost, change: AdminDocumentChange, actor: Actor, options: AdminChangeOptions = {}): Promise<AdminChangeResult> {
  const { kind, name } = change;
  const docKind = documentKindOf(kind);
  if (!NAME.test(name)) throw new EngineError('BAD_REQUEST', 'A metadata name is lower-case letters, digits and _', [{ path: 'name', message: 'must match ^[a-z][a-z0-9_]{0,62}$' }]);
  const file = adminFile(kind, name);
  const before = adminDocument(host, kind, name);
  if (change.doc === undefined && before === undefined) throw new EngineError('NOT_FOUND', `No ${kind} document "${name}" of yours`, [{ path: 'name', message: 'no admin document' }]);
  let doc: unknown;
  if (change.doc !== undefined) {
    const problems = [...validateDocument(docKind, file, change.doc), ...(options.extraProblems ?? [])];
    if (problems.length) throw new EngineError('METADATA_INVALID', `The ${docKind} is not valid`, problems.map((p) => ({ ...p, path: p.pointer })));
    // The document as jsonb will give it back (its own key order): this process then builds the very Model that
    // every other process, and this one after a restart, builds from the database.
    const [stored] = await queryRows<{ doc: unknown }>(host.db.knex, 'select ?::jsonb as doc', [JSON.stringify(change.doc)]);
    doc = stored!.doc;
  }
  const next = assembleWith(host, kind, file, doc);
  if (options.dryRun) return { plan: await planSchema(host.db.knex, host.tenant, next.model, host.assembled().model), applied: false, before: before ?? null, after: doc ?? null };
  const plan = await host.db.knex
    .transaction(async (trx) => {
      const applied = await applySchemaIn(trx, host.tenant, next.model, formulaFiller(host.tenant), { previous: host.assembled().model });
      await store(trx, host, kind, name, doc, actor);
      for (const wf of next.model.workflows.values()) await publishedVersion(trx, host.tenant, wf);
      await bumpModelState(trx, host.tenant);
      await appendAudit(trx, host.tenant, [
        { actor, action: 'metadata_change', changes: { [file]: { before: before ?? null, after: doc ?? null } }, context: { request_id: options.requestId, reason: options.reason ?? file } },
      ]);
      return applied;
    })
    .catch((e: unknown) => {
      throw mapPgError(e);
    });
  host.replace(next);
  return { plan, applied: true, before: before ?? null, after: doc ?? null };
}

/** The Model with the admin layer's document `file` replaced (or removed when `doc` is undefined). */
function assembleWith(host: PluginHost, kind: MetadataKind, file: string, doc: unknown): AssembledModel {
  const current = host.assembled();
  const docs = { ...current.admin?.docs };
  const others = (docs[kind] ?? []).filter((f) => f.file !== file);
  docs[kind] = doc === undefined ? others : [...others, { file, json: doc }].sort((a, b) => (a.file < b.file ? -1 : 1)) // as the database orders them (collate "C");
  const admin: MetadataSource = { docs, dormantExtensions: true, admin: true };
  return assembleModel(host.rootDir, current.plugins, { coreGrants: current.coreGrants, admin });
}

async function store(trx: Knex.Transaction, host: PluginHost, kind: MetadataKind, name: string, doc: unknown, actor: Actor): Promise<void> {
  const table = qualified(host.tenant, 'crm_metadata_overlay');
  if (doc === undefined) {
    await queryRows(trx, `delete from ${table} where kind = ? and name = ?`, [kind, name]);
    return;
  }
  await queryRows(
    trx,
    `insert into ${table} (kind, name, doc, updated_by) values (?, ?, ?::jsonb, ?)
     on conflict (kind, name) do update set doc = excluded.doc, updated_by = excluded.updated_by, updated_at = now()`,
    [kind, name, JSON.stringify(doc), actor.id],
  );
}
