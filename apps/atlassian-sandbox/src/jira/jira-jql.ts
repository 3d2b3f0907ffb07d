import { JiraIssue } from '../state/sandbox-model';
import { SandboxState } from '../state/sandbox-state';
import { RestRequestError } from '../rest/rest-dialect';
import { projectOf, statusOf } from './jira-store';

/**
 * The small part of JQL the sandbox understands, parsed and run honestly; anything else is a 400
 * in Jira's error shape saying so, never a silently wrong answer:
 *   project, key (issuekey, id), status, issuetype (type)  with  =  !=  IN (...)  NOT IN (...)
 *   summary ~ "words"        (every word, case-insensitively)
 *   clause AND clause ...
 *   ORDER BY created | updated | key | summary [ASC | DESC], ...   (default: newest first)
 */
type Field = 'project' | 'key' | 'status' | 'issuetype' | 'summary';
type Operator = '=' | '!=' | 'in' | 'not in' | '~';
type SortField = 'created' | 'updated' | 'key' | 'summary';

interface Clause {
  field: Field;
  op: Operator;
  values: string[];
}
interface Sort {
  field: SortField;
  desc: boolean;
}
export interface JqlQuery {
  clauses: Clause[];
  orderBy: Sort[];
}

const FIELDS: Record<string, Field> = {
  project: 'project',
  key: 'key',
  issuekey: 'key',
  id: 'key',
  status: 'status',
  issuetype: 'issuetype',
  type: 'issuetype',
  summary: 'summary',
};
const SORTS: Record<string, SortField> = {
  created: 'created',
  createddate: 'created',
  updated: 'updated',
  updateddate: 'updated',
  key: 'key',
  issuekey: 'key',
  summary: 'summary',
};
/** Jira fields the sandbox knows exist but does not search: refused as unsupported, not as unknown. */
const JIRA_FIELDS = new Set(
  'assignee reporter creator labels priority resolution resolutiondate created updated duedate text description comment environment component fixversion affectedversion parent sprint statuscategory watcher voter worklogdate lastviewed due category filter attachments labels'.split(
    ' ',
  ),
);

const SUPPORTED =
  'it supports project, key (issuekey), status and issuetype (type) with =, !=, IN and NOT IN, ' +
  'summary ~ "text", AND, and ORDER BY created, updated, key or summary';

const unsupported = (what: string) =>
  new RestRequestError(400, [`The Atlassian sandbox does not support ${what} in JQL; ${SUPPORTED}.`]);
const syntax = (detail: string, at: number) =>
  new RestRequestError(400, [`Error in the JQL Query: ${detail} (line 1, character ${at + 1})`]);

interface Token {
  kind: 'word' | 'string' | 'op' | '(' | ')' | ',';
  text: string;
  at: number;
}

function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s+|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(!=|!~|>=|<=|=|~|>|<)|([(),])|([\w.\-@]+)/y;
  while (pattern.lastIndex < jql.length) {
    const at = pattern.lastIndex;
    const m = pattern.exec(jql);
    if (!m) {
      throw syntax(
        `The character '${jql[at]}' is a reserved JQL character. You must enclose it in a string or use the escape '\\u${jql.charCodeAt(at).toString(16).padStart(4, '0')}' instead.`,
        at,
      );
    }
    const quoted = m[1] ?? m[2];
    if (quoted !== undefined) tokens.push({ kind: 'string', text: quoted.replace(/\\(.)/g, '$1'), at });
    else if (m[3]) tokens.push({ kind: 'op', text: m[3], at });
    else if (m[4]) tokens.push({ kind: m[4] as Token['kind'], text: m[4], at });
    else if (m[5]) tokens.push({ kind: 'word', text: m[5], at });
  }
  return tokens;
}

