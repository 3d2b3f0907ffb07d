import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSProtocolError } from 'kafkajs';
import { isPermanentRefusal } from '../publish-refusal';

const protocolError = (type: string, retriable: boolean) =>
  new KafkaJSProtocolError({ type, code: 0, retriable, message: type } as never);

describe('isPermanentRefusal', () => {
  it.each(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'TOPIC_AUTHORIZATION_FAILED', 'POLICY_VIOLATION'])(
    'is true when the broker answers %s, also wrapped by kafkajs',
    (type) => {
      expect(isPermanentRefusal(protocolError(type, false))).toBe(true);
      // What kafkajs' retrier rejects with when it gives up at once: the answer is the cause.
      const wrapped = Object.assign(new KafkaJSNonRetriableError(protocolError(type, false)), {
        cause: protocolError(type, false),
      });
      expect(isPermanentRefusal(wrapped)).toBe(true);
    },
  );

  it('is false for a broker that is away, slow or electing a leader', () => {
    expect(isPermanentRefusal(new KafkaJSConnectionError('Connection error'))).toBe(false);
    expect(isPermanentRefusal(protocolError('NOT_LEADER_FOR_PARTITION', true))).toBe(false);
    expect(isPermanentRefusal(protocolError('REQUEST_TIMED_OUT', true))).toBe(false);
    expect(isPermanentRefusal(new Error('anything else'))).toBe(false);
  });
});
