import { Content } from '../state/sandbox-model';
import { SandboxState } from '../state/sandbox-state';
import { RestRequestError } from '../rest/rest-dialect';

/**
 * The small part of CQL the sandbox understands, parsed and run honestly; anything else is a 400
 * saying so, never a silently wrong answer:
 *   type = page | blogpost
 *   space = KEY            (also space.key)
 *   label = "name"
 *   title ~ "words"        every word, case-insensitively (Confluence also stems words; the sandbox does not)
 *   text ~ "words"         the same over title, body and labels
 *   clause AND clause ...
 *   ORDER BY lastmodified | title [ASC | DESC], ...
 * Without ORDER BY the sandbox answers in creation order (Confluence ranks by relevance, which the
 * sandbox does not compute). Only current pages and blog posts are searched.
 */
type Field = 'type' | 'space' | 'label' | 'title' | 'text';
type SortField = 'lastmodified' | 'title';

interface Clause {
  field: Field;
  value: string;
}
interface Sort {
  field: SortField;
  desc: boolean;
}
export interface CqlQuery {
  clauses: Clause[];
  orderBy: Sort[];
}

const FIELDS: Record<string, { field: Field; op: '=' | '~' }> = {
  type: { field: 'type', op: '=' },
  space: { field: 'space', op: '=' },
  'space.key': { field: 'space', op: '=' },
  label: { field: 'label', op: '=' },
  title: { field: 'title', op: '~' },
  text: { field: 'text', op: '~' },
};
const SORTS: Record<string, SortField> = { lastmodified: 'lastmodified', title: 'title' };
const TYPES = ['page', 'blogpost'];

const SUPPORTED =
  'it supports type = page|blogpost, space (space.key) = KEY, label = "name", title ~ "words", ' +
  'text ~ "words", AND, and ORDER BY lastmodified or title';

const unsupported = (what: string) =>
  new RestRequestError(400, [`The Atlassian sandbox does not support ${what} in CQL; ${SUPPORTED}.`]);
/** What Confluence answers for CQL it cannot parse. */
const unparsable = (cql: string) => new RestRequestError(400, [`Could not parse cql : ${cql}`]);

interface Token {
  kind: 'word' | 'string' | 'op' | '(' | ')' | ',';
  text: string;
}

function tokenize(cql: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s+|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(!=|!~|>=|<=|=|~|>|<)|([(),])|([\w.\-@]+)/y;
  while (pattern.lastIndex < cql.length) {
    const m = pattern.exec(cql);
    if (!m) throw unparsable(cql);
    const quoted = m[1] ?? m[2];
    if (quoted !== undefined) tokens.push({ kind: 'string', text: quoted.replace(/\\(.)/g, '$1') });
    else if (m[3]) tokens.push({ kind: 'op', text: m[3] });
    else if (m[4]) tokens.push({ kind: m[4] as Token['kind'], text: m[4] });
    else if (m[5]) tokens.push({ kind: 'word', text: m[5] });
  }
  return tokens;
}

