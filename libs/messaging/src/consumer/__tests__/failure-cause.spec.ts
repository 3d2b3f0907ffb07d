import { KafkaJSConnectionError, KafkaJSProtocolError } from 'kafkajs';
import { QueryFailedError } from 'typeorm';
import { failureCause } from '../failure-cause';

const pgError = (code: string, message = 'boom') => Object.assign(new Error(message), { code });
const queryFailed = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('failureCause', () => {
  it.each([
    ['a serialization failure', '40001'],
    ['a deadlock', '40P01'],
    ['a lock timeout', '55P03'],
    ['a write to a demoted primary', '25006'],
    ['a server shutting down', '57P01'],
    ['too many connections', '53300'],
    ['a broken connection', '08006'],
  ])('blames PostgreSQL for %s, even inside the handler', (_what, code) => {
    expect(failureCause(queryFailed(pgError(code)), true)).toBe('postgres');
  });

  it('blames PostgreSQL for a connection that dropped under a query', () => {
    expect(failureCause(queryFailed(new Error('Connection terminated unexpectedly')), true)).toBe('postgres');
    expect(failureCause(queryFailed(pgError('ECONNRESET', 'read ECONNRESET')), true)).toBe('postgres');
  });

  it('blames PostgreSQL for a pool that could not hand out a connection', () => {
    expect(failureCause(new Error('timeout exceeded when trying to connect'), false)).toBe('postgres');
    expect(failureCause(pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'), false)).toBe(
      'postgres',
    );
  });

  it('blames the handler for what its own code or SQL got wrong', () => {
    expect(failureCause(queryFailed(pgError('23505', 'duplicate key value')), true)).toBe('handler');
    expect(failureCause(queryFailed(pgError('42P01', 'relation does not exist')), true)).toBe('handler');
    expect(failureCause(new TypeError("Cannot read properties of undefined (reading 'id')"), true)).toBe(
      'handler',
    );
    // A refused HTTP call is not the database's connection.
    const fetchFailed = new TypeError('fetch failed', { cause: pgError('ECONNREFUSED') });
    expect(failureCause(fetchFailed, true)).toBe('handler');
  });

  it('blames Kafka for a broker error, e.g. while parking a message', () => {
    expect(failureCause(new KafkaJSConnectionError('Connection error'), false)).toBe('kafka');
    const refused = new KafkaJSProtocolError({
      type: 'NOT_LEADER_FOR_PARTITION',
      code: 6,
      retriable: true,
      message: 'x',
    } as never);
    expect(failureCause(refused, false)).toBe('kafka');
  });
});
