import { lookup, PATH_SOURCE, Scope } from './placeholders';

/*
 * Edge conditions: `<path> <op> <value>`, for example `space.results.length == 0` or
 * `entities.contentType != "page"`. The value is a JSON literal, or a bare word read as a string;
 * `== null` holds when the path reads nothing.
 */

const CONDITION = new RegExp(`^\\s*(${PATH_SOURCE})\\s*(==|!=|>=|<=|>|<)\\s*(.+?)\\s*$`);

export interface Condition {
  path: string;
  op: '==' | '!=' | '>=' | '<=' | '>' | '<';
  value: unknown;
}

export function parseCondition(text: string): Condition | undefined {
  const match = CONDITION.exec(text);
  if (!match) return undefined;
  let value: unknown = match[3];
  try {
    value = JSON.parse(match[3]);
  } catch {
    // a bare word: compare as a string
  }
  return { path: match[1], op: match[2] as Condition['op'], value };
}

export function holds(condition: Condition, scope: Scope): boolean {
  const left = lookup(scope, condition.path);
  const right = condition.value;
  // `== null` also holds for nothing at all (a missing field, no element chosen from a list).
  const same =
    left === right ||
    (right === null && left === undefined) ||
    (left !== undefined && left !== null && String(left) === String(right));
  switch (condition.op) {
    case '==':
      return same;
    case '!=':
      return !same;
    default: {
      const [a, b] = [Number(left), Number(right)];
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return condition.op === '>'
        ? a > b
        : condition.op === '<'
          ? a < b
          : condition.op === '>='
            ? a >= b
            : a <= b;
    }
  }
}
