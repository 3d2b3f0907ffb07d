// Broker answers that no retry changes: the record itself or this client's rights are the problem.
const PERMANENT_REFUSALS = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'POLICY_VIOLATION',
  'INVALID_TOPIC_EXCEPTION',
  'TOPIC_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
]);

/**
 * Whether a failed send was the broker refusing the records for good, rather than the broker
 * being away, slow or electing a leader (which every later attempt may cure). kafkajs puts the
 * broker's answer in `type`, on the error or on its cause.
 */
export function isPermanentRefusal(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const type = (e as { type?: unknown }).type;
    if (typeof type === 'string' && PERMANENT_REFUSALS.has(type)) return true;
  }
  return false;
}
