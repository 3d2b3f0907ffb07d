import { holds, parseCondition } from '../conditions';
import { lookup, MissingValueError, placeholdersIn, render, renderValue } from '../placeholders';

const scope = {
  entities: { spaceKey: 'DEV', title: 'A & B' },
  space: { results: [{ id: '42' }], _links: { base: 'https://acme.atlassian.net/wiki' } },
};

describe('placeholders', () => {
  it('lists the paths a template reads', () => {
    expect(placeholdersIn('{{entities.spaceKey}} and {{ space.results.0.id }}')).toEqual([
      'entities.spaceKey',
      'space.results.0.id',
    ]);
  });

  it('reads properties, indexes and lengths', () => {
    expect(lookup(scope, 'space.results.0.id')).toBe('42');
    expect(lookup(scope, 'space.results.length')).toBe(1);
    expect(lookup(scope, 'space.nothing.here')).toBeUndefined();
  });

  it('renders text, encoding values where asked (URL paths)', () => {
    expect(render('/spaces/{{space.results.0.id}}/pages', scope)).toBe('/spaces/42/pages');
    expect(render('/x/{{entities.title}}', scope, encodeURIComponent)).toBe('/x/A%20%26%20B');
  });

  it('keeps the type of a value that is a whole placeholder, and fails on a missing one', () => {
    expect(renderValue({ id: '{{space.results.0.id}}', n: '{{space.results.length}}' }, scope)).toEqual({
      id: '42',
      n: 1,
    });
    expect(() => render('{{space.results.1.id}}', scope)).toThrow(MissingValueError);
  });

  it('adds a whole number to an integer it reads, keeping it a number', () => {
    const page = { page: { version: { number: 3 }, title: 'T' } };
    expect(renderValue({ number: '{{page.version.number + 1}}' }, page)).toEqual({ number: 4 });
    expect(render('v{{ page.version.number+2 }}', page)).toBe('v5');
    expect(placeholdersIn('{{page.version.number + 1}}')).toEqual(['page.version.number']);
    expect(() => renderValue('{{page.title + 1}}', page)).toThrow(/not a whole number/);
    expect(() => renderValue('{{page.missing + 1}}', page)).toThrow(MissingValueError);
  });
});

describe('choosing from a list by a field', () => {
  const moves = {
    entities: { transitionName: ' done ', other: 'Nope' },
    transitions: {
      transitions: [
        { id: '11', name: 'To Do', to: { name: 'To Do' } },
        { id: '31', name: 'Done', to: { name: 'Done' } },
      ],
    },
  };
  const chosen = 'transitions.transitions[name=entities.transitionName]';

  it('reads the element whose field equals the value of a path, ignoring case and spaces', () => {
    expect(placeholdersIn(`{{${chosen}.id}}`)).toEqual([`${chosen}.id`]);
    expect(render(`{{${chosen}.id}} to {{${chosen}.to.name}}`, moves)).toBe('31 to Done');
  });

  it('reads nothing when no element matches, which `== null` tells', () => {
    const none = 'transitions.transitions[name=entities.other].id';
    expect(lookup(moves, none)).toBeUndefined();
    expect(holds(parseCondition(`${none} == null`)!, moves)).toBe(true);
    expect(holds(parseCondition(`${chosen}.id == null`)!, moves)).toBe(false);
    expect(() => render(`{{${none}}}`, moves)).toThrow(MissingValueError);
  });
});

describe('conditions', () => {
  it('compares a path with a literal', () => {
    expect(holds(parseCondition('space.results.length == 0')!, scope)).toBe(false);
    expect(holds(parseCondition('space.results.length > 0')!, scope)).toBe(true);
    expect(holds(parseCondition('entities.spaceKey == "DEV"')!, scope)).toBe(true);
    expect(holds(parseCondition('entities.spaceKey != DEV')!, scope)).toBe(false);
  });

  it('refuses what it cannot read', () => {
    expect(parseCondition('space is empty')).toBeUndefined();
  });
});
