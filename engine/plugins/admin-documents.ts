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
import { narrowedSettingSteps } from './narrowed-settings.ts';
import type { PluginHost } from './plugin-lifecycle.ts';
import { removedStatesInUse } from './removed-flow-states.ts';

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
  const { plan, applied, changes } = await changeAdminDocumentsTogether(host, [change], actor, { ...options, reason: options.reason ?? adminFile(change.kind, change.name) });
  return { plan, applied, before: changes[0]!.before, after: changes[0]!.after };
}

export interface AdminChangesResult {
  plan: SchemaPlan;
  applied: boolean;
  changes: { kind: MetadataKind; name: string; before: unknown; after: unknown }[];
}

/**
 * Several documents changed as one (a flow and the options its new states add to the state field): checked together
 * against the whole Model, applied in one transaction with one audit entry, or not at all. Unless a dry run.
 */
export async function changeAdminDocumentsTogether(host: PluginHost, changes: readonly AdminDocumentChange[], actor: Actor, options: AdminChangeOptions = {}): Promise<AdminChangesResult> {
  const names = changes.map((c) => adminFile(c.kind, c.name));
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new EngineError('BAD_REQUEST', `${twice} is named twice in one change`, [{ path: `/changes/${names.lastIndexOf(twice)}`, message: 'named twice' }]);
  const prepared = await prepareAdminDocuments(host, changes, options.extraProblems);
  const summary = prepared.changes.map(({ kind, name, before, after }) => ({ kind, name, before, after }));
  if (options.dryRun) return { plan: await planAdminChange(host, prepared.next), applied: false, changes: summary };
  const plan = await applyAdminDocuments(host, prepared, actor, { reason: options.reason ?? names.join(', '), requestId: options.requestId });
  return { plan, applied: true, changes: summary };
}

/** What applying the Model `next` would do (a dry run): the schema plan with the checks only a Model change has. */
export async function planAdminChange(host: PluginHost, next: AssembledModel): Promise<SchemaPlan> {
  const previous = host.assembled().model;
  return planSchema(host.db.knex, host.tenant, next.model, previous, await narrowedSettingSteps(host.db.knex, host.tenant, previous, next.model));
}

/** Several admin documents checked together: the Model they make, and each one's stored form before and after. */
export interface PreparedAdminChanges {
  next: AssembledModel;
  changes: (AdminDocumentChange & { file: string; before: unknown; after: unknown })[];
}

/**
 * Checks every document (schema, then the whole Model with all of them in place; problems name `admin:<kind>/<name>`
 * and the JSON pointer) and assembles the Model they make. Nothing is written.
 */
export async function prepareAdminDocuments(host: PluginHost, changes: readonly AdminDocumentChange[], extraProblems: ErrorDetail[] = []): Promise<PreparedAdminChanges> {
  const problems: ErrorDetail[] = [...extraProblems];
  const prepared: PreparedAdminChanges['changes'] = [];
  for (const change of changes) {
    const { kind, name } = change;
    const docKind = documentKindOf(kind);
    if (!NAME.test(name)) throw new EngineError('BAD_REQUEST', 'A metadata name is lower-case letters, digits and _', [{ path: 'name', message: 'must match ^[a-z][a-z0-9_]{0,62}$' }]);
    const file = adminFile(kind, name);
    const before = adminDocument(host, kind, name);
    if (change.doc === undefined && before === undefined) throw new EngineError('NOT_FOUND', `No ${kind} document "${name}" of yours`, [{ path: 'name', message: 'no admin document' }]);
    let after: unknown;
    if (change.doc !== undefined) {
      const found = validateDocument(docKind, file, change.doc);
      problems.push(...found);
      if (found.length) continue;
      // The document as jsonb will give it back (its own key order): this process then builds the very Model that
      // every other process, and this one after a restart, builds from the database.
      const [stored] = await queryRows<{ doc: unknown }>(host.db.knex, 'select ?::jsonb as doc', [JSON.stringify(change.doc)]);
      after = stored!.doc;
    }
    prepared.push({ ...change, file, before: before ?? null, after: after ?? null });
  }
  if (problems.length) {
    const what = changes.length === 1 ? `The ${documentKindOf(changes[0]!.kind)} is not valid` : 'The metadata documents are not valid';
    throw new EngineError('METADATA_INVALID', what, problems.map((p) => ({ ...p, path: p.pointer })));
  }
  const next = assembleWith(host, prepared);
  const flowFile = (flow: string) => prepared.find((c) => c.kind === 'workflows' && c.name === flow)?.file ?? adminFile('workflows', flow);
  const stranded = await removedStatesInUse(host.db.knex, host.tenant, host.assembled().model, next.model, flowFile);
  if (stranded.length) throw new EngineError('CONFLICT', 'A state taken out of the flow still holds records; nothing was changed', stranded.map((p) => ({ ...p, path: p.pointer })));
  return { next, changes: prepared };
}

export interface ApplyAdminOptions {
  /** Said in the audit entry: what the admin did, e.g. "fields of customer". */
  reason: string;
  requestId?: string;
  /** More work of the same change (a configuration bundle's roles), in the same transaction, on the new Model. */
  alsoInTransaction?: (trx: Knex.Transaction, model: AssembledModel['model']) => Promise<void>;
}

/**
 * Applies prepared documents: schema, stored documents, published flow versions, the caller's own work and one audit
 * entry with every diff, in one transaction; only then does the running Model change.
 */
export async function applyAdminDocuments(host: PluginHost, prepared: PreparedAdminChanges, actor: Actor, options: ApplyAdminOptions): Promise<SchemaPlan> {
  const { next, changes } = prepared;
  let state: string | undefined;
  const plan = await host.db.knex
    .transaction(async (trx) => {
      const previous = host.assembled().model;
      const extraSteps = await narrowedSettingSteps(trx, host.tenant, previous, next.model);
      const applied = await applySchemaIn(trx, host.tenant, next.model, formulaFiller(host.tenant), { previous, extraSteps });
      for (const c of changes) await store(trx, host, c.kind, c.name, c.after ?? undefined, actor);
      for (const wf of next.model.workflows.values()) await publishedVersion(trx, host.tenant, wf);
      await options.alsoInTransaction?.(trx, next.model);
      state = await bumpModelState(trx, host.tenant);
      const diff = Object.fromEntries(changes.map((c) => [c.file, { before: c.before, after: c.after }]));
      await appendAudit(trx, host.tenant, [{ actor, action: 'metadata_change', changes: diff, context: { request_id: options.requestId, reason: options.reason } }]);
      return applied;
    })
    .catch((e: unknown) => {
      throw mapPgError(e);
    });
  host.replace(next, state);
  return plan;
}

/** The Model with the admin layer's documents replaced (or removed where `after` is null). */
function assembleWith(host: PluginHost, changes: PreparedAdminChanges['changes']): AssembledModel {
  const current = host.assembled();
  const docs = { ...current.admin?.docs };
  for (const { kind, file, after } of changes) {
    const others = (docs[kind] ?? []).filter((f) => f.file !== file);
    docs[kind] = after === null ? others : [...others, { file, json: after }].sort((a, b) => (a.file < b.file ? -1 : 1)); // as the database orders them (collate "C")
  }
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
