// Benchmark setup (a child of scripts/bench.mjs): recreate the tenant schema, let the engine apply the core CRM
// metadata to it, bulk-load customers with one generate_series insert, analyze, and report sample ids on stdout.
//   DATABASE_URL=postgres://… CRM_SCHEMA=bench BENCH_ROWS=100000 node --import tsx scripts/bench/setup.ts
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import pg from 'pg';
import { addUser } from '../../engine/access/index.ts';
import { configFromEnv, openEngine } from '../../engine/server/index.ts';

const root = resolve(import.meta.dirname, '../..');
const url = process.env.DATABASE_URL;
const schema = process.env.CRM_SCHEMA ?? 'bench';
const rows = Number(process.env.BENCH_ROWS ?? 100_000);
const sampleIds = Number(process.env.BENCH_SAMPLE_IDS ?? 300);
if (!url) throw new Error('DATABASE_URL is required');
if (!/^[a-z][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`bad schema name ${schema}`);
if (!Number.isInteger(rows) || rows < 1) throw new Error(`bad BENCH_ROWS ${process.env.BENCH_ROWS}`);

const log = (line: string) => process.stderr.write(`[setup] ${line}\n`);
const started = performance.now();

const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  await client.query(`drop schema if exists "${schema}" cascade`);

  // The engine creates the schema, its crm_* tables and one table per entity, exactly as `crm serve` would.
  const t0 = performance.now();
  const engine = await openEngine(configFromEnv(root, { ...process.env, DATABASE_URL: url, CRM_SCHEMA: schema }));
  const version = engine.model().version;
  // The user the load generator signs in as: the built-in admin role (every customer, every field), so both servers
  // return the same rows. Its password exists only for this run.
  const password = `Bench-${randomBytes(18).toString('base64url')}-9a`;
  let userId: string;
  try {
    userId = await addUser(engine.systemContext(), { username: 'bench_admin', displayName: '压测管理员', password, admin: true });
  } finally {
    await engine.close();
  }
  log(`schema "${schema}" applied from metadata/ (model ${version}), user bench_admin added, in ${ms(t0)}`);

  // The sales force owning the customers: 5 departments, 25 reps (plain rows; the directory reads them as they are).
  await client.query(`insert into "${schema}".department (id, name, code, sort_order, active)
    select ('00000000-0000-4000-9000-' || lpad(d::text, 12, '0'))::uuid, (array['华东销售部', '华南销售部', '华北销售部', '中西部销售部', '海外销售部'])[d], 'SALES' || d, d, true
    from generate_series(1, 5) d`);
  await client.query(`insert into "${schema}".app_user (id, username, display_name, dept, active, locale)
    select ('00000000-0000-4000-8000-' || lpad(u::text, 12, '0'))::uuid, 'sales' || u, '销售代表' || u,
           ('00000000-0000-4000-9000-' || lpad((1 + u % 5)::text, 12, '0'))::uuid, true, 'zh-CN'
    from generate_series(1, 25) u`);

  // A sales centre above the first three departments, and its manager with the built-in sales_manager role, whose
  // customer scope is department_and_below: the scope the "list-dept" scenario measures (3 of the 5 departments).
  await client.query(`insert into "${schema}".department (id, name, code, sort_order, active)
    values ('00000000-0000-4000-9000-000000000006', '销售中心', 'SALES_CENTRE', 0, true)`);
  await client.query(`update "${schema}".department set parent = '00000000-0000-4000-9000-000000000006'
    where id in ('00000000-0000-4000-9000-000000000001', '00000000-0000-4000-9000-000000000002', '00000000-0000-4000-9000-000000000003')`);
  const managerPassword = `Bench-${randomBytes(18).toString('base64url')}-9b`;
  const engine2 = await openEngine(configFromEnv(root, { ...process.env, DATABASE_URL: url, CRM_SCHEMA: schema }));
  try {
    const managerId = await addUser(engine2.systemContext(), { username: 'bench_manager', displayName: '压测销售总监', password: managerPassword, admin: false });
    await client.query(`update "${schema}".app_user set dept = '00000000-0000-4000-9000-000000000006' where id = $1`, [managerId]);
    await client.query(`insert into "${schema}".app_user__roles (source_id, target_id) select $1, id from "${schema}".role where code = 'sales_manager'`, [managerId]);
  } finally {
    await engine2.close();
  }

  const t1 = performance.now();
  await client.query('select setseed(0.4242)');
  await client.query(insertCustomersSql(`"${schema}".customer`), [rows]);
  // The engine's autonumber counter continues after the loaded numbers, so created customers get fresh ones.
  await client.query(`insert into "${schema}".crm_sequence (key, value) values ('customer.customer_no:all', $1)
                      on conflict (key) do update set value = excluded.value`, [rows]);
  log(`inserted ${rows} customers in ${ms(t1)}`);
  const t2 = performance.now();
  await client.query(`vacuum analyze "${schema}".customer`);
  await client.query(`analyze "${schema}".crm_sequence`);
  log(`vacuum analyze in ${ms(t2)}`);

  const ids = (await client.query<{ id: string }>(`select id from "${schema}".customer order by random() limit $1`, [sampleIds])).rows.map((r) => r.id);
  const pgVersion = (await client.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
  const stats = (
    await client.query<{ total: string; list_matches: string; size: string }>(
      `select count(*) as total,
              count(*) filter (where grade = 'A' and credit_limit >= 100000) as list_matches,
              pg_size_pretty(pg_total_relation_size('"${schema}".customer')) as size
         from "${schema}".customer`,
    )
  ).rows[0]!;
  log(`${stats.total} rows (${stats.size} with indexes); the list filter matches ${stats.list_matches}; total ${ms(started)}`);
  const user = { username: 'bench_admin', password, id: userId };
  const manager = { username: 'bench_manager', password: managerPassword };
  process.stdout.write(JSON.stringify({ ids, user, manager, pgVersion, rows: Number(stats.total), listMatches: Number(stats.list_matches), tableSize: stats.size }) + '\n');
} finally {
  await client.end();
}

function ms(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

// Values are drawn per row from random() (seeded above, so every run loads the same data) with skews a real
// customer base has: most customers are active B/C accounts, A accounts carry the large credit limits.
function insertCustomersSql(table: string): string {
  const lit = (values: readonly string[]) => `array[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}]`;
  const geo = [
    ['east', '江苏', '苏州'], ['east', '江苏', '无锡'], ['east', '江苏', '常州'], ['east', '浙江', '宁波'], ['east', '浙江', '杭州'],
    ['east', '上海', '上海'], ['east', '山东', '济南'], ['east', '山东', '青岛'], ['south', '广东', '深圳'], ['south', '广东', '东莞'],
    ['south', '广东', '佛山'], ['south', '福建', '厦门'], ['north', '北京', '北京'], ['north', '天津', '天津'], ['north', '河北', '保定'],
    ['central', '湖北', '武汉'], ['central', '湖南', '长沙'], ['central', '河南', '郑州'], ['southwest', '四川', '成都'], ['southwest', '重庆', '重庆'],
    ['northwest', '陕西', '西安'], ['northeast', '辽宁', '沈阳'], ['northeast', '辽宁', '大连'], ['overseas', '海外', '胡志明市'],
  ];
  const brands = ['恒达', '精工', '华锐', '宏图', '金鼎', '永信', '博远', '中联', '瑞丰', '天工', '海德', '凯特', '东方', '新峰', '正泰', '鼎力'];
  const trades = ['精密机械', '汽车零部件', '模具', '液压设备', '电子科技', '重工', '航空部件', '轨道装备', '医疗器械', '能源装备'];
  const suffixes = ['有限公司', '股份有限公司', '集团有限公司', '制造有限公司'];
  const industries = ['automotive', 'general_machinery', 'mould', 'electronics', 'construction_machinery', 'aerospace', 'energy', 'hydraulics',
    'rail', 'medical', 'shipbuilding', 'agricultural', 'defense', 'education', 'other'];
  const sources = ['exhibition', 'website', 'inbound_call', 'referral', 'agent', 'bidding', 'campaign', 'cold_visit', 'existing_customer', 'other'];
  const ownerships = ['private', 'private', 'private', 'state_owned', 'foreign', 'joint_venture', 'institution'];
  const banks = ['中国工商银行', '中国建设银行', '中国银行', '中国农业银行', '招商银行', '交通银行'];
  const pick = (arr: readonly string[], r: string) => `(${lit(arr)})[1 + floor(${r} * ${arr.length})::int]`;
  const tag = (code: string, p: number, r: string) => `case when ${r} < ${p} then '${code}' end`;
  // 25 sales reps in 5 departments own the customers.
  const owner = `('00000000-0000-4000-8000-' || lpad((1 + s.g % 25)::text, 12, '0'))::uuid`;
  const department = `('00000000-0000-4000-9000-' || lpad((1 + (1 + s.g % 25) % 5)::text, 12, '0'))::uuid`;
  return `
insert into ${table} (id, customer_no, name, short_name, uscc, status, grade, customer_type, industry, scale, ownership, source, tags,
  region, province, city, address, postal_code, phone, email, website, employee_count, annual_revenue, main_products, equipment_status,
  credit_limit, credit_days, bank_name, bank_account, notes, created_at, updated_at, created_by, updated_by, owner, department, version)
select gen_random_uuid(),
  'KH-' || lpad(s.i::text, greatest(5, length(s.i::text)), '0'),
  geo[3] || s.brand || s.trade || s.i || s.suffix,
  s.brand || s.trade || s.i,
  case when s.r1 < 0.7 then '913' || lpad((s.geo_i * 7)::text, 3, '0') || lpad(s.i::text, 11, '0') || 'X' end,
  case when s.r2 < 0.55 then 'active' when s.r2 < 0.80 then 'prospect' when s.r2 < 0.95 then 'dormant' else 'disabled' end,
  s.grade,
  case when s.r3 < 0.70 then 'end_user' when s.r3 < 0.85 then 'dealer' when s.r3 < 0.95 then 'integrator' else 'oem' end,
  (${lit(industries)})[1 + floor(power(s.r4, 1.6) * ${industries.length})::int],
  s.scale,
  ${pick(ownerships, 's.r5')},
  ${pick(sources, 's.r6')},
  array_remove(array[${tag('key_account', 0.12, 's.r7')}, ${tag('repeat_buyer', 0.25, 's.r8')}, ${tag('high_potential', 0.15, 's.r9')},
    ${tag('price_sensitive', 0.3, 's.r10')}, ${tag('tech_demanding', 0.2, 's.r11')}, ${tag('slow_payer', 0.1, 's.r12')},
    ${tag('reference_site', 0.04, 's.r13')}, ${tag('tender_required', 0.18, 's.r14')}]::text[], null),
  geo[1], geo[2], geo[3],
  case when geo[2] = geo[3] then geo[3] || '市' when geo[1] = 'overseas' then geo[3] else geo[2] || '省' || geo[3] || '市' end
    || '工业园区' || (1 + s.i % 999) || '号',
  lpad((100000 + (s.i * 37) % 899999)::text, 6, '0'),
  '0' || (10 + s.geo_i * 3) || '-' || lpad(((s.i * 7919) % 100000000)::text, 8, '0'),
  'sales@c' || s.i || '.example.cn',
  case when s.r1 < 0.6 then 'https://www.c' || s.i || '.example.cn' end,
  s.employees,
  round((s.employees * (200000 + s.r15 * 1300000))::numeric, -3),
  s.trade || '及相关配套产品',
  case when s.r16 < 0.5 then '在用数控车床 ' || (1 + s.i % 40) || ' 台,加工中心 ' || (s.i % 25) || ' 台' end,
  case when s.r17 < 0.08 then null else round((exp(ln(s.credit_lo) + s.r18 * (ln(s.credit_hi) - ln(s.credit_lo))))::numeric, -3) end,
  (array[0, 15, 30, 45, 60, 90, 180])[1 + floor(s.r19 * 7)::int],
  ${pick(banks, 's.r20')},
  lpad(((s.i::bigint * 104729) % 10000000000000)::text, 19, '6222'),
  case when s.r21 < 0.3 then '年度框架协议客户,季度回访' end,
  s.created_at, s.created_at + (now() - s.created_at) * s.r22,
  ${owner}, ${owner}, ${owner}, ${department}, 1
from (
  select g.i, g.i as g, geo_i,
    string_to_array((${lit(geo.map((x) => x.join('|')))})[geo_i], '|') as geo,
    ${pick(brands, 'random()')} as brand, ${pick(trades, 'random()')} as trade, ${pick(suffixes, 'random()')} as suffix,
    grade, scale, employees,
    case grade when 'A' then 50000 when 'B' then 20000 else 5000 end as credit_lo,
    case grade when 'A' then 20000000 when 'B' then 5000000 when 'C' then 1000000 else 500000 end as credit_hi,
    now() - random() * interval '1095 days' as created_at,
    random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7, random() r8, random() r9,
    random() r10, random() r11, random() r12, random() r13, random() r14, random() r15, random() r16, random() r17,
    random() r18, random() r19, random() r20, random() r21, random() r22
  from (
    select i, 1 + floor(power(random(), 1.3) * ${geo.length})::int as geo_i,
      case when rg < 0.15 then 'A' when rg < 0.50 then 'B' when rg < 0.90 then 'C' end as grade,
      sc as scale,
      case sc when 'large' then 1000 + floor(random() * 19000) when 'medium' then 300 + floor(random() * 700)
              when 'small' then 20 + floor(random() * 280) else 1 + floor(random() * 19) end::int as employees
    from (
      select i, random() as rg,
        case when random() < 0.08 then 'large' when random() < 0.3 then 'medium' when random() < 0.8 then 'small' else 'micro' end as sc
      from generate_series(1, $1::int) as i
    ) a
  ) g
) s`;
}
