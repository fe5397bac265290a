// The condition builder's door: json-logic edited as groups and typed rows, and the "try it" box on a record.
export { ConditionBuilder, type BuilderState } from './condition-builder';
export { RuleTryBox } from './rule-try-box';
export { entityBuilderFields, operatorsFor, type BuilderField, type BuilderType } from './builder-field';
export { fieldsRead, logicOf, treeOf } from './rule-tree';
