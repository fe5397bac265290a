import { strict as assert } from 'node:assert';
import { linkKey, relatableEntities, relatedLinks, unlessRelatedOf } from '../../ui/src/admin/flow-related.ts';

describe('flow designer: the related records that keep a timer from acting (unlessRelated)', () => {
  const references = new Map([
    ['quote', [{ field: 'customer', target: 'customer' }, { field: 'opportunity', target: 'opportunity' }]],
    ['activity', [{ field: 'customer', target: 'customer' }, { field: 'quote', target: 'quote' }, { field: 'contact', target: 'contact' }]],
    ['contact', [{ field: 'customer', target: 'customer' }]],
    ['product', []],
  ]);

  it('relates a record pointing at the record itself, or at what one of its ref fields points at', () => {
    assert.deepEqual(relatedLinks('quote', references.get('quote')!, references.get('activity')!), [{ field: 'customer', via: 'customer' }, { field: 'quote' }]);
    assert.deepEqual(relatedLinks('quote', references.get('quote')!, references.get('product')!), []);
  });

  it('lists only the entities that can relate in one of those ways', () => {
    assert.deepEqual(relatableEntities('quote', references), ['quote', 'activity', 'contact']);
    assert.deepEqual(relatableEntities('product', references), []);
  });

  it('keeps a way as a select value and reads it back into the document the engine reads', () => {
    for (const link of [{ field: 'customer', via: 'customer' }, { field: 'quote' }]) {
      assert.deepEqual(unlessRelatedOf('activity', linkKey(link)), { entity: 'activity', ...link });
    }
    assert.equal(linkKey({ field: 'customer', via: 'customer' }), 'customer@customer');
  });
});
