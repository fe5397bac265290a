export { createApp, type AppOptions } from './create-app.ts';
export type { AppState, AdminOperations } from './app-state.ts';
export { openApiDocument } from './openapi.ts';
