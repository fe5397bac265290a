// The audit log append-only in the database, not only in the API: triggers refuse UPDATE, DELETE and TRUNCATE of
// entries, and let the head row only move forward onto an entry that exists; rights to change either table are
// revoked from every role but the owner. The owner (who runs migrations) can still disable the triggers; that is
// what the off-database anchor is for (engine/audit/README.md).
import type { Knex } from 'knex';
import { quoteIdent } from '../engine/db/index.ts';

export async function up(knex: Knex, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  await knex.raw(`
    create function ${s}.crm_audit_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'the audit log is append-only: % on %.% is refused', tg_op, tg_table_schema, tg_table_name
        using errcode = 'insufficient_privilege';
    end $$`);
  await knex.raw(`create trigger crm_audit_append_only before update or delete on ${s}.crm_audit
    for each row execute function ${s}.crm_audit_refuse_change()`);
  await knex.raw(`create trigger crm_audit_no_truncate before truncate on ${s}.crm_audit
    for each statement execute function ${s}.crm_audit_refuse_change()`);
  await knex.raw(`create trigger crm_audit_head_kept before delete on ${s}.crm_audit_head
    for each row execute function ${s}.crm_audit_refuse_change()`);
  await knex.raw(`create trigger crm_audit_head_no_truncate before truncate on ${s}.crm_audit_head
    for each statement execute function ${s}.crm_audit_refuse_change()`);

  // Appends move the head (an UPDATE), so it cannot be frozen; it may only move forward. Where it lands is checked at
  // commit (deferred): an append inserts its entries in the same statement or transaction as it moves the head, so
  // only then is the entry it names visible.
  await knex.raw(`
    create function ${s}.crm_audit_head_forward() returns trigger language plpgsql as $$
    begin
      if new.id <> old.id or new.seq <= old.seq then
        raise exception 'the audit head only moves forward: seq % to % is refused', old.seq, new.seq
          using errcode = 'insufficient_privilege';
      end if;
      return new;
    end $$`);
  await knex.raw(`create trigger crm_audit_head_forward before update on ${s}.crm_audit_head
    for each row execute function ${s}.crm_audit_head_forward()`);
  await knex.raw(`
    create function ${s}.crm_audit_head_on_entry() returns trigger language plpgsql as $$
    declare
      found_hash text;
    begin
      execute format('select hash from %I.crm_audit where seq = $1', tg_table_schema) into found_hash using new.seq;
      if found_hash is distinct from new.hash then
        raise exception 'the audit head must name an appended entry: entry % with that hash does not exist', new.seq
          using errcode = 'insufficient_privilege';
      end if;
      return null;
    end $$`);
  await knex.raw(`create constraint trigger crm_audit_head_on_entry after update on ${s}.crm_audit_head
    deferrable initially deferred for each row execute function ${s}.crm_audit_head_on_entry()`);

  // A role that is not the owner (the server's, in the recommended set-up) may append and move the head, nothing else.
  // Grants made before this migration (default privileges, `grant all`) are taken back here.
  await knex.raw(`revoke update, delete, truncate on ${s}.crm_audit from public`);
  await knex.raw(`revoke delete, truncate on ${s}.crm_audit_head from public`);
  const grantees = await knex.raw<{ rows: { grantee: string; tbl: string }[] }>(
    `select distinct r.rolname as grantee, c.relname as tbl
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       cross join lateral aclexplode(c.relacl) acl
       join pg_roles r on r.oid = acl.grantee
      where n.nspname = ? and c.relname in ('crm_audit', 'crm_audit_head') and acl.grantee <> c.relowner
        and acl.privilege_type in ('UPDATE', 'DELETE', 'TRUNCATE')`,
    [schema],
  );
  for (const { grantee, tbl } of grantees.rows) {
    const rights = tbl === 'crm_audit' ? 'update, delete, truncate' : 'delete, truncate';
    await knex.raw(`revoke ${rights} on ${s}.${quoteIdent(tbl)} from ${quoteIdent(grantee)}`);
  }
}

export async function down(knex: Knex, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  for (const [trigger, table] of [
    ['crm_audit_append_only', 'crm_audit'],
    ['crm_audit_no_truncate', 'crm_audit'],
    ['crm_audit_head_kept', 'crm_audit_head'],
    ['crm_audit_head_no_truncate', 'crm_audit_head'],
    ['crm_audit_head_forward', 'crm_audit_head'],
    ['crm_audit_head_on_entry', 'crm_audit_head'],
  ]) {
    await knex.raw(`drop trigger if exists ${trigger} on ${s}.${table}`);
  }
  for (const fn of ['crm_audit_refuse_change', 'crm_audit_head_forward', 'crm_audit_head_on_entry']) await knex.raw(`drop function if exists ${s}.${fn}()`);
}