export function parseJql(jql: string): JqlQuery {
  const tokens = tokenize(jql);
  let i = 0;
  const peek = () => tokens[i];
  const isWord = (t: Token | undefined, word: string) => t?.kind === 'word' && t.text.toLowerCase() === word;
  const end = jql.length;
  const clauses: Clause[] = [];

  const value = (): string => {
    const t = tokens[i++];
    if (!t || (t.kind !== 'word' && t.kind !== 'string')) {
      throw syntax(`Expecting either a value, list or function but got '${t?.text ?? 'EOF'}'.`, t?.at ?? end);
    }
    if (t.kind === 'word' && peek()?.kind === '(') throw unsupported(`the function '${t.text}()'`);
    if (t.kind === 'word' && ['empty', 'null'].includes(t.text.toLowerCase())) throw unsupported('EMPTY');
    return t.text;
  };

  const clause = (): Clause => {
    const t = tokens[i++];
    if (t?.kind === '(') throw unsupported('parentheses');
    if (isWord(t, 'not')) throw unsupported('NOT');
    if (!t || (t.kind !== 'word' && t.kind !== 'string')) {
      throw syntax(`Expecting a field name but got '${t?.text ?? 'EOF'}'.`, t?.at ?? end);
    }
    const name = t.text.toLowerCase();
    const field = FIELDS[name];
    if (!field) {
      if (JIRA_FIELDS.has(name) || /^cf\[\d+\]$|^customfield_\d+$/.test(name)) {
        throw unsupported(`the field '${t.text}'`);
      }
      throw new RestRequestError(400, [
        `Field '${t.text}' does not exist or you do not have permission to view it.`,
      ]);
    }
    const o = tokens[i++];
    let op: Operator;
    if (o?.kind === 'op' && ['=', '!=', '~'].includes(o.text)) op = o.text as Operator;
    else if (isWord(o, 'in')) op = 'in';
    else if (isWord(o, 'not') && isWord(peek(), 'in')) {
      i++;
      op = 'not in';
    } else if (o?.kind === 'op' || ['is', 'was', 'changed'].some((w) => isWord(o, w))) {
      throw unsupported(`the operator '${o!.text.toUpperCase()}'`);
    } else {
      throw syntax(
        `Expecting operator but got '${o?.text ?? 'EOF'}'. The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.`,
        o?.at ?? end,
      );
    }
    if ((field === 'summary') !== (op === '~')) {
      throw new RestRequestError(400, [
        `The operator '${op.toUpperCase()}' is not supported by the '${t.text}' field.`,
      ]);
    }
    if (op !== 'in' && op !== 'not in') return { field, op, values: [value()] };
    if (tokens[i]?.kind === 'word' && tokens[i + 1]?.kind === '(') value(); // a function: refused there
    if (tokens[i]?.kind !== '(')
      throw syntax(`Expecting '(' but got '${tokens[i]?.text ?? 'EOF'}'.`, tokens[i]?.at ?? end);
    i++;
    const values = [value()];
    while (tokens[i]?.kind === ',') {
      i++;
      values.push(value());
    }
    if (tokens[i]?.kind !== ')')
      throw syntax(`Expecting ')' but got '${tokens[i]?.text ?? 'EOF'}'.`, tokens[i]?.at ?? end);
    i++;
    return { field, op, values };
  };

  if (i < tokens.length && !isWord(peek(), 'order')) {
    clauses.push(clause());
    while (i < tokens.length && !isWord(peek(), 'order')) {
      if (isWord(peek(), 'or')) throw unsupported('OR');
      if (!isWord(peek(), 'and'))
        throw syntax(`Expecting either 'OR' or 'AND' but got '${peek().text}'.`, peek().at);
      i++;
      clauses.push(clause());
    }
  }
  const orderBy: Sort[] = [];
  if (isWord(peek(), 'order')) {
    i++;
    if (!isWord(tokens[i], 'by'))
      throw syntax(`Expecting 'by' but got '${tokens[i]?.text ?? 'EOF'}'.`, tokens[i]?.at ?? end);
    i++;
    do {
      if (orderBy.length) i++;
      const t = tokens[i++];
      const field = t && SORTS[t.text.toLowerCase()];
      if (!t || (t.kind !== 'word' && t.kind !== 'string')) {
        throw syntax(`Expecting a field name but got '${t?.text ?? 'EOF'}'.`, t?.at ?? end);
      }
      if (!field) throw unsupported(`ORDER BY ${t.text}`);
      const direction =
        peek() && (isWord(peek(), 'asc') || isWord(peek(), 'desc')) ? tokens[i++].text : 'asc';
      orderBy.push({ field, desc: direction.toLowerCase() === 'desc' });
    } while (tokens[i]?.kind === ',');
  }
  if (i < tokens.length) throw syntax(`Unexpected '${tokens[i].text}'.`, tokens[i].at);
  return { clauses, orderBy };
}

