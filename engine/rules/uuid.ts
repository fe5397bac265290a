// Reference and system id fields hold uuids: in records, the canonical lowercase text PostgreSQL writes for them.

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Whether the value is a uuid exactly as records carry it ('0b5c…-…', lowercase, with hyphens). Any other value
 * can never equal a stored uuid in JavaScript: not other text (an upper-case or unhyphenated spelling included), and
 * not a number or boolean either (loose == turns the uuid into NaN, because of its hyphens).
 */
export function isCanonicalUuid(value: unknown): value is string {
  return typeof value === 'string' && CANONICAL_UUID.test(value);
}
