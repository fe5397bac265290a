// Mocha root hooks: close the shared test database once every suite is done.
import { closeTestDatabase } from './test-database.ts';

export const mochaHooks = {
  async afterAll() {
    await closeTestDatabase();
  },
};
