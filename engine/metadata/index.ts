export * from './model-types.ts';
export { loadModel, loadModelOrThrow, formatProblems, type MetadataSource, type LoadResult } from './load-model.ts';
export { valueKindOf, type ValueKind } from './value-kind.ts';
export { SYSTEM_FIELDS, SYSTEM_FIELD_NAMES } from './system-fields.ts';
export { varsOf } from './check-entity.ts';
export { valueSchema, type ValueSchemaName } from './value-schemas.ts';
export { validateDocument } from './validate-documents.ts';
export { readMetadataFiles, type MetadataFile } from './read-metadata-files.ts';
export type * from './workflow-types.ts';
