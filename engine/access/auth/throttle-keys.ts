// Keys of the login throttle: one per account (hashed normalised username) and one per client network (IP).
import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/** Trimmed and lower-cased, so "Zhang.Wei " and "zhang.wei" share one failure counter. */
export function normaliseUsername(username: string): string {
  return username.normalize('NFKC').trim().toLowerCase();
}

/**
 * People sometimes type their password into the username field; hashing keeps such a string out of the table in
 * clear while still letting an administrator find the key for a given username.
 */
export function accountThrottleKey(username: string): string {
  return 'account:' + createHash('sha256').update(normaliseUsername(username)).digest('hex');
}

/**
 * IPv4 addresses (also written IPv4-mapped, `::ffff:1.2.3.4`) key as themselves; IPv6 addresses key by their /64,
 * because one client usually holds a whole /64 and could otherwise rotate through addresses to dodge the limit.
 * Undefined when there is no address at all (e.g. a local CLI): then only the account is throttled.
 */
export function ipThrottleKey(ip: string | undefined): string | undefined {
  const address = ip?.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!address) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return 'ip:' + mapped[1];
  if (isIPv4(address)) return 'ip:' + address;
  // Not an address (a misconfigured proxy header?): still one counter per distinct value, never a free pass.
  if (!isIPv6(address)) return 'ip:other:' + createHash('sha256').update(address).digest('hex').slice(0, 32);
  return 'ip:' + expandIpv6(address).slice(0, 4).join(':') + '::/64';
}

// Eight 16-bit groups, without leading zeros; handles `::` and a trailing embedded IPv4 address.
function expandIpv6(address: string): string[] {
  let text = address;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, v4.index) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16);
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((g) => parseInt(g, 16).toString(16));
}
