import { z } from 'zod';
import { parseInput } from '../parse-input';
import { ProblemException } from '../problem.exception';

describe('parseInput', () => {
  const schema = z.object({ limit: z.coerce.number().int().max(100) });

  it('returns the parsed value', () => {
    expect(parseInput(schema, { limit: '20' }, 'query')).toEqual({ limit: 20 });
  });

  it('throws a 400 validation_failed problem with paths under the location', () => {
    let thrown: unknown;
    try {
      parseInput(schema, { limit: '500' }, 'query');
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(ProblemException);
    const problem = (thrown as ProblemException).problem;
    expect(problem).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(problem.errors).toEqual([{ path: 'query.limit', message: expect.stringContaining('100') }]);
  });
});
