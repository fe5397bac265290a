export * from './errors.ts';
export * from './context.ts';
export * from './storable-text.ts';
export * from './query-params.ts';
export * from './is-uuid.ts';
