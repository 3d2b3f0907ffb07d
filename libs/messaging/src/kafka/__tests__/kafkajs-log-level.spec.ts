import { logLevel } from 'kafkajs';
import { kafkajsLogLevel } from '../kafkajs-log-level';

// The lines a freshly started broker makes kafkajs print, copied from a real `npm start`.
const loading = "The coordinator is loading and hence can't process requests for this group";
const atStart = 1_000;
const later = 60_000;

describe('the level of a kafkajs log line', () => {
  it('is debug for answers kafkajs retries by itself (a broker that is still starting)', () => {
    for (const [message, error] of [
      ['Response InitProducerId(key: 22, version: 1)', loading],
      ['Response GroupCoordinator(key: 10, version: 2)', 'The group coordinator is not available'],
      [
        'Response Metadata(key: 3, version: 6)',
        'There is no leader for this topic-partition as we are in the middle of a leadership election',
      ],
    ]) {
      expect(kafkajsLogLevel(logLevel.ERROR, message!, { error }, atStart)).toBe('debug');
      expect(kafkajsLogLevel(logLevel.ERROR, message!, { error }, later)).toBe('debug');
    }
  });

  it('is debug for a consumer restarted after a transient crash at start-up, a warning later', () => {
    const crash = `Crash: KafkaJSProtocolError: ${loading}`;
    expect(kafkajsLogLevel(logLevel.ERROR, crash, {}, atStart)).toBe('debug');
    expect(kafkajsLogLevel(logLevel.ERROR, 'Restarting the consumer in 200ms', {}, atStart)).toBe('debug');
    expect(kafkajsLogLevel(logLevel.ERROR, crash, {}, later)).toBe('warn');
    const lostBroker = 'Crash: KafkaJSConnectionError: Connection error: connect ECONNREFUSED';
    expect(kafkajsLogLevel(logLevel.ERROR, lostBroker, {}, later)).toBe('warn');
  });

  it('stays an error for what kafkajs does not recover from, at any time', () => {
    const denied = 'Crash: KafkaJSProtocolError: Not authorized to access group: Group authorization failed';
    expect(kafkajsLogLevel(logLevel.ERROR, denied, {}, atStart)).toBe('error');
    const tooLarge = 'The request included a message larger than the max message size the server will accept';
    expect(
      kafkajsLogLevel(logLevel.ERROR, 'Response Produce(key: 0, version: 7)', { error: tooLarge }, atStart),
    ).toBe('error');
    expect(kafkajsLogLevel(logLevel.ERROR, 'Failed to send messages: boom', {}, later)).toBe('error');
  });

  it('keeps warnings as warnings, except the two known to be noise', () => {
    expect(kafkajsLogLevel(logLevel.WARN, 'KafkaJS v2.0.0 switched default partitioner', {}, atStart)).toBe(
      'warn',
    );
    const limiting = 'Limiting retries for the idempotent producer to Number.MAX_SAFE_INTEGER';
    expect(kafkajsLogLevel(logLevel.WARN, limiting, {}, later)).toBe('debug');
    const exists = 'Response CreateTopics(key: 19, version: 3)';
    expect(
      kafkajsLogLevel(logLevel.ERROR, exists, { error: 'Topic with this name already exists' }, later),
    ).toBe('debug');
  });
});
