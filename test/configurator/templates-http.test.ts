// Templates through HTTP: the JSON document round-trips, versions guard concurrent edits, every bad template is a 422
// with its pointers and nothing stored, the records API checks a template the same way, and the plugin's seed loads.
// A third series is entered only through PUT and then configured, priced and decoded.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { seedRecords, type SeedDocument } from '../../engine/seed/index.ts';
import { entity, modelOf } from '../helpers/model-builder.ts';
import { systemContext } from '../helpers/test-admin.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

import { FLOW } from './mag8-template.ts';

const L = (zh: string, en: string) => ({ 'zh-CN': zh, en });

describe('configurator/templates over HTTP', function () {
  this.timeout(120_000);
  let s: TestServer;
  before(async () => (s = await startTestServer(modelOf([entity('widget')]), 'cfgtpl')));
  after(() => s?.close());

  const templates = async () => Number((await s.db.knex.raw(`select count(*)::int as n from "${s.tenant.schema}".configurator_template`)).rows?.[0]?.n ?? 0);

  it('enters a series through PUT alone, reads it back exactly, and configures, prices and decodes it', async () => {
    const put = await s.request('PUT', '/api/configurator/templates/MAG8', FLOW);
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(put.body.version, 1);
    const got = await s.request('GET', '/api/configurator/templates/MAG8');
    assert.deepEqual(got.body, { ...FLOW, version: 1 });

    const r = await s.request('POST', '/api/configurator/configure', { template: 'MAG8', choices: { size: '050', liner: 'F', electrode: 'T', extras: ['G', 'P'] }, parameters: { temp: 120, medium: 'acid' }, quantity: 4 });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.model_code, 'MAG8-050-FT/P/G');
    // 5200 + 600 + 10 % of 5200 + 2400 + 300 + 450 = 9470; slab: units 1-2 at 9470, units 3-4 at 8523 → 35986.
    assert.equal(r.body.list_price, 9470);
    assert.equal(r.body.total, 35986);
    assert.equal(r.body.unit_price, 8996.5);
    assert.equal(r.body.template_version, 1);
    assert.deepEqual(r.body.warnings, []);
    assert.deepEqual(r.body.spec.map((x: { text: string }) => x.text), ['口径 DN50', '衬里:PTFE', '电极:钽', '脉冲输出', '接地环']);

    const warned = await s.request('POST', '/api/configurator/configure', { template: 'MAG8', choices: { size: '025', liner: 'R', electrode: 'S' }, parameters: { medium: 'acid', temp: 60 } });
    assert.deepEqual(warned.body.warnings.map((w: { rule: string }) => w.rule), ['acid_alert']);

    const refused = await s.request('POST', '/api/configurator/configure', { template: 'MAG8', choices: { size: '025', liner: 'R', electrode: 'T' }, parameters: { temp: 90 } });
    assert.equal(refused.status, 422);
    assert.deepEqual(refused.body.error.details.map((d: { rule: string }) => d.rule).sort(), ['rubber_hot', 'tantalum_big']);
    assert.ok(refused.body.error.details.some((d: { path: string; message: string }) => d.path === '/choices/electrode' && d.message.includes('钽电极仅用于 DN50 及以上')));

    const decoded = await s.request('POST', '/api/configurator/decode', { model_code: 'MAG8-050-FT/P/G', quantity: 4 });
    assert.equal(decoded.status, 200, JSON.stringify(decoded.body));
    assert.equal(decoded.body.template, 'MAG8');
    assert.deepEqual(decoded.body.choices, { size: '050', liner: 'F', electrode: 'T', extras: ['P', 'G'] });
    assert.equal(decoded.body.total, 35986);

    const bad = await s.request('POST', '/api/configurator/decode', { model_code: 'MAG8-050-XT' });
    assert.equal(bad.status, 422);
    assert.deepEqual([bad.body.error.details[0].position, bad.body.error.details[0].segment, bad.body.error.details[0].path], [9, 'liner', '/model_code']);
    const unknown = await s.request('POST', '/api/configurator/decode', { model_code: 'ZZZ' });
    assert.deepEqual([unknown.status, unknown.body.error.details[0].position, unknown.body.error.details[0].segment], [422, 0, null]);
  });

  it('bumps the version on every save and refuses a save based on a stale version with 409', async () => {
    const v1 = (await s.request('GET', '/api/configurator/templates/MAG8')).body;
    const saved = await s.request('PUT', '/api/configurator/templates/MAG8', { ...v1, base_price: '5300.00' });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.version, v1.version + 1);
    const stale = await s.request('PUT', '/api/configurator/templates/MAG8', { ...v1, base_price: '9999' });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.details[0].path, '/version');
    assert.equal((await s.request('GET', '/api/configurator/templates/MAG8')).body.base_price, '5300.00');
    const priced = await s.request('POST', '/api/configurator/configure', { template: 'MAG8', choices: { size: '025', liner: 'R', electrode: 'S' } });
    assert.deepEqual([priced.body.list_price, priced.body.template_version], [5300, v1.version + 1], 'the new version prices at once');
  });

  it('refuses an ambiguous or broken template with every pointer, and stores nothing', async () => {
    const before = await templates();
    const ambiguous = { ...FLOW, code: 'AMB', segments: [{ code: 'a', labels: L('a', 'a'), options: [{ code: '1', labels: L('1', '1') }, { code: '12', labels: L('12', '12') }] }, { code: 'b', labels: L('b', 'b'), options: [{ code: '2X', labels: L('2X', '2X') }, { code: 'X', labels: L('X', 'X') }] }], rules: [], parameters: [] };
    const r = await s.request('PUT', '/api/configurator/templates/AMB', ambiguous);
    assert.equal(r.status, 422);
    assert.match(r.body.error.details[0].path, /^\/segments\/[01]\/options\/\d\/code$/);
    assert.match(r.body.error.details[0].message, /AMB12X/);
    const broken = await s.request('PUT', '/api/configurator/templates/BRK', { ...FLOW, code: 'OTHER', tiers: { mode: 'range', steps: [{ min: 3, percent: '1' }, { min: 2, percent: '1' }] }, rules: [{ code: 'x', kind: 'availability', when: { '==': [{ var: 'colour' }, 'red'] }, message: L('m', 'm') }] });
    assert.equal(broken.status, 422);
    const paths = broken.body.error.details.map((d: { path: string }) => d.path);
    for (const p of ['/code', '/tiers/steps/1/min', '/rules/0', '/rules/0/when/==/0/var']) assert.ok(paths.includes(p), `${p} in ${paths.join(', ')}`);
    assert.equal(await templates(), before);
    assert.equal((await s.request('GET', '/api/configurator/templates/AMB')).status, 404);
  });

  it('checks a template written through the records API the same way, at /document/…', async () => {
    const r = await s.request('POST', '/api/records/configurator_template', { code: 'REC', name: '记录', document: { ...FLOW, code: 'REC', rules: [{ code: 'x', kind: 'alert', when: { '==': [{ var: 'size' }, '999'] }, message: L('m', 'm') }] } });
    assert.equal(r.status, 422);
    assert.ok(r.body.error.details.some((d: { path: string }) => d.path === '/document/rules/0/when/==/1'), JSON.stringify(r.body));
    const ok = await s.request('POST', '/api/records/configurator_template', { code: 'REC', name: '记录', document: { ...FLOW, code: 'REC' } });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal((await s.request('GET', '/api/configurator/templates/REC')).body.version, 1);
  });

  it("loads the instrument plugin's example templates from its seed like any records, and decodes a real 3051 code", async () => {
    const doc = JSON.parse(readFileSync(new URL('../../plugins/instrument-selection/seed/demo.json', import.meta.url), 'utf8')) as SeedDocument;
    const only = { records: { configurator_template: doc.records.configurator_template! } };
    await seedRecords(systemContext(s.db, s.tenant, s.model), only, 'plugins/instrument-selection/seed/demo.json');
    const r = await s.request('POST', '/api/configurator/decode', { model_code: '3051CD2A22A1AB4M5' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.choices, { type: 'D', range: '2', output: 'A', flange: '2', diaphragm: '2', oring: 'A', fill: '1', housing: 'A', options: ['B4', 'M5'] });
    assert.equal(r.body.list_price, 6800 + 450 + 680);
    assert.equal((await s.request('GET', '/api/configurator/templates/TT644')).body.code, 'TT644');
  });
});
