import assert from 'node:assert/strict';
import { isEngineError } from '../../engine/core/index.ts';
import { isRetryableTransactionError, mapPgError } from '../../engine/db/index.ts';

describe('db/map-pg-error: a database that is away or busy', () => {
  const lost = [
    { code: '57P01', message: 'terminating connection due to administrator command' },
    { code: '57P02', message: 'terminating connection due to crash of another server process' },
    { code: '57P03', message: 'the database system is starting up' },
    { code: '08006', message: 'connection failure' },
    { code: '08003', message: 'connection does not exist' },
    { code: '08000', message: 'connection exception' },
    { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' },
    { code: 'ECONNRESET', message: 'read ECONNRESET' },
    { message: 'Connection terminated unexpectedly' },
    { message: 'insert into "x" … - Connection terminated' },
    { message: 'Client has encountered a connection error and is not queryable' },
    { name: 'KnexTimeoutError', message: 'Knex: Timeout acquiring a connection. The pool is probably full.' },
  ];
  for (const driverError of lost) {
    it(`answers 503 DATABASE_UNAVAILABLE for ${driverError.code ?? driverError.message}`, () => {
      const mapped = mapPgError(Object.assign(new Error(driverError.message), driverError));
      assert.ok(isEngineError(mapped));
      assert.equal(mapped.code, 'DATABASE_UNAVAILABLE');
      assert.equal(mapped.status, 503);
      assert.deepEqual(mapped.details, []);
      assert.doesNotMatch(mapped.message, /insert|127\.0\.0\.1/);
    });
  }

  it('answers 503 DATABASE_BUSY for a deadlock or serialization failure, and knows it may be retried', () => {
    for (const code of ['40P01', '40001']) {
      const driverError = Object.assign(new Error('deadlock detected'), { code });
      const mapped = mapPgError(driverError);
      assert.ok(isEngineError(mapped));
      assert.equal(mapped.code, 'DATABASE_BUSY');
      assert.equal(mapped.status, 503);
      assert.ok(isRetryableTransactionError(driverError));
      assert.ok(isRetryableTransactionError(mapped), 'still recognised once mapped');
    }
    assert.equal(isRetryableTransactionError(mapPgError(Object.assign(new Error('lock timeout'), { code: '55P03' }))), false);
  });

  it('leaves an error that only mentions a connection in its text alone when the database gave it a code', () => {
    const err = Object.assign(new Error('Connection terminated by rule'), { code: 'P0001' });
    assert.equal(mapPgError(err), err);
  });
});
