export { createApp, type AppOptions } from './create-app.ts';
export type { AppState, AdminOperations } from './app-state.ts';
export { openApiDocument } from './openapi.ts';
export { listRoutes, type RouteEntry } from './list-routes.ts';
export { keepConnectionsAlive } from './keep-alive.ts';
