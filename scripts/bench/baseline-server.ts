// Benchmark child: the hand-written baseline. What a competent developer would write for the same customer endpoints
// without the engine: express 5, a pg Pool, fixed SQL per endpoint, the same JSON shapes (numbers for numeric,
// ISO-8601 UTC timestamps, {data, next_cursor}), no metadata, no generic validation. Same pool size as the engine.
// Requests are authenticated the way a hand-written app would: one query from the bearer token to a live session of
// an active user (the engine's crm_session and app_user tables, so one sign-in serves both servers). No role
// policy, no field masks, no audit of views: those are the engine's features, and part of what is measured.
//   DATABASE_URL=… CRM_SCHEMA=bench BENCH_POOL_MAX=10 node --import tsx scripts/bench/baseline-server.ts
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import pg from 'pg';

const url = process.env.DATABASE_URL;
const schema = process.env.CRM_SCHEMA ?? 'bench';
if (!url) throw new Error('DATABASE_URL is required');
if (!/^[a-z][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`bad schema name ${schema}`);
const table = `"${schema}".customer`;

// The same value shapes the engine answers with.
const toIso = (v: string) => new Date(v).toISOString();
const parsers: Record<number, (v: string) => unknown> = { 20: Number, 1700: Number, 1082: (v) => v, 1114: toIso, 1184: toIso };
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') => parsers[oid] ?? pg.types.getTypeParser(oid, format as 'text'),
};
const pool = new pg.Pool({ connectionString: url, max: Number(process.env.BENCH_POOL_MAX ?? 10), types });

// The column list is read once at start (a hand-written app would spell it out; same SQL either way).
const columnRows = await pool.query<{ name: string }>(
  `select attname as name from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped order by attnum`,
  [table],
);
const COLUMNS = columnRows.rows.map((r) => r.name);
const SELECT_LIST = COLUMNS.map((c) => `"${c}"`).join(', ');
const SYSTEM = new Set(['id', 'created_at', 'updated_at', 'created_by', 'updated_by', 'owner', 'department', 'version', 'customer_no']);
const WRITABLE = new Set(COLUMNS.filter((c) => !SYSTEM.has(c)));
const FILTERABLE = new Set(['grade', 'status', 'region', 'industry', 'city', 'customer_type', 'credit_limit', 'employee_count', 'name']);
const SORTABLE = new Set(['name', 'credit_limit', 'created_at', 'updated_at', 'customer_no', 'employee_count', 'annual_revenue', 'grade', 'region']);
const OPS: Record<string, string> = { '==': '=', '>=': '>=', '<=': '<=', '>': '>', '<': '<' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const cursorKey = randomBytes(32);
// BENCH_BASELINE_PREPARED=1: the baseline keeps the same statements prepared as the engine does (session lookup, get
// by id, insert; not lists), so the comparison shows the engine's own overhead rather than that optimisation.
const PREPARED = process.env.BENCH_BASELINE_PREPARED === '1';
const named = (name: string, text: string, values: unknown[]) => (PREPARED ? { name, text, values } : { text, values });

class BadRequest extends Error {}

const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit: '1mb' }));

class Unauthorized extends Error {}
// A hand-written app knows two kinds of user here: admins see every customer, sales managers their department and
// the departments below it; the session query says which.
const sessionSql = `select s.user_id, u.dept, exists (select 1 from "${schema}".app_user__roles ur join "${schema}".role r on r.id = ur.target_id
    where ur.source_id = u.id and r.code = 'admin') as is_admin
  from "${schema}".crm_session s join "${schema}".app_user u on u.id = s.user_id
  where s.token_hash = $1 and s.revoked_at is null and s.expires_at > now() and u.active`;
// Department and below, walked in the same statement as the list (one round trip, as the engine's scope is).
const belowSql = (param: string) => `"department" in (with recursive below(id) as (select ${param}::uuid
  union all select d.id from "${schema}".department d join below b on d.parent = b.id) select id from below)`;
