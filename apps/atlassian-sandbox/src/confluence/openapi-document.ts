import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The parts of an OpenAPI 3.0 document the sandbox reads; everything else stays opaque. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
}

/** The repository root: the nearest ancestor with nx.json (works from src/ under Jest and from dist/). */
function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'nx.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`atlassian-sandbox: no nx.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

/** Where Atlassian's published document lives: SANDBOX_OPENAPI, else the shared reference folder. */
export function openApiDocumentPath(): string {
  return (
    process.env.SANDBOX_OPENAPI ??
    path.join(repoRoot(), '..', 'shared', 'reference', 'confluence', 'openapi-v2.v3.json')
  );
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