/**
 * The issues of one site the query selects, in its order. Values are checked as Jira checks
 * them: a project, status, issue type or issue key the site does not have is an error, not an
 * empty answer. A query with no restriction is refused, as the /search/jql endpoints do.
 */
export function runJql(state: SandboxState, cloudId: string, query: JqlQuery): JiraIssue[] {
  if (query.clauses.length === 0) {
    throw new RestRequestError(400, [
      'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
    ]);
  }
  const issues = [...state.issues.values()].filter((issue) => issue.cloudId === cloudId);
  const projects = [...state.projects.values()].filter((p) => p.cloudId === cloudId);
  const problems: string[] = [];
  const tests = query.clauses.map((clause) => {
    const known = (value: string): boolean => {
      const v = value.toLowerCase();
      switch (clause.field) {
        case 'project':
          return projects.some((p) => [p.id, p.key.toLowerCase(), p.name.toLowerCase()].includes(v));
        case 'status':
          return projects.some((p) => p.statuses.some((s) => s.id === v || s.name.toLowerCase() === v));
        case 'issuetype':
          return projects.some((p) => p.issueTypes.some((t) => t.id === v || t.name.toLowerCase() === v));
        default:
          return true;
      }
    };
    for (const value of clause.values) {
      if (clause.field === 'key' && !/^([A-Z][A-Z0-9_]*-)?\d+$/i.test(value)) {
        problems.push(`The issue key '${value}' for field '${clause.field}' is invalid.`);
      } else if (clause.field === 'key' && !issues.some((i) => matches(state, i, 'key', value))) {
        problems.push(`An issue with key '${value}' does not exist for field 'key'.`);
      } else if (!known(value)) {
        problems.push(`The value '${value}' does not exist for the field '${clause.field}'.`);
      }
    }
    const hit = (issue: JiraIssue) => clause.values.some((v) => matches(state, issue, clause.field, v));
    return clause.op === '!=' || clause.op === 'not in' ? (i: JiraIssue) => !hit(i) : hit;
  });
  if (problems.length) throw new RestRequestError(400, problems);
  const order = query.orderBy.length ? query.orderBy : [{ field: 'created' as const, desc: true }];
  return issues.filter((issue) => tests.every((test) => test(issue))).sort((a, b) => compare(a, b, order));
}

function matches(state: SandboxState, issue: JiraIssue, field: Field, value: string): boolean {
  const v = value.toLowerCase();
  switch (field) {
    case 'project': {
      const p = projectOf(state, issue);
      return [p.id, p.key.toLowerCase(), p.name.toLowerCase()].includes(v);
    }
    case 'key':
      return issue.id === v || issue.key.toLowerCase() === v;
    case 'status': {
      const s = statusOf(state, issue);
      return s.id === v || s.name.toLowerCase() === v;
    }
    case 'issuetype': {
      const t = projectOf(state, issue).issueTypes.find((type) => type.id === issue.issueTypeId)!;
      return t.id === v || t.name.toLowerCase() === v;
    }
    case 'summary': {
      const words = v.split(/\W+/).filter(Boolean);
      const summary = issue.summary.toLowerCase();
      return words.every((w) => summary.includes(w));
    }
  }
}

function compare(a: JiraIssue, b: JiraIssue, order: Sort[]): number {
  for (const { field, desc } of order) {
    const d =
      sortValue(a, field) < sortValue(b, field) ? -1 : sortValue(a, field) > sortValue(b, field) ? 1 : 0;
    if (d !== 0) return desc ? -d : d;
  }
  // Ties keep creation order, in the direction of the first sort.
  const d = Number(a.id) - Number(b.id);
  return order[0]?.desc ? -d : d;
}

function sortValue(issue: JiraIssue, field: SortField): string | number {
  if (field === 'created') return issue.created;
  if (field === 'updated') return issue.updated;
  if (field === 'summary') return issue.summary.toLowerCase();
  const [project, n] = issue.key.split('-');
  return `${project}-${n.padStart(12, '0')}`;
}
