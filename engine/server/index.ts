export { configFromEnv, type ServerConfig } from './config.ts';
export { startServer, type RunningServer } from './start-server.ts';
export { openEngine, type Engine } from './open-engine.ts';
export { acquireLock, releaseLock, currentHolder, type LockInfo } from './data-dir-lock.ts';
export { LOCAL_OPERATIONS, runLocalOperation, isLocalOperation, type LocalOperation, type ImportArgs } from './local-operations.ts';
