import { actionKeySchema } from '@actionhub/contracts';
import { actionCatalog, findAction } from '..';

describe('action catalog', () => {
  it('offers Confluence with both mechanisms and the REST v2 granular scopes', () => {
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
    expect(confluence?.oauth2.authorizationParams).toEqual({
      audience: 'api.atlassian.com',
      prompt: 'consent',
    });
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