app.use('/api', async (req: Request, res: Response, next: NextFunction) => {
  const auth = req.get('authorization');
  const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
  const hash = token && createHash('sha256').update(token).digest('hex');
  const user = hash ? (await pool.query<{ user_id: string; dept: string | null; is_admin: boolean }>(named('session', sessionSql, [hash]))).rows[0] : undefined;
  if (!user) throw new Unauthorized('Sign in first');
  res.locals.user = user;
  next();
});

app.get('/api/records/customer', async (req, res) => {
  const q = req.query as Record<string, string | undefined>;
  const params: unknown[] = [];
  const where = q.filter ? [filterSql(JSON.parse(q.filter), params)] : [];
  const user = res.locals.user as { dept: string | null; is_admin: boolean };
  if (!user.is_admin) {
    params.push(user.dept);
    where.push(belowSql(`$${params.length}`));
  }
  const order = (q.sort ? q.sort.split(',') : ['-created_at']).map((s) => ({ col: s.replace(/^-/, ''), desc: s.startsWith('-') }));
  for (const o of order) if (!SORTABLE.has(o.col)) throw new BadRequest(`cannot sort by ${o.col}`);
  order.push({ col: 'id', desc: false });
  const limit = Math.min(Number(q.limit ?? 50), 500);
  if (!Number.isInteger(limit) || limit < 1) throw new BadRequest('bad limit');
  const countWhere = [...where];
  const countParams = [...params];
  if (q.cursor) where.push(keyset(order, decodeCursor(q.cursor), params));
  const sql = `select ${SELECT_LIST} from ${table}${where.length ? ` where ${where.join(' and ')}` : ''}
    order by ${order.map((o) => `"${o.col}"${o.desc ? ' desc' : ''}`).join(', ')} limit ${limit + 1}`;
  const rows = (await pool.query(sql, params)).rows as Record<string, unknown>[];
  const more = rows.length > limit;
  if (more) rows.length = limit;
  const last = rows[rows.length - 1];
  const body: { data: unknown[]; next_cursor: string | null; count?: number } = {
    data: rows,
    next_cursor: more && last ? encodeCursor(order.map((o) => last[o.col] ?? null)) : null,
  };
  if (q.count === 'exact') {
    const sqlCount = `select count(*) as n from ${table}${countWhere.length ? ` where ${countWhere.join(' and ')}` : ''}`;
    body.count = Number((await pool.query<{ n: number }>(sqlCount, countParams)).rows[0]!.n);
  }
  res.json(body);
});

app.get('/api/records/customer/:id', async (req, res) => {
  const id = req.params.id;
  const row = UUID.test(id) ? (await pool.query(named('get', `select ${SELECT_LIST} from ${table} where id = $1`, [id]))).rows[0] : undefined;
  if (!row) res.status(404).json({ error: { code: 'NOT_FOUND', message: 'not found', details: [] } });
  else res.json(row);
});

