import assert from 'node:assert/strict';
import { EngineError } from '../../engine/core/index.ts';
import { mapPgError } from '../../engine/db/index.ts';

// What drivers put in their errors: the statement, the value, the table and constraint names.
const pgError = (code: string, extra: object = {}) =>
  Object.assign(new Error(`select * from "crm"."customer" where id = '1; drop' - invalid input syntax for type uuid: "x"`), { code, detail: 'Key (name)=(x) is not present in table "customer".', table: 'customer', constraint: 'customer_name_key', ...extra });

describe('db/map-pg-error: every database error becomes an engine error without the driver\'s text', () => {
  const cases: [string, string, number, string][] = [
    ['23505', 'CONFLICT', 409, '/name'],
    ['23503', 'VALIDATION_FAILED', 422, '/name'],
    ['23514', 'VALIDATION_FAILED', 422, '/name'],
    ['22P02', 'VALIDATION_FAILED', 422, ''],
    ['22021', 'VALIDATION_FAILED', 422, ''],
    ['22P05', 'VALIDATION_FAILED', 422, ''],
    ['22001', 'VALIDATION_FAILED', 422, ''],
    ['22012', 'VALIDATION_FAILED', 422, ''],
    ['54000', 'VALIDATION_FAILED', 422, ''],
    ['53100', 'STORAGE_FULL', 503, ''],
    ['ENOSPC', 'STORAGE_FULL', 503, ''],
    ['53200', 'STORAGE_FULL', 503, ''],
    ['40P01', 'DATABASE_BUSY', 503, ''],
    ['42501', 'FORBIDDEN', 403, ''],
  ];
  for (const [pg, code, status, path] of cases) {
    it(`maps ${pg} to ${status} ${code}`, () => {
      const mapped = mapPgError(pgError(pg));
      assert.ok(mapped instanceof EngineError);
      assert.equal(mapped.code, code);
      assert.equal(mapped.status, status);
      if (mapped.details.length) assert.equal(mapped.details[0]!.path, path);
      assert.doesNotMatch(JSON.stringify(mapped.toJSON()), /select|drop|customer_name_key|table "customer"|invalid input syntax/);
    });
  }

  it('names the storage problem for operators', () => {
    assert.match((mapPgError(pgError('53100')) as EngineError).message, /storage is full.*Operators/);
  });

  it('says a privilege the database refused (the append-only audit log) changed nothing, without the driver\'s text', () => {
    const mapped = mapPgError(pgError('42501', { message: 'permission denied for table crm_audit_log' })) as EngineError;
    assert.match(mapped.message, /does not allow this change.*nothing was saved/);
    assert.doesNotMatch(JSON.stringify(mapped.toJSON()), /permission denied|crm_audit_log/);
  });

  it('leaves errors it does not know to the error handler (logged, shown as INTERNAL_ERROR)', () => {
    const other = pgError('XX000');
    assert.equal(mapPgError(other), other);
  });
});
