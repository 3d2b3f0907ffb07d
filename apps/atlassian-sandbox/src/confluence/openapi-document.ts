import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The parts of an OpenAPI 3.0 document the sandbox reads; everything else stays opaque. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
}

/**
 * Atlassian's published document, vendored unmodified beside the sandbox (see openapi/README.md).
 * Two levels up is the app's folder from both src/confluence (Jest) and dist/confluence (node).
 */
export const VENDORED_OPENAPI_DOCUMENT = path.join(
  __dirname,
  '..',
  '..',
  'openapi',
  'confluence-openapi-v2.v3.json',
);

/** SANDBOX_OPENAPI overrides the vendored document (to try a newer one from Atlassian). */
export function openApiDocumentPath(): string {
  return process.env.SANDBOX_OPENAPI || VENDORED_OPENAPI_DOCUMENT;
}

/**
 * Loads Atlassian's Confluence REST v2 document unmodified on disk and repairs its one known
 * defect in memory: the create-page and create-blog-post `body` is `oneOf` two schemas that both
 * accept every valid body, so a strict validator would reject every valid create. Those two, and
 * only those, are read as `anyOf`.
 */
export function loadOpenApiDocument(file = openApiDocumentPath()): OpenApiDocument {
  if (!existsSync(file)) {
    throw new Error(
      `atlassian-sandbox: Confluence OpenAPI document not found at ${file}; set SANDBOX_OPENAPI to its path`,
    );
  }
  const doc = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
  for (const name of ['PageCreateRequest', 'BlogPostCreateRequest']) {
    const body = (doc.components.requestBodies?.[name] as CreateRequestBody | undefined)?.content?.[
      'application/json'
    ]?.schema?.properties?.body;
    if (!body?.oneOf) {
      throw new Error(`atlassian-sandbox: ${file} has no oneOf body in ${name}; has the document changed?`);
    }
    body.anyOf = body.oneOf;
    delete body.oneOf;
  }
  return doc;
}

interface CreateRequestBody {
  content?: Record<string, { schema?: { properties?: { body?: { oneOf?: unknown[]; anyOf?: unknown[] } } } }>;
}
