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
      /not found at .*set SANDBOX_OPENAPI_CONFLUENCE/,
    );
  });
});
