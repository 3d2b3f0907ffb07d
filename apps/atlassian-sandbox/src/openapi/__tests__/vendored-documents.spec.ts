import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  documentPath,
  loadOpenApiDocument,
  loadVendored,
  VENDORED,
  vendoredPath,
} from '../vendored-documents';

// The sandbox is only as faithful as these documents: they must stay as Atlassian published them
// (openapi/README.md says where each came from and how to update it).
const PUBLISHED_SHA256 = {
  confluence: '6c7f6102e3e6cb031d9991f6bcafa189a1da5b5c4a4fed531186888aa7f365ef',
  jira: '1f0911c58a45c712ba748f6b2b71bad688a0d28283296e6d24c7b2cc0d304624',
  adf: '5128562b75278c8a83e7e3619a570205bc80d59696985ec31a7a7883cff66fbe',
};

describe('the vendored Atlassian documents', () => {
  it.each(Object.entries(PUBLISHED_SHA256))(
    '%s is byte for byte the one Atlassian published',
    (name, sha) => {
      const file = vendoredPath(name as keyof typeof VENDORED);
      expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(sha);
    },
  );

  it('are what the sandbox loads unless their environment variable names another file', () => {
    const saved = process.env.SANDBOX_OPENAPI_JIRA;
    try {
      delete process.env.SANDBOX_OPENAPI_JIRA;
      expect(documentPath('jira')).toBe(vendoredPath('jira'));
      process.env.SANDBOX_OPENAPI_JIRA = '/elsewhere/swagger-v3.v3.json';
      expect(documentPath('jira')).toBe('/elsewhere/swagger-v3.v3.json');
      expect(documentPath('confluence')).toBe(vendoredPath('confluence'));
    } finally {
      if (saved === undefined) delete process.env.SANDBOX_OPENAPI_JIRA;
      else process.env.SANDBOX_OPENAPI_JIRA = saved;
    }
  });

  it('loads Confluence with the write-body oneOf read as anyOf, in memory only', () => {
    const doc = loadOpenApiDocument('confluence', vendoredPath('confluence'));
    expect(Object.keys(doc.paths)).toHaveLength(129);
    type Body = { properties: { body: Record<string, unknown[] | undefined> } };
    type RequestBody = { content: { 'application/json': { schema: Body } } };
    const bodies = [
      ...['PageCreateRequest', 'BlogPostCreateRequest', 'PageUpdateRequest'].map(
        (name) => (doc.components.requestBodies?.[name] as RequestBody).content['application/json'].schema,
      ),
      doc.components.schemas?.CreateFooterCommentModel as Body,
    ].map((schema) => schema.properties.body);
    for (const body of bodies) {
      expect(body.anyOf).toHaveLength(2);
      expect(body.oneOf).toBeUndefined();
    }
    expect(readFileSync(vendoredPath('confluence'), 'utf8')).toContain('"oneOf"');
  });

  it('loads Jira as published (the sandbox needed no repair of it)', () => {
    const doc = loadOpenApiDocument('jira', vendoredPath('jira'));
    expect(Object.keys(doc.paths)).toHaveLength(417);
    expect(doc.paths['/rest/api/3/search/jql']).toBeDefined();
    expect(JSON.stringify(doc)).toBe(JSON.stringify(JSON.parse(readFileSync(vendoredPath('jira'), 'utf8'))));
  });

  it('loads the ADF schema without its draft-04 declaration, in memory only', () => {
    const schema = loadVendored('adf', vendoredPath('adf'));
    expect(schema.$ref).toBe('#/definitions/doc_node');
    expect(schema.$schema).toBeUndefined();
    expect(readFileSync(vendoredPath('adf'), 'utf8')).toContain('draft-04');
  });

  it('refuses a document that no longer has a defect it repairs, and a missing one', () => {
    expect(() => loadVendored('adf', vendoredPath('jira'))).toThrow(/no longer has a draft-04/);
    expect(() => loadOpenApiDocument('jira', '/nowhere/swagger.json')).toThrow(
      /not found at .*set SANDBOX_OPENAPI_JIRA/,
    );
  });
});
