import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The parts of an OpenAPI 3.0 document the sandbox reads; everything else stays opaque. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
}

type Json = Record<string, unknown>;

/** A known defect of a published document, repaired in memory only (the file stays as published). */
interface Repair {
  /** What is wrong and what the repair does, for the error when the document no longer has the defect. */
  why: string;
  apply(doc: Json): boolean;
}

interface Vendored {
  /** File name in the app's openapi/ folder (see its README.md for where each came from). */
  file: string;
  /** Points the sandbox at another copy, to try a newer one from Atlassian without committing it. */
  env: string;
  repairs: Repair[];
}

/**
 * Confluence's page create and update, blog-post create and footer-comment create `body` is `oneOf`
 * two schemas that both accept every valid body, so a strict validator would reject every valid
 * write: read as `anyOf`.
 */
const oneOfBodies: [string, string[]][] = [
  ...['PageCreateRequest', 'BlogPostCreateRequest', 'PageUpdateRequest'].map((name): [string, string[]] => [
    name,
    ['components', 'requestBodies', name, 'content', 'application/json', 'schema', 'properties', 'body'],
  ]),
  ['CreateFooterCommentModel', ['components', 'schemas', 'CreateFooterCommentModel', 'properties', 'body']],
];
const confluenceWriteBodies: Repair[] = oneOfBodies.map(([name, path]) => ({
  why: `oneOf body in ${name}`,
  apply: (doc) => {
    const body = at(doc, path) as { oneOf?: unknown[]; anyOf?: unknown[] } | undefined;
    if (!body?.oneOf) return false;
    body.anyOf = body.oneOf;
    delete body.oneOf;
    return true;
  },
}));

/**
 * Atlassian's ADF JSON schema declares draft-04, which Ajv 8 does not load; the keywords it uses
 * mean the same in the draft Ajv speaks, so only the declaration is dropped.
 */
const adfDraft04: Repair = {
  why: 'a draft-04 $schema declaration',
  apply: (doc) => {
    if (doc.$schema !== 'http://json-schema.org/draft-04/schema#') return false;
    delete doc.$schema;
    return true;
  },
};

export const VENDORED = {
  confluence: {
    file: 'confluence-openapi-v2.v3.json',
    env: 'SANDBOX_OPENAPI',
    repairs: confluenceWriteBodies,
  },
  jira: { file: 'jira-swagger-v3.v3.json', env: 'SANDBOX_OPENAPI_JIRA', repairs: [] },
  adf: { file: 'adf-schema-v1-full.json', env: 'SANDBOX_ADF_SCHEMA', repairs: [adfDraft04] },
} satisfies Record<string, Vendored>;

export type VendoredName = keyof typeof VENDORED;
/** The two REST APIs the sandbox serves, each validated against its own document. */
export type ApiName = 'confluence' | 'jira';

/** Two levels up is the app's folder from both src/openapi (Jest) and dist/openapi (node). */
export function vendoredPath(name: VendoredName): string {
  return path.join(__dirname, '..', '..', 'openapi', VENDORED[name].file);
}

/** The file the sandbox loads: the vendored one unless its environment variable names another. */
export function documentPath(name: VendoredName): string {
  return process.env[VENDORED[name].env] || vendoredPath(name);
}

/** Reads a vendored document (unmodified on disk) and applies its in-memory repairs. */
export function loadVendored(name: VendoredName, file = documentPath(name)): Json {
  if (!existsSync(file)) {
    throw new Error(
      `atlassian-sandbox: ${name} document not found at ${file}; set ${VENDORED[name].env} to its path`,
    );
  }
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Json;
  for (const repair of VENDORED[name].repairs as Repair[]) {
    if (!repair.apply(doc)) {
      throw new Error(
        `atlassian-sandbox: ${file} no longer has ${repair.why}; has the document changed? (see openapi/README.md)`,
      );
    }
  }
  return doc;
}

export function loadOpenApiDocument(api: ApiName, file?: string): OpenApiDocument {
  return loadVendored(api, file) as unknown as OpenApiDocument;
}

function at(node: unknown, keys: string[]): unknown {
  return keys.reduce<unknown>((n, k) => (n as Json | undefined)?.[k], node);
}
