import { actionKeySchema } from '@actionhub/contracts';
import { actionCatalog, findAction } from '..';

describe('action catalog', () => {
  it('offers Confluence with both mechanisms, the REST v2 granular scopes and REST v1 for labels and search', () => {
    const confluence = findAction('confluence');
    expect(confluence?.mechanisms).toEqual(['oauth2', 'basic']);
    expect(confluence?.oauth2.scopes).toEqual(
      expect.arrayContaining([
        'read:space:confluence',
        'read:page:confluence',
        'write:page:confluence',
        'offline_access',
      ]),
    );
    expect(confluence?.oauth2.scopes).not.toContain('write:confluence-content');
    // REST v1, on the same host, for the label write and CQL search v2 lacks.
    expect(confluence?.apiBases).toEqual({ v1: '/wiki/rest/api' });
    expect(confluence?.oauth2.scopes).toEqual(
      expect.arrayContaining(['read:label:confluence', 'write:label:confluence', 'search:confluence']),
    );
    expect(confluence?.oauth2.authorizationParams).toEqual({
      audience: 'api.atlassian.com',
      prompt: 'consent',
    });
  });

  it('offers Jira on the same Atlassian connection model, with the classic Jira scopes', () => {
    const jira = findAction('jira')!;
    const confluence = findAction('confluence')!;
    expect(jira.mechanisms).toEqual(['oauth2', 'basic']);
    expect(jira.oauth2.scopes).toEqual([
      'read:jira-work',
      'write:jira-work',
      'read:jira-user',
      'offline_access',
    ]);
    expect(jira.oauth2ApiBaseUrl).toBe('https://api.atlassian.com/ex/jira/{cloudId}/rest/api/3');
    expect(jira.basicApiPath).toBe('/rest/api/3');
    expect(jira.basicCheckPath).toBe('/myself');
    const { scopes: _j, ...jiraServer } = jira.oauth2;
    const { scopes: _c, ...confluenceServer } = confluence.oauth2;
    expect(jiraServer).toEqual(confluenceServer);
    expect(actionCatalog.map((a) => a.key)).toEqual(['confluence', 'jira']);
  });

  it('answers undefined for an unknown action', () => {
    expect(findAction('jira-but-misspelled')).toBeUndefined();
  });

  it('uses keys the event contracts accept, once each', () => {
    const keys = actionCatalog.map((a) => a.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(actionKeySchema.safeParse(key).success).toBe(true);
  });
});
