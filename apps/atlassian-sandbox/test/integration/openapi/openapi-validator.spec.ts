import { openApiValidator } from '../../../src';
import { loadOpenApiDocument } from '../../../src/openapi/vendored-documents';

// The checks the other tests lean on are only worth something if they can fail.
describe('the OpenAPI validator the sandbox and its tests share', () => {
  const validator = openApiValidator('confluence');

  it('accepts both documented create-body forms (the oneOf defect is read as anyOf)', () => {
    const value = '<p>x</p>';
    for (const body of [
      { representation: 'storage', value },
      { storage: { representation: 'storage', value } },
    ]) {
      expect(
        validator.validateRequest('post', '/pages', {
          params: {},
          query: {},
          body: { spaceId: '1', title: 't', body },
        }),
      ).toMatchObject({ ok: true });
    }
  });

  it('finds a response that breaks the document', () => {
    const problems = validator.validateResponse('get', '/spaces', 200, {
      results: [{ id: 1, key: 'DEV', type: 'team' }],
    });
    expect(problems).toEqual([
      'response.results.0.id must be string',
      expect.stringContaining('response.results.0.type must be equal to one of the allowed values'),
    ]);
    expect(validator.validateResponse('get', '/pages/{id}', 201, {})).toHaveLength(1);
  });

  it('reads the scopes Atlassian requires from the document', () => {
    expect(validator.requiredScopes('post', '/blogposts')).toEqual([['write:page:confluence']]);
    expect(validator.requiredScopes('get', '/spaces/{id}')).toEqual([['read:space:confluence']]);
  });

  it('fails clearly when the document is missing', () => {
    expect(() => loadOpenApiDocument('confluence', '/nowhere/openapi-v2.v3.json')).toThrow(
      /not found at .*set SANDBOX_OPENAPI/,
    );
  });
});

describe('the Jira document, as the sandbox reads it', () => {
  const validator = openApiValidator('jira');
  const served: [string, string][] = [
    ['post', '/rest/api/3/issue'],
    ['get', '/rest/api/3/issue/{issueIdOrKey}'],
    ['put', '/rest/api/3/issue/{issueIdOrKey}'],
    ['post', '/rest/api/3/issue/{issueIdOrKey}/comment'],
    ['get', '/rest/api/3/issue/{issueIdOrKey}/comment'],
    ['get', '/rest/api/3/issue/{issueIdOrKey}/transitions'],
    ['post', '/rest/api/3/issue/{issueIdOrKey}/transitions'],
    ['get', '/rest/api/3/search/jql'],
    ['post', '/rest/api/3/search/jql'],
    ['post', '/rest/api/3/search/approximate-count'],
    ['get', '/rest/api/3/myself'],
    ['get', '/rest/api/3/project/{projectIdOrKey}'],
  ];
  type Op = {
    requestBody?: { content: Record<string, { example?: unknown }> };
    responses: Record<string, { content?: Record<string, { example?: unknown }> }>;
  };
  const parsed = (example: unknown) => (typeof example === 'string' ? JSON.parse(example) : example);

  // Why the Jira document needs no in-memory repair: Atlassian's own examples of every operation
  // the sandbox serves pass the strict validator, requests and answers alike.
  it.each(served)("accepts Atlassian's own examples of %s %s", (method, path) => {
    const op = validator.doc.paths[path][method] as Op;
    const request = op.requestBody?.content['application/json']?.example;
    if (request !== undefined) {
      const params = { issueIdOrKey: 'ED-24', projectIdOrKey: 'ED' };
      expect(
        validator.validateRequest(method, path, { params, query: {}, body: parsed(request) }),
      ).toMatchObject({
        ok: true,
      });
    }
    const answers = Object.entries(op.responses).filter(([, r]) => r.content?.['application/json']?.example);
    for (const [status, answer] of answers) {
      const body = parsed(answer.content!['application/json'].example);
      expect([status, validator.validateResponse(method, path, Number(status), body)]).toEqual([status, []]);
    }
    expect(request !== undefined || answers.length > 0).toBe(true);
  });

  it('finds what breaks it: an issue id that is a number, a search body with an unknown property', () => {
    expect(validator.validateResponse('post', '/rest/api/3/issue', 201, { id: 10000, key: 'ED-1' })).toEqual([
      'response.id must be string',
    ]);
    const check = validator.validateRequest('post', '/rest/api/3/search/jql', {
      params: {},
      query: {},
      body: { jql: 'project = ED', startAt: 0 },
    });
    expect(check).toEqual({ ok: false, problems: ['body must NOT have additional properties'] });
  });

  it('reads both scope sets of an operation: the classic one and the granular one', () => {
    expect(validator.requiredScopes('delete', '/rest/api/3/issue/{issueIdOrKey}')).toEqual([
      ['write:jira-work'],
      ['delete:issue:jira'],
    ]);
    expect(validator.requiredScopes('get', '/rest/api/3/myself')[0]).toEqual(['read:jira-user']);
  });

  it('prefers a literal path to a placeholder', () => {
    expect(validator.templateOf('/rest/api/3/issue/createmeta')).toBe('/rest/api/3/issue/createmeta');
    expect(validator.templateOf('/rest/api/3/issue/ED-1')).toBe('/rest/api/3/issue/{issueIdOrKey}');
  });
});
