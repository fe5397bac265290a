import assert from 'node:assert/strict';
import { handleRecordChange } from '../../engine/access/index.ts';
import { ALLOW_ALL, SYSTEM_ACTOR, type RequestContext } from '../../engine/core/index.ts';
import { qualified, queryRows } from '../../engine/db/index.ts';
import { setClockOffset } from '../../engine/jobs/index.ts';
import { seedRecords } from '../../engine/seed/index.ts';
import { todayIn } from '../../engine/rules/index.ts';
import { entity, modelOf } from '../helpers/model-builder.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const DAY = 86_400_000;
const plusDays = (date: string, n: number) => new Date(Date.parse(date) + n * DAY).toISOString().slice(0, 10);

describe('seed/seed-records: "asOf" moves dates to today', () => {
  let s: TestServer;
  let ctx: RequestContext;
  before(async () => {
    s = await startTestServer(modelOf([entity('visit', { day: { type: 'date' }, at: { type: 'datetime' }, note: { type: 'string' } })]));
    ctx = { actor: SYSTEM_ACTOR, access: ALLOW_ALL, tenant: s.tenant, model: s.model, knex: s.db.knex, locale: 'zh-CN', requestId: 'seed-test', onChange: handleRecordChange };
  });
  after(() => s.close());
  afterEach(() => setClockOffset(s.db.knex, s.tenant, 0));

  const visit = async (note: string) =>
    (await queryRows<{ day: string; at: string }>(s.db.knex, `select day, at from ${qualified(s.tenant, 'visit')} where note = ?`, [note]))[0]!;
  const today = () => todayIn(new Date(), 'Asia/Shanghai');

  it('moves date and datetime values by the days from asOf to today, keeping the time of day in the tenant zone', async () => {
    // 10:30 in Shanghai, one day after asOf, and a date three days before it.
    await seedRecords(ctx, { asOf: '2026-06-20', records: { visit: [{ title: 'v', note: 'a', day: '2026-06-17', at: '2026-06-21T10:30:00+08:00' }] } }, 'demo.json');
    const v = await visit('a');
    assert.equal(v.day, plusDays(today(), -3));
    const local = new Date(Date.parse(v.at) + 8 * 3_600_000).toISOString();
    assert.equal(local.slice(0, 10), plusDays(today(), 1));
    assert.equal(local.slice(11, 16), '10:30');
  });

  it('follows the business clock, not the server clock', async () => {
    await setClockOffset(s.db.knex, s.tenant, 10 * 86_400);
    await seedRecords(ctx, { asOf: '2026-06-20', records: { visit: [{ title: 'v', note: 'b', day: '2026-06-20' }] } }, 'demo.json');
    assert.equal((await visit('b')).day, todayIn(new Date(Date.now() + 10 * DAY), 'Asia/Shanghai'));
  });

  it('loads dates as written without asOf, and refuses a bad asOf naming the file and pointer, writing nothing', async () => {
    await seedRecords(ctx, { records: { visit: [{ title: 'v', note: 'c', day: '2026-06-20' }] } }, 'demo.json');
    assert.equal((await visit('c')).day, '2026-06-20');
    await assert.rejects(
      () => seedRecords(ctx, { asOf: '2026-02-30', records: { visit: [{ title: 'v', note: 'd', day: '2026-06-20' }] } }, 'demo.json'),
      (e: { code: string; details: { file: string; pointer: string }[] }) => e.code === 'METADATA_INVALID' && e.details[0]!.file === 'demo.json' && e.details[0]!.pointer === '/asOf',
    );
    assert.equal((await queryRows(s.db.knex, `select 1 from ${qualified(s.tenant, 'visit')} where note = 'd'`)).length, 0);
  });
});
