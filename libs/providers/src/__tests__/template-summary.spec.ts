import { actionCatalog, templateSummariesOf } from '..';

describe('template summaries', () => {
  it('describes every template of every action, in the action order', () => {
    for (const action of actionCatalog) {
      const summaries = templateSummariesOf(action.key);
      expect(summaries.map((s) => s.templateKey)).toEqual(action.templateKeys);
      for (const s of summaries) {
        expect(s.name).not.toBe('');
        expect(s.description).not.toBe('');
      }
    }
  });

  it('shows the Confluence templates with their methods', () => {
    expect(templateSummariesOf('confluence').map((s) => [s.templateKey, s.method])).toEqual([
      ['create-content', 'POST'],
      ['get-content', 'GET'],
      ['list-pages', 'GET'],
      ['list-blog-posts', 'GET'],
      ['list-spaces', 'GET'],
      ['update-page', 'PUT'],
      ['delete-page', 'DELETE'],
      ['add-footer-comment', 'POST'],
      ['list-page-children', 'GET'],
      ['add-label', 'POST'],
      ['search-content', 'GET'],
    ]);
  });

  it('shows the Jira templates with their methods', () => {
    expect(templateSummariesOf('jira').map((s) => [s.templateKey, s.method])).toEqual([
      ['create-issue', 'POST'],
      ['get-issue', 'GET'],
      ['search-issues', 'GET'],
      ['update-issue', 'PUT'],
      ['add-comment', 'POST'],
      ['transition-issue', 'POST'],
      ['delete-issue', 'DELETE'],
    ]);
  });

  it('answers an empty list for an unknown action', () => {
    expect(templateSummariesOf('no-such-action')).toEqual([]);
  });
});