// One statement: bump the gap-free counter and insert the row with its number, returning the stored record.
const insertSql = new Map<string, string>();
// A new customer has nothing to add up yet: its sums and counts over other records (ledger, exposure) start at 0, as
// the product stores them.
const ZERO_AT_CREATE = ['credit_exposure', 'ledger_advance', 'ledger_balance', 'ledger_invoiced', 'ledger_receivable', 'ledger_received', 'open_orders', 'open_receivables'];
app.post('/api/records/customer', async (req: Request, res: Response) => {
  const body = req.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body) || typeof body.name !== 'string' || !body.name) throw new BadRequest('name is required');
  const values: Record<string, unknown> = { status: 'prospect', customer_type: 'end_user', ...body };
  for (const c of Object.keys(values)) if (!WRITABLE.has(c)) throw new BadRequest(`unknown field ${c}`);
  for (const c of ZERO_AT_CREATE) values[c] = 0;
  const cols = Object.keys(values);
  const signature = cols.join(',');
  let sql = insertSql.get(signature);
  if (!sql) {
    sql = `with n as (
        insert into "${schema}".crm_sequence as s (key, value) values ('customer.customer_no:all', 1)
        on conflict (key) do update set value = s.value + 1 returning value)
      insert into ${table} (${cols.map((c) => `"${c}"`).join(', ')}, customer_no, created_by, updated_by, owner, department)
      select ${cols.map((_c, i) => `$${i + 1}`).join(', ')}, 'KH-' || lpad(n.value::text, greatest(5, length(n.value::text)), '0'),
        $${cols.length + 1}, $${cols.length + 1}, $${cols.length + 1}, $${cols.length + 2}::uuid
      from n returning ${SELECT_LIST}`;
    insertSql.set(signature, sql);
  }
  const user = res.locals.user as { user_id: string; dept: string | null };
  const row = (await pool.query(named(`insert:${signature}`, sql, [...Object.values(values), user.user_id, user.dept]))).rows[0] as { id: string };
  res.status(201).location(`/api/records/customer/${row.id}`).json(row);
});

app.use((err: unknown, _req: Request, res: Response, _next: () => void) => {
  if (err instanceof Unauthorized) res.status(401).json({ error: { code: 'UNAUTHORIZED', message: err.message, details: [] } });
  else if (err instanceof BadRequest || err instanceof SyntaxError) res.status(400).json({ error: { code: 'BAD_REQUEST', message: err.message, details: [] } });
  else if ((err as { code?: string }).code === '23505') res.status(409).json({ error: { code: 'CONFLICT', message: 'duplicate', details: [] } });
  else {
    console.error(err);
    res.status(500).json({ error: { code: 'INTERNAL_ERROR', message: 'internal error', details: [] } });
  }
});

// Filters the hand-written endpoint supports: a comparison on a whitelisted column, or an "and" of such comparisons.
function filterSql(rule: unknown, params: unknown[]): string {
  const r = rule as Record<string, unknown[]>;
  const [op] = Object.keys(r);
  if (op === 'and' && Array.isArray(r.and)) return r.and.map((x) => filterSql(x, params)).join(' and ');
  const args = op ? r[op] : undefined;
  const col = (args?.[0] as { var?: unknown } | undefined)?.var;
  if (!op || !OPS[op] || !Array.isArray(args) || args.length !== 2 || typeof col !== 'string' || !FILTERABLE.has(col)) throw new BadRequest('unsupported filter');
  params.push(args[1]);
  return `"${col}" ${OPS[op]} $${params.length}`;
}

function keyset(order: { col: string; desc: boolean }[], values: unknown[], params: unknown[]): string {
  const alternatives = order.map((o, i) => {
    const terms = order.slice(0, i).map((p, j) => {
      params.push(values[j]);
      return `"${p.col}" = $${params.length}`;
    });
    params.push(values[i]);
    terms.push(`"${o.col}" ${o.desc ? '<' : '>'} $${params.length}`);
    return `(${terms.join(' and ')})`;
  });
  return `(${alternatives.join(' or ')})`;
}

function encodeCursor(values: unknown[]): string {
  const payload = Buffer.from(JSON.stringify(values)).toString('base64url');
  return `${payload}.${createHmac('sha256', cursorKey).update(payload).digest('base64url')}`;
}

function decodeCursor(cursor: string): unknown[] {
  const [payload = '', signature] = cursor.split('.');
  if (signature !== createHmac('sha256', cursorKey).update(payload).digest('base64url')) throw new BadRequest('bad cursor');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown[];
}

const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ ready: true, port, pid: process.pid });
});

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  const closed = new Promise<void>((r) => server.close(() => r()));
  server.closeAllConnections();
  await closed;
  await pool.end();
  process.exit(0);
}
process.on('message', (m) => {
  if (m === 'stop') void stop();
});
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
process.on('disconnect', () => void stop());
