import { LogCapture } from '../../__tests__/support/test-app';
import { currentCorrelation, runWithCorrelation } from '../correlation-context';
import { createLogger } from '../create-logger';

describe('correlation context', () => {
  it('puts the correlation id (and the event id) on every line logged inside it, across awaits', async () => {
    const capture = new LogCapture();
    const logger = createLogger({ service: 'dialogs', destination: capture });
    await runWithCorrelation({ correlationId: 'corr-1', eventId: 'evt-1' }, async () => {
      logger.info('before');
      await new Promise((resolve) => setTimeout(resolve, 5));
      logger.child({ component: 'x' }).warn('after an await, from a child');
    });
    logger.info('outside');
    const [before, after, outside] = capture.entries();
    expect(before).toMatchObject({ correlationId: 'corr-1', eventId: 'evt-1', msg: 'before' });
    expect(after).toMatchObject({ correlationId: 'corr-1', component: 'x' });
    expect(outside).not.toHaveProperty('correlationId');
  });

  it('does not repeat an id a child logger already binds (request loggers)', () => {
    const capture = new LogCapture();
    const logger = createLogger({ service: 'dialogs', destination: capture });
    runWithCorrelation({ correlationId: 'corr-2' }, () =>
      logger.child({ correlationId: 'corr-2' }).info('once'),
    );
    expect(capture.text.match(/corr-2/g)).toHaveLength(1);
  });

  it('is empty outside any request or event', () => {
    expect(currentCorrelation()).toBeUndefined();
  });
});
