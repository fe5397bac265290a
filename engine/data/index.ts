export {
  listRecords,
  getRecord,
  createRecord,
  createRecordInTransaction,
  updateRecordById,
  deleteRecordById,
  bulkWrite,
  assignRecordOwner,
  MAX_BULK_OPERATIONS,
  type RecordData,
  type ListResult,
} from './record-service.ts';
export { recordSchema, writableFields, type JsonSchema } from './record-schema.ts';
export { DEFAULT_LIMIT, MAX_LIMIT } from './list-query.ts';
export { entityForm, type EntityForm } from './form-schema.ts';
export { compiledEntity } from './compiled-model.ts';
export { formulaFiller } from './fill-formulas.ts';
export { previewNumber } from './autonumber.ts';
export { registerRecordCheck, type RecordCheck } from './record-checks.ts';
export { assignOwner } from './assign-owner.ts';
export { registerWriteGuard, type WriteGuard } from './write-guards.ts';
export { checkInputOrThrow } from './check-input.ts';
export { updateRecord, insertRecord } from './write-record.ts';
export { CreateBatch } from './create-many.ts';
export { exportRecords, needsApproval, MAX_EXPORT_ROWS, type RecordExport, type ExportNeedsApproval } from './export-records.ts';
export { exportCell, safeText, type RefNames } from './export-format.ts';
export { tryRuleOnRecord, type TryAnswer } from './try-rule-on-record.ts';
