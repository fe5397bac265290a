// Only the tenant admin's layer may override or archive fields defined elsewhere: a plugin's extension that tries is
// refused at its file and pointer, while the same document in the admin layer changes the field.
import assert from 'node:assert/strict';
import { loadModel, type MetadataSource } from '../../engine/metadata/index.ts';
import { PROJECT_ROOT } from '../helpers/plugin-root.ts';

const core: MetadataSource = { dir: `${PROJECT_ROOT}metadata` };
const relabel = { extends: 'customer', overrides: { industry: { labels: { 'zh-CN': '行业', en: 'Sector' } } } };

describe('metadata/field overrides: the admin layer only', () => {
  it('refuses a plugin overriding a core field, at the plugin file and /overrides', () => {
    const plugin: MetadataSource = { docs: { extensions: [{ file: 'plugins/acme/metadata/extensions/customer.json', json: relabel }] }, plugin: { name: 'acme', prefix: 'acme' } };
    const { model, problems } = loadModel([core, plugin], PROJECT_ROOT);
    assert.equal(model, undefined);
    assert.deepEqual(problems.map((p) => [p.file, p.pointer]), [['plugins/acme/metadata/extensions/customer.json', '/overrides']]);
  });

  it('applies the same override from the admin layer', () => {
    const admin: MetadataSource = { docs: { extensions: [{ file: 'admin:extensions/customer', json: relabel }] }, dormantExtensions: true, admin: true };
    const { model, problems } = loadModel([core, admin], PROJECT_ROOT);
    assert.deepEqual(problems, []);
    assert.equal(model!.entities.get('customer')!.fields.get('industry')!.labels['zh-CN'], '行业');
  });
});
