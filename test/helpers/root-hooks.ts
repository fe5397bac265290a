// Mocha root hooks: close the shared test database once every suite is done.
import { createLogger, setRootLogger } from '../../engine/observe/index.ts';
import { closeTestDatabase } from './test-database.ts';

// The suite's own servers log nothing unless LOG_LEVEL asks for it; servers it spawns log to pipes it reads.
setRootLogger(createLogger({ level: process.env.LOG_LEVEL ?? 'silent' }));

export const mochaHooks = {
  async afterAll() {
    await closeTestDatabase();
  },
};
