import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ApiName, loadOpenApiDocument, OpenApiDocument } from './vendored-documents';

type Schema = Record<string, unknown>;
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  security?: Record<string, string[]>[];
  'x-atlassian-oauth2-scopes'?: { scheme: string; scopes: string[]; state?: string }[];
  requestBody?: { $ref?: string; required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

export type RequestCheck =
  | { ok: true; path: Record<string, unknown>; query: Record<string, unknown> }
  | { ok: false; problems: string[] };

export interface RequestParts {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

/**
 * Checks requests and responses of one operation (method + the document's path template) against
 * Atlassian's document. Parameters are coerced the way a server reads a query string (numbers,
 * comma-separated lists); bodies are checked as sent.
 */
export class OpenApiValidator {
  private readonly strict: Ajv;
  private readonly coercing: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();
  private templates?: { template: string; pattern: RegExp }[];

  constructor(
    readonly doc: OpenApiDocument,
    readonly api: ApiName,
  ) {
    this.strict = newAjv(doc, api, false);
    this.coercing = newAjv(doc, api, true);
  }

  hasOperation(method: string, path: string): boolean {
    return Boolean(this.doc.paths[path]?.[method.toLowerCase()]);
  }

  /**
   * The document's path template matching a concrete path (`/pages/123` -> `/pages/{id}`), if any;
   * a literal segment wins over a placeholder (`/issue/createmeta` is not `/issue/{issueIdOrKey}`).
   */
  templateOf(path: string): string | undefined {
    this.templates ??= Object.keys(this.doc.paths)
      .sort((a, b) => a.split('{').length - b.split('{').length)
      .map((t) => ({
        template: t,
        pattern: new RegExp(`^${t.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
      }));
    return this.templates.find((t) => t.pattern.test(path))?.template;
  }

  /**
   * The OAuth scope sets the document accepts for an operation, any one of which suffices; each set
   * is needed whole. Atlassian lists them under `x-atlassian-oauth2-scopes` (Jira: the classic set
   * and the granular one; Confluence v2: one granular set); the `security` OAuth entry is the fallback.
   */
  requiredScopes(method: string, path: string): string[][] {
    const op = this.operation(method, path);
    const listed = op['x-atlassian-oauth2-scopes']?.map((s) => s.scopes);
    if (listed?.length) return listed;
    const oauth = Object.entries(
      (this.doc.components.securitySchemes ?? {}) as Record<string, { type?: string }>,
    ).find(([, scheme]) => scheme.type === 'oauth2')?.[0];
    return (op.security ?? []).flatMap((s) => (oauth && s[oauth] ? [s[oauth]] : []));
  }

  validateRequest(method: string, path: string, parts: RequestParts): RequestCheck {
    const op = this.operation(method, path);
    const params = [...((this.doc.paths[path].parameters as Parameter[]) ?? []), ...(op.parameters ?? [])];
    const problems: string[] = [];
    const values: Record<'path' | 'query', Record<string, unknown>> = { path: {}, query: {} };
    for (const where of ['path', 'query'] as const) {
      const declared = params.filter((p) => p.in === where);
      const source = where === 'path' ? parts.params : parts.query;
      for (const p of declared) {
        if (source[p.name] !== undefined)
          values[where][p.name] = splitList(this.resolve(p.schema), source[p.name]);
      }
      const validate = this.compile(`${method} ${path} ${where}`, this.coercing, {
        type: 'object',
        properties: Object.fromEntries(declared.map((p) => [p.name, p.schema ?? {}])),
        required: declared.filter((p) => p.required).map((p) => p.name),
      });
      if (!validate(values[where])) problems.push(...describe(validate.errors, `${where} parameter `));
    }
    const body = this.requestBody(op);
    if (body) {
      if (parts.body === undefined) {
        if (body.required) problems.push('request body is required');
      } else {
        const validate = this.compile(`${method} ${path} body`, this.strict, body.schema);
        if (!validate(parts.body)) problems.push(...describe(validate.errors, 'body'));
      }
    }
    return problems.length ? { ok: false, problems } : { ok: true, ...values };
  }

  /** Problems with a response; an empty list when it matches (or the document gives no JSON schema for it). */
  validateResponse(method: string, path: string, status: number, body: unknown): string[] {
    const responses = this.operation(method, path).responses ?? {};
    const response = responses[String(status)];
    if (!response) {
      return status < 300 ? [`${status} is not a documented answer of ${method.toUpperCase()} ${path}`] : [];
    }
    const schema = response.content?.['application/json']?.schema;
    if (!schema) return [];
    const validate = this.compile(`${method} ${path} ${status}`, this.strict, schema);
    return validate(body) ? [] : describe(validate.errors, 'response');
  }

  private operation(method: string, path: string): Operation {
    const op = this.doc.paths[path]?.[method.toLowerCase()] as Operation | undefined;
    if (!op) throw new Error(`${method.toUpperCase()} ${path} is not in the ${this.api} OpenAPI document`);
    return op;
  }

  private requestBody(op: Operation): { required: boolean; schema: Schema } | undefined {
    const body = op.requestBody?.$ref
      ? (this.pointer(op.requestBody.$ref) as Operation['requestBody'])
      : op.requestBody;
    const schema = body?.content?.['application/json']?.schema;
    return schema ? { required: Boolean(body?.required), schema } : undefined;
  }

  private resolve(schema: Schema | undefined): Schema | undefined {
    return typeof schema?.$ref === 'string' ? this.resolve(this.pointer(schema.$ref) as Schema) : schema;
  }

  private pointer(ref: string): unknown {
    return ref
      .replace(/^#\//, '')
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], this.doc);
  }

  private compile(key: string, ajv: Ajv, schema: Schema): ValidateFunction {
    let validate = this.cache.get(key);
    if (!validate) {
      // The operation's schemas point into the document ('#/components/...'): re-anchor them on it.
      validate = ajv.compile(
        JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, `"$ref":"${this.api}#/`)),
      );
      this.cache.set(key, validate);
    }
    return validate;
  }
}

function newAjv(doc: OpenApiDocument, id: string, coerce: boolean): Ajv {
  // strict: false because the document carries OpenAPI-only keywords (example, x-atlassian-*).
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateSchema: false,
    coerceTypes: coerce && 'array',
  });
  addFormats(ajv);
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  // Confluence's page update names `format: string` (no such format) for its id fields: nothing to check.
  ajv.addFormat('string', true);
  ajv.addSchema(doc as unknown as Schema, id);
  return ajv;
}

/** Atlassian reads array parameters as comma-separated lists (`space-id=1,2`) as well as repeated. */
function splitList(schema: Schema | undefined, value: unknown): unknown {
  if (schema?.type !== 'array') return value;
  return (Array.isArray(value) ? value : [value]).flatMap((v) =>
    typeof v === 'string' ? v.split(',') : [v],
  );
}

function describe(errors: ErrorObject[] | null | undefined, where: string): string[] {
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') continue;
    const at = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const name = where.endsWith(' ') ? `${where}'${at}'` : at ? `${where}.${at}` : where;
    const allowed = e.keyword === 'enum' ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : '';
    seen.add(`${name} ${e.message}${allowed}`);
  }
  return [...seen];
}

const shared = new Map<ApiName, OpenApiValidator>();

/** One validator per API and process: the documents are large and compiled schemas are cached. */
export function openApiValidator(api: ApiName): OpenApiValidator {
  let validator = shared.get(api);
  if (!validator) {
    validator = new OpenApiValidator(loadOpenApiDocument(api), api);
    shared.set(api, validator);
  }
  return validator;
}
