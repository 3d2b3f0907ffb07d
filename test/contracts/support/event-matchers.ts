import { MatchersV3 } from '@pact-foundation/pact';

const { boolean, decimal, eachLike, integer, isMatcher, regex, string, uuid } = MatchersV3;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_UTC = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$';

/** A closed set of words, as a consumer that switches on them needs them. */
export const oneOf = (values: readonly string[], example: string = values[0]!) =>
  regex(`^(${values.map((v) => v.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('|')})$`, example);

/**
 * Turns an example into Pact matchers: what a consumer relies on is the shape and the kind of
 * each value, not the example's values. UUIDs and UTC timestamps are matched by format; values
 * that are already matchers are kept; `null` stays literal (Pact cannot say "string or null").
 */
export function shapeOf(value: unknown): unknown {
  if (isMatcher(value)) return value;
  if (value === null) return null;
  if (typeof value === 'string') {
    if (UUID.test(value)) return uuid(value);
    if (new RegExp(ISO_UTC).test(value)) return regex(ISO_UTC, value);
    return string(value);
  }
  if (typeof value === 'number') return Number.isInteger(value) ? integer(value) : decimal(value);
  if (typeof value === 'boolean') return boolean(value);
  if (Array.isArray(value)) return value.length > 0 ? eachLike(shapeOf(value[0])) : [];
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)]));
  }
  throw new Error(`No matcher for ${typeof value}`);
}

/**
 * The envelope as a consumer reads it: `type` and `schemaVersion` are exact (they route the
 * message to its handler and pick its schema), everything else matches by shape.
 */
export function envelopeShape(envelope: {
  type: string;
  schemaVersion: number;
  causationId: string | null;
  [field: string]: unknown;
}) {
  const { type, schemaVersion, ...rest } = envelope;
  return { ...(shapeOf(rest) as object), type, schemaVersion };
}
