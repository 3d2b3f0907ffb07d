import { JsonValue } from '@actionhub/contracts';

/*
 * The placeholder syntax of dialog definitions: `{{entities.spaceKey}}` reads an entity,
 * `{{space.results.0.id}}` reads the answer a service node stored under its outputKey. Path
 * segments are property names or array indexes (`length` works on lists), or a choice from a
 * list: `[name=entities.transitionName]` is the first element whose `name` equals the value that
 * path reads, compared case-insensitively (people type names), so
 * `{{transitions.transitions[name=entities.transitionName].id}}` is the id of the one named.
 * A path may add a whole number to the integer it reads: `{{page.version.number + 1}}` (the next
 * version of a page, which a page update may ask for).
 */

/** A path, as text: `root(.segment | [field=path])*`. */
export const PATH_SOURCE =
  '[A-Za-z][A-Za-z0-9_-]*(?:\\.[A-Za-z0-9_-]+|\\[[A-Za-z0-9_-]+=[A-Za-z][A-Za-z0-9_.-]*\\])*';
const ADDEND = '(?:\\s*\\+\\s*(\\d{1,6}))?';
const PLACEHOLDER = new RegExp(`\\{\\{\\s*(${PATH_SOURCE})${ADDEND}\\s*\\}\\}`, 'g');
const WHOLE = new RegExp(`^\\{\\{\\s*(${PATH_SOURCE})${ADDEND}\\s*\\}\\}$`);
const SEGMENT = /([A-Za-z0-9_-]+)|\[([A-Za-z0-9_-]+)=([A-Za-z][A-Za-z0-9_.-]*)\]/g;

export type Scope = Record<string, unknown>;

/** A placeholder with no value when a run needs it. */
export class MissingValueError extends Error {
  override readonly name = 'MissingValueError';
}

export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/** Every placeholder path in a JSON value (request bodies, queries). */
export function placeholdersInValue(value: unknown): string[] {
  if (typeof value === 'string') return placeholdersIn(value);
  if (Array.isArray(value)) return value.flatMap(placeholdersInValue);
  if (value && typeof value === 'object') return Object.values(value).flatMap(placeholdersInValue);
  return [];
}

/** The paths a path reads besides itself: those of its `[field=path]` choices. */
export function innerPaths(path: string): string[] {
  return [...path.matchAll(SEGMENT)].flatMap((m) => (m[3] ? [m[3]] : []));
}

export function lookup(scope: Scope, path: string): unknown {
  let current: unknown = scope;
  for (const [, segment, field, wantedPath] of path.matchAll(SEGMENT)) {
    if (current === null || current === undefined) return undefined;
    if (field !== undefined) {
      if (!Array.isArray(current)) return undefined;
      const wanted = lookup(scope, wantedPath);
      if (wanted === undefined || wanted === null) return undefined;
      const same = (v: unknown) => String(v).trim().toLowerCase() === String(wanted).trim().toLowerCase();
      current = current.find(
        (item) => item !== null && typeof item === 'object' && same((item as Record<string, unknown>)[field]),
      );
      continue;
    }
    if (typeof current !== 'object' && !(typeof current === 'string' && segment === 'length'))
      return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The value a placeholder reads, plus its addend when it has one (which needs an integer). */
function valueOf(scope: Scope, path: string, addend: string | undefined): unknown {
  const value = lookup(scope, path);
  if (addend === undefined || value === undefined || value === null) return value;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new MissingValueError(`{{${path} + ${addend}}} reads ${textOf(value)}, not a whole number`);
  }
  return value + Number(addend);
}

/** Fills a text template; `encode` escapes each value (for URL paths). */
export function render(template: string, scope: Scope, encode: (s: string) => string = (s) => s): string {
  return template.replace(PLACEHOLDER, (_m, path: string, addend?: string) => {
    const value = valueOf(scope, path, addend);
    if (value === undefined || value === null) throw new MissingValueError(`{{${path}}} has no value`);
    return encode(textOf(value));
  });
}

/** Fills a JSON template; a string that is one placeholder keeps the value's own type. */
export function renderValue(value: JsonValue, scope: Scope): JsonValue {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) {
      const found = valueOf(scope, whole[1], whole[2]);
      if (found === undefined) throw new MissingValueError(`{{${whole[1]}}} has no value`);
      return found as JsonValue;
    }
    return render(value, scope);
  }
  if (Array.isArray(value)) return value.map((v) => renderValue(v, scope));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderValue(v, scope)]));
  }
  return value;
}
