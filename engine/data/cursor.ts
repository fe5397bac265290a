// Opaque, tamper-proof keyset cursors: the last row's order-key values, signed with a per-tenant secret.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import { badRequest } from '../core/index.ts';
import { qualified, type Tenant } from '../db/index.ts';
import type { SortKey } from './select-records.ts';

const secrets = new Map<string, Promise<Buffer>>();

/** The tenant's signing key, created on first use and shared by every server through the database. */
export function cursorSecret(knex: Knex, tenant: Tenant): Promise<Buffer> {
  let secret = secrets.get(tenant.schema);
  if (!secret) {
    secret = loadSecret(knex, tenant);
    secrets.set(tenant.schema, secret);
    secret.catch(() => secrets.delete(tenant.schema));
  }
  return secret;
}

async function loadSecret(knex: Knex, tenant: Tenant): Promise<Buffer> {
  const table = qualified(tenant, 'crm_setting');
  await knex.raw(`insert into ${table} (key, value) values ('cursor_secret', ?) on conflict (key) do nothing`, [randomBytes(32).toString('base64')]);
  const r = await knex.raw<{ rows: { value: string }[] }>(`select value from ${table} where key = 'cursor_secret'`);
  return Buffer.from(r.rows[0]!.value, 'base64');
}

function orderSignature(order: readonly SortKey[]): string {
  return order.map((k) => (k.desc ? '-' : '') + k.field).join(',');
}

export function encodeCursor(secret: Buffer, order: readonly SortKey[], values: readonly unknown[]): string {
  const payload = Buffer.from(JSON.stringify({ o: orderSignature(order), v: values })).toString('base64url');
  return `${payload}.${sign(secret, payload)}`;
}

export function decodeCursorOrThrow(secret: Buffer, order: readonly SortKey[], cursor: string): unknown[] {
  const invalid = () => badRequest('The cursor is not valid; start again from the first page', [{ path: 'cursor', message: 'invalid or tampered cursor' }]);
  const [payload, signature] = cursor.split('.');
  if (!payload || !signature || cursor.length > 4096) throw invalid();
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { o: string; v: unknown[] };
  if (decoded.o !== orderSignature(order)) {
    throw badRequest('The cursor belongs to a different sort order', [{ path: 'cursor', message: 'sort changed since the cursor was issued' }]);
  }
  return decoded.v;
}

function sign(secret: Buffer, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}
