export * from './errors.ts';
export * from './context.ts';
