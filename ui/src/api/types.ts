// Shapes of the engine's JSON API as the UI reads them (see README "Using the API").
export type Locale = 'zh-CN' | 'en';
export type Labels = Partial<Record<Locale, string>>;

export type FieldType =
  | 'string' | 'text' | 'integer' | 'decimal' | 'money' | 'boolean' | 'date' | 'datetime' | 'enum' | 'multi_enum'
  | 'ref' | 'children' | 'many_to_many' | 'autonumber' | 'formula' | 'rollup' | 'json' | 'attachment';

export interface EnumOption {
  code: string;
  labels: Labels;
  color?: string;
}

export interface FieldMeta {
  name: string;
  type: FieldType;
  labels: Labels;
  description?: Labels;
  required?: boolean;
  readOnly?: boolean;
  system?: boolean;
  writable?: boolean;
  target?: string;
  foreignKey?: string;
  /** ref: what deleting the target does (lines need `cascade` on their ref back). */
  onDelete?: 'restrict' | 'set_null' | 'cascade';
  /** rollup: the lines field, the aggregate and the line field it reads. */
  of?: string;
  aggregate?: string;
  field?: string;
  /** autonumber: the numbering template and reset, for the designer. */
  template?: string;
  reset?: string;
  options?: EnumOption[];
  resultType?: FieldType;
  /** A formula field's json-logic, given to those who may change metadata (the entity designer). */
  formula?: unknown;
  max?: number;
  min?: number;
  /** attachment: largest file in bytes, accepted types (MIME, `image/*`, `.ext`), most files. */
  maxSize?: number;
  accept?: string[];
  maxFiles?: number;
}

export interface EntityReference {
  field: string;
  target: string;
}

export interface EntitySummary {
  name: string;
  labels: Labels;
  description?: Labels;
  displayField: string;
  searchFields?: string[];
  /** The module (系统 level permission unit) the entity belongs to. */
  module?: string;
  references?: EntityReference[];
  /** 时间线: the fields that place a record on a timeline, when the entity declares one (docs/metadata.md). */
  timeline?: TimelineDecl;
}

export interface TimelineDecl {
  start: string;
  end?: string;
  actualStart?: string;
  actualEnd?: string;
  label?: string;
  group?: string;
  progress?: string;
}

/** One section of a form layout: a grid of `columns` (1–4) columns, shown while `visibleWhen` holds. */
export interface FormSection {
  id: string;
  labels?: Labels;
  columns?: number;
  visibleWhen?: unknown;
  fields: string[];
}

/** One tab of a form layout (already cut to the fields the user may read). */
export interface FormTab {
  id: string;
  labels: Labels;
  visibleWhen?: unknown;
  sections: FormSection[];
}

export interface EntityMeta extends EntitySummary {
  version: string;
  /** Workflows that move records of this entity; their state field changes only through actions. */
  workflows?: { name: string; labels: Labels; stateField: string }[];
  /** The form layout from metadata; null or absent: every field in order, two columns. */
  layout?: FormTab[] | null;
  fields: FieldMeta[];
  schema: JsonSchema;
  uiSchema: Record<string, unknown>;
}

/** JSON Schema draft-07 as the engine emits it; kept loose because @rjsf reads it, not us. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  oneOf?: { const: unknown; title?: string }[];
  format?: string;
  default?: unknown;
  [key: string]: unknown;
}

export interface MenuItem {
  id: string;
  labels: Labels;
  icon?: string;
  entity?: string;
  page?: string;
  children?: MenuItem[];
}

export type FieldRight = 'hidden' | 'read' | 'write';

export interface EntityPermission {
  actions: Partial<Record<'read' | 'create' | 'update' | 'delete' | 'export' | 'import' | 'approve' | 'assign', boolean>>;
  fields: Record<string, FieldRight>;
}

export interface Me {
  user: { id: string; username: string; display_name?: string; department?: string | null };
  roles: { code: string; name: string }[];
  /** Signed in with an initial password: nothing but changing it is allowed until it is changed. */
  must_change_password?: boolean;
  permissions: {
    modules: string[];
    menus: string[];
    functions: string[];
    entities: Record<string, EntityPermission>;
  };
}

export interface RecordData {
  id: string;
  version: number;
  [field: string]: unknown;
}

export interface ListResult {
  data: RecordData[];
  next_cursor: string | null;
  count?: number;
}

export interface HistoryEntry {
  seq: number;
  logged_at: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  changes?: Record<string, unknown> | null;
}

export interface HistoryPage {
  data: HistoryEntry[];
  next_cursor?: string | null;
}

export interface ErrorDetail {
  path?: string;
  /** Metadata problems name the file and the JSON pointer inside it. */
  file?: string;
  pointer?: string;
  message: string;
  expected?: string;
  info?: Record<string, unknown>;
}

export interface Health {
  status: string;
  mode?: 'demo' | 'production';
}
