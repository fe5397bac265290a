// The formula editor's door: expressions ↔ json-logic (pure) and the box that edits them.
export { formulaFieldsOf, openDraft, readDraft, draftErrorText, type FormulaDraft } from './formula-draft';
export { FormulaInput } from './formula-input';
export type { FormulaField } from './formula-parse';
