import { lookup, Scope } from './placeholders';

/*
 * Edge conditions: `<path> <op> <value>`, for example `space.results.length == 0` or
 * `entities.contentType != "page"`. The value is a JSON literal, or a bare word read as a string.
 */

const CONDITION = /^\s*([A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*)\s*(==|!=|>=|<=|>|<)\s*(.+?)\s*$/;

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
  const same = left === right || (left !== undefined && left !== null && String(left) === String(right));
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
