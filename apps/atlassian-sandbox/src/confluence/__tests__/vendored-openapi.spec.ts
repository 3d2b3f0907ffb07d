import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadOpenApiDocument, openApiDocumentPath, VENDORED_OPENAPI_DOCUMENT } from '../openapi-document';

// The sandbox is only as faithful as this document: it must stay as Atlassian published it
// (openapi/README.md says where from and how to update it).
const PUBLISHED_SHA256 = '6c7f6102e3e6cb031d9991f6bcafa189a1da5b5c4a4fed531186888aa7f365ef';

describe('the vendored Confluence OpenAPI document', () => {
  it('is byte for byte the one Atlassian published', () => {
    const sha256 = createHash('sha256').update(readFileSync(VENDORED_OPENAPI_DOCUMENT)).digest('hex');
    expect(sha256).toBe(PUBLISHED_SHA256);
  });

  it('is what the sandbox loads unless SANDBOX_OPENAPI says otherwise', () => {
    const saved = process.env.SANDBOX_OPENAPI;
    try {
      delete process.env.SANDBOX_OPENAPI;
      expect(openApiDocumentPath()).toBe(VENDORED_OPENAPI_DOCUMENT);
      process.env.SANDBOX_OPENAPI = '/elsewhere/openapi.json';
      expect(openApiDocumentPath()).toBe('/elsewhere/openapi.json');
    } finally {
      if (saved === undefined) delete process.env.SANDBOX_OPENAPI;
      else process.env.SANDBOX_OPENAPI = saved;
    }
  });

  it('loads with the create-body oneOf read as anyOf, in memory only', () => {
    const doc = loadOpenApiDocument(VENDORED_OPENAPI_DOCUMENT);
    expect(Object.keys(doc.paths)).toHaveLength(129);
    type CreateBody = { content: { 'application/json': { schema: { properties: { body: object } } } } };
    const create = doc.components.requestBodies?.PageCreateRequest as CreateBody;
    const body = create.content['application/json'].schema.properties.body as Record<string, unknown[]>;
    expect(body.anyOf).toHaveLength(2);
    expect(body.oneOf).toBeUndefined();
    expect(readFileSync(VENDORED_OPENAPI_DOCUMENT, 'utf8')).toContain('"oneOf"');
  });
});