export function parseCql(cql: string): CqlQuery {
  const tokens = tokenize(cql);
  let i = 0;
  const isWord = (t: Token | undefined, word: string) => t?.kind === 'word' && t.text.toLowerCase() === word;
  const isValue = (t: Token | undefined) => t?.kind === 'word' || t?.kind === 'string';

  const clause = (): Clause => {
    const t = tokens[i++];
    if (t?.kind === '(') throw unsupported('parentheses');
    if (isWord(t, 'not')) throw unsupported('NOT');
    if (!isValue(t)) throw unparsable(cql);
    const known = FIELDS[t.text.toLowerCase()];
    if (!known) throw unsupported(`the field '${t.text}'`);
    const o = tokens[i++];
    if (isWord(o, 'in') || isWord(o, 'not')) throw unsupported(`the operator '${o.text.toUpperCase()}'`);
    if (o?.kind !== 'op') throw unparsable(cql);
    if (o.text !== known.op) throw unsupported(`'${t.text} ${o.text}' (only ${t.text} ${known.op})`);
    const v = tokens[i++];
    if (!isValue(v)) throw unparsable(cql);
    if (v.kind === 'word' && tokens[i]?.kind === '(') throw unsupported(`the function '${v.text}()'`);
    const clause = { field: known.field, value: v.text };
    if (clause.field === 'type' && !TYPES.includes(clause.value.toLowerCase())) {
      throw unsupported(`type = ${clause.value} (only page and blogpost)`);
    }
    if (known.op === '~' && /["*?]/.test(clause.value)) throw unsupported('phrases and wildcards');
    return clause;
  };

  const clauses: Clause[] = [];
  if (i < tokens.length && !isWord(tokens[i], 'order')) {
    clauses.push(clause());
    while (i < tokens.length && !isWord(tokens[i], 'order')) {
      if (isWord(tokens[i], 'or')) throw unsupported('OR');
      if (isWord(tokens[i], 'not')) throw unsupported('NOT');
      if (!isWord(tokens[i], 'and')) throw unparsable(cql);
      i++;
      clauses.push(clause());
    }
  }
  if (clauses.length === 0) throw unparsable(cql);
  const orderBy: Sort[] = [];
  if (isWord(tokens[i], 'order')) {
    i++;
    if (!isWord(tokens[i++], 'by')) throw unparsable(cql);
    do {
      if (orderBy.length) i++;
      const t = tokens[i++];
      if (!isValue(t)) throw unparsable(cql);
      const field = SORTS[t.text.toLowerCase()];
      if (!field) throw unsupported(`ORDER BY ${t.text}`);
      const direction = isWord(tokens[i], 'asc') || isWord(tokens[i], 'desc') ? tokens[i++].text : 'asc';
      orderBy.push({ field, desc: direction.toLowerCase() === 'desc' });
    } while (tokens[i]?.kind === ',');
  }
  if (i < tokens.length) throw unparsable(cql);
  return { clauses, orderBy };
}

/** The current pages and blog posts of one site the query selects, in its order. */
export function runCql(state: SandboxState, cloudId: string, query: CqlQuery): Content[] {
  const matched = [...state.contents.values()].filter(
    (c) => c.cloudId === cloudId && c.status === 'current' && query.clauses.every((q) => holds(state, c, q)),
  );
  return matched.sort((a, b) => compare(a, b, query.orderBy));
}

function holds(state: SandboxState, content: Content, clause: Clause): boolean {
  const v = clause.value.toLowerCase();
  switch (clause.field) {
    case 'type':
      return content.kind === v;
    case 'space':
      return state.spaces.get(content.spaceId)?.key.toLowerCase() === v;
    case 'label':
      return content.labels.includes(v);
    case 'title':
      return hasEveryWord(content.title, v);
    case 'text':
      return hasEveryWord([content.title, plainText(content.bodyStorage), ...content.labels].join(' '), v);
  }
}

function hasEveryWord(text: string, words: string): boolean {
  const haystack = text.toLowerCase();
  const list = words.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return list.length > 0 && list.every((w) => haystack.includes(w));
}

/** A storage-format body as the words a reader sees. */
export function plainText(storage: string): string {
  return storage
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

function compare(a: Content, b: Content, order: Sort[]): number {
  for (const { field, desc } of order) {
    const [x, y] =
      field === 'title'
        ? [a.title.toLowerCase(), b.title.toLowerCase()]
        : [a.versionCreatedAt, b.versionCreatedAt];
    const d = x < y ? -1 : x > y ? 1 : 0;
    if (d !== 0) return desc ? -d : d;
  }
  // Ties keep creation order, in the direction of the first sort.
  const d = Number(a.id) - Number(b.id);
  return order[0]?.desc ? -d : d;
}
