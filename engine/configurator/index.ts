// The configurator's door: templates (选型模版) stored as records and checked whole, configure / options / decode
// over a template compiled once per version, and exact decimal pricing. See README.md in this folder.
import './check-template-record.ts';

export { checkTemplate, type TemplateProblem } from './check-template.ts';
export { compileTemplate, type CompiledTemplate } from './compile-template.ts';
export { readModelCode, type ReadResult } from './read-model-code.ts';
export { configureOrThrow, MAX_QUANTITY, type Configuration, type ConfigureRequest } from './configure.ts';
export { tryTemplateOrThrow } from './try-template.ts';
export { decodeModelCodeOrThrow, type DecodeRequest } from './decode-model-code.ts';
export { listOptionsOrThrow, type OptionsAnswer } from './list-options.ts';
export { getTemplateDocument, importSelectionTable, loadTemplateOrThrow, putTemplateDocument, TEMPLATE_ENTITY } from './template-store.ts';
export { readSelectionTable, type TableFormat } from './read-selection-table.ts';
export { TERM_ENTITY } from './customer-terms.ts';
export type * from './template-types.ts';
