import assert from 'node:assert/strict';
import { accountThrottleKey, ipThrottleKey, normaliseUsername } from '../../../engine/access/auth/index.ts';

describe('access/auth/throttle-keys', () => {
  it('normalises usernames by trimming and lower-casing, and hashes them into the account key', () => {
    assert.equal(normaliseUsername('  Zhang.Wei '), 'zhang.wei');
    assert.equal(accountThrottleKey('  Zhang.Wei '), accountThrottleKey('zhang.wei'));
    assert.notEqual(accountThrottleKey('zhang.wei'), accountThrottleKey('zhang.wei2'));
    assert.match(accountThrottleKey('Secret-typed-as-username'), /^account:[0-9a-f]{64}$/);
  });

  it('keys IPv4 by address, also when written IPv4-mapped', () => {
    assert.equal(ipThrottleKey('203.0.113.7'), 'ip:203.0.113.7');
    assert.equal(ipThrottleKey('::ffff:203.0.113.7'), 'ip:203.0.113.7');
  });

  it('keys IPv6 by its /64, however the address is written', () => {
    const key = 'ip:2001:db8:0:1::/64';
    assert.equal(ipThrottleKey('2001:db8:0:1::1'), key);
    assert.equal(ipThrottleKey('2001:0DB8:0000:0001:ffff:0:0:2'), key);
    assert.equal(ipThrottleKey('[2001:db8:0:1:a:b:c:d]'), key);
    assert.equal(ipThrottleKey('2001:db8:0:1::1.2.3.4'), key);
    assert.notEqual(ipThrottleKey('2001:db8:0:2::1'), key);
    assert.equal(ipThrottleKey('::1'), 'ip:0:0:0:0::/64');
  });

  it('has no IP key without an address, and one key per distinct value for garbage', () => {
    assert.equal(ipThrottleKey(undefined), undefined);
    assert.equal(ipThrottleKey('  '), undefined);
    assert.match(ipThrottleKey('not an address')!, /^ip:other:[0-9a-f]{32}$/);
    assert.notEqual(ipThrottleKey('garbage-1'), ipThrottleKey('garbage-2'));
  });
});
