import { DialogEntity } from '@actionhub/contracts';
import { checkEntities } from '../entity-values';

const entities: DialogEntity[] = [
  {
    name: 'contentType',
    type: 'string',
    prompt: 'Page or blog post?',
    required: true,
    enum: ['page', 'blogpost'],
  },
  { name: 'spaceKey', type: 'string', prompt: 'Which space?', required: true },
  { name: 'count', type: 'number', prompt: 'How many?', required: false },
];

describe('entity values', () => {
  it('lists missing required entities in order, and fills optional ones with nothing', () => {
    const { missing, values } = checkEntities(entities, { spaceKey: '  ' });
    expect(missing.map((e) => e.name)).toEqual(['contentType', 'spaceKey']);
    expect(values).toEqual({ count: '' });
  });

  it('matches enum values loosely ("Blog post" is blogpost) and refuses others', () => {
    expect(checkEntities(entities, { contentType: 'Blog post', spaceKey: 'DEV' }).values.contentType).toBe(
      'blogpost',
    );
    expect(
      checkEntities(entities, { contentType: 'wiki', spaceKey: 'DEV' }).missing.map((e) => e.name),
    ).toEqual(['contentType']);
  });

  it('reads numbers', () => {
    expect(checkEntities(entities, { contentType: 'page', spaceKey: 'DEV', count: '3' }).values.count).toBe(
      3,
    );
  });
});
