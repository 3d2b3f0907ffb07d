import { dialogDefinitionSchema, templateKeySchema } from '@actionhub/contracts';
import {
  actionCatalog,
  findTemplate,
  templateCatalog,
  templateListingsOf,
  templateSummariesOf,
  templatesOf,
} from '..';

describe('template catalog', () => {
  it.each(templateCatalog.map((t) => [t.key, t]))(
    '%s carries a dialog the contract accepts',
    (_key, template) => {
      const result = dialogDefinitionSchema.safeParse(template.dialog);
      expect(result.success ? [] : result.error.issues).toEqual([]);
      expect(templateKeySchema.safeParse(template.key).success).toBe(true);
      expect(Number.isInteger(template.version) && template.version > 0).toBe(true);
    },
  );

  it('offers exactly the templates each action lists, in its order', () => {
    for (const action of actionCatalog) {
      expect(templatesOf(action.key).map((t) => t.key)).toEqual(action.templateKeys);
    }
  });

  it('asks only for scopes the action requests', () => {
    for (const template of templateCatalog) {
      const action = actionCatalog.find((a) => a.key === template.actionKey)!;
      expect(action.oauth2.scopes).toEqual(expect.arrayContaining(template.scopes));
    }
  });

  it('names, for a request to another API, only one its action declares beside its main API', () => {
    for (const template of templateCatalog) {
      const action = actionCatalog.find((a) => a.key === template.actionKey)!;
      for (const node of template.dialog.nodes) {
        if (node.kind !== 'service' || node.request.api === undefined) continue;
        expect(Object.keys(action.apiBases ?? {})).toContain(node.request.api);
      }
    }
  });

  it('finds a template by action and key, and nothing for unknown ones', () => {
    expect(findTemplate('confluence', 'create-content')?.method).toBe('POST');
    expect(findTemplate('confluence', 'no-such-template')).toBeUndefined();
    expect(findTemplate('jira', 'create-content')).toBeUndefined();
  });

  it('lists templates with key, name, description, method and version, without the dialog', () => {
    const listing = templateListingsOf('confluence');
    expect(listing.map((t) => t.templateKey)).toEqual([
      'create-content',
      'get-content',
      'list-pages',
      'list-blog-posts',
      'list-spaces',
      'update-page',
      'delete-page',
      'add-footer-comment',
      'list-page-children',
      'add-label',
      'search-content',
    ]);
    expect(listing[0]).toEqual({
      templateKey: 'create-content',
      name: 'Create Content',
      description: expect.stringContaining('View Content'),
      method: 'POST',
      version: 1,
      scopes: ['read:space:confluence', 'write:page:confluence'],
    });
    expect(listing[0]).not.toHaveProperty('dialog');
  });
});

describe('Confluence create-content', () => {
  const dialog = findTemplate('confluence', 'create-content')!.dialog;
  const services = dialog.nodes.filter((n) => n.kind === 'service');

  it('asks for the four entities of the seed', () => {
    expect(dialog.entities.map((e) => e.name)).toEqual([
      'contentType',
      'spaceKey',
      'contentTitle',
      'contentBody',
    ]);
    expect(dialog.entities.find((e) => e.name === 'contentType')?.enum).toEqual(['page', 'blogpost']);
  });

  it('resolves the site, turns the space key into an id, then creates the content through REST v2', () => {
    expect(services.map((s) => [s.request.method, s.request.path])).toEqual([
      ['GET', '/spaces'],
      ['GET', '/spaces'],
      ['POST', '/{{entities.contentType}}s'],
    ]);
    expect(services[1].request.query).toMatchObject({ keys: '{{entities.spaceKey}}' });
    expect(services[2].request.body).toEqual({
      spaceId: '{{space.results.0.id}}',
      status: 'current',
      title: '{{entities.contentTitle}}',
      body: { representation: 'storage', value: '{{entities.contentBody}}' },
    });
    expect(services.every((s) => s.serviceType === 'integration')).toBe(true);
  });

  it('answers with a View Content link: the site /wiki base + webui', () => {
    const message = dialog.nodes.find((n) => n.id === 'contentCreated');
    expect(message).toMatchObject({
      kind: 'message',
      links: [{ label: 'View Content', urlTemplate: '{{site._links.base}}{{content._links.webui}}' }],
    });
  });
});

describe('Confluence list templates', () => {
  it.each(['list-pages', 'list-blog-posts', 'list-spaces'])('%s follows next links', (key) => {
    const services = findTemplate('confluence', key)!.dialog.nodes.filter((n) => n.kind === 'service');
    expect(services.at(-1)).toMatchObject({ pagination: { style: 'next-link' } });
  });
});

describe('Jira templates', () => {
  const servicesOf = (key: string) =>
    findTemplate('jira', key)!.dialog.nodes.filter((n) => n.kind === 'service');

  it('send descriptions and comments as ADF documents, never plain strings', () => {
    const adf = (text: string) => ({
      type: 'doc',
      version: 1,
      content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
    });
    expect(servicesOf('create-issue')[0].request.body).toEqual({
      fields: {
        project: { key: '{{entities.projectKey}}' },
        issuetype: { name: '{{entities.issueType}}' },
        summary: '{{entities.summary}}',
        description: adf('{{entities.description}}'),
      },
    });
    expect(servicesOf('add-comment')[0].request.body).toEqual({ body: adf('{{entities.comment}}') });
  });

  it('search on /search/jql with nextPageToken, never the retired /search', () => {
    const [search] = servicesOf('search-issues');
    expect(search.request.path).toBe('/search/jql');
    expect(search.pagination).toEqual({ style: 'next-page-token', maxPages: 20 });
    for (const t of templatesOf('jira')) {
      for (const node of t.dialog.nodes) {
        if (node.kind === 'service') expect(node.request.path).not.toBe('/search');
      }
    }
  });

  it('transition by listing the transitions and choosing the one named', () => {
    const [list, move] = servicesOf('transition-issue');
    expect([list.request.method, list.request.path]).toEqual([
      'GET',
      '/issue/{{entities.issueKey}}/transitions',
    ]);
    expect(move.request).toEqual({
      method: 'POST',
      path: '/issue/{{entities.issueKey}}/transitions',
      body: { transition: { id: '{{transitions.transitions[name=entities.transitionName].id}}' } },
    });
  });
});

describe('template listings and summaries', () => {
  it('agree on name, description and method for every template', () => {
    for (const action of actionCatalog) {
      const summaries = templateSummariesOf(action.key);
      expect(
        templateListingsOf(action.key).map(({ templateKey, name, description, method }) => ({
          templateKey,
          name,
          description,
          method,
        })),
      ).toEqual(summaries);
    }
  });
});

describe('Confluence page templates', () => {
  const calls = (key: string) =>
    findTemplate('confluence', key)!
      .dialog.nodes.filter((n) => n.kind === 'service')
      .map((s) => `${s.request.method} ${s.request.path}`);

  it('find the page by space key and title on REST v2, then make their one call', () => {
    const find = ['GET /spaces', 'GET /pages'];
    expect(calls('update-page')).toEqual([...find, 'PUT /pages/{{page.results.0.id}}']);
    expect(calls('delete-page')).toEqual([...find, 'DELETE /pages/{{page.results.0.id}}']);
    expect(calls('add-footer-comment')).toEqual([...find, 'POST /footer-comments']);
    expect(calls('list-page-children')).toEqual([...find, 'GET /pages/{{page.results.0.id}}/children']);
  });

  it('update-page sends the version read plus one, and answers a 409 with its own message', () => {
    const update = findTemplate('confluence', 'update-page')!.dialog;
    const put = update.nodes.find((n) => n.id === 'updatePage');
    expect(put?.kind === 'service' && put.request.body).toMatchObject({
      version: { number: '{{page.results.0.version.number + 1}}' },
    });
    expect(put?.kind === 'service' && put.onRejected).toEqual([{ status: 409, to: 'pageChanged' }]);
    const changed = update.nodes.find((n) => n.id === 'pageChanged');
    expect(changed?.kind === 'message' && changed.template).toMatch(/changed by someone else meanwhile/);
  });

  it('ask for the scopes their calls need', () => {
    expect(findTemplate('confluence', 'delete-page')?.scopes).toContain('delete:page:confluence');
    expect(findTemplate('confluence', 'add-footer-comment')?.scopes).toContain('write:comment:confluence');
  });
});

describe('Confluence templates on REST v1 (what v2 lacks)', () => {
  const services = (key: string) =>
    findTemplate('confluence', key)!.dialog.nodes.filter((n) => n.kind === 'service');

  it('add-label finds the page on v2, then posts a global label to v1, answering a refusal itself', () => {
    const [space, page, label] = services('add-label');
    expect([space.request.api, page.request.api]).toEqual([undefined, undefined]);
    expect(label.request).toEqual({
      method: 'POST',
      api: 'v1',
      path: '/content/{{page.results.0.id}}/label',
      body: [{ prefix: 'global', name: '{{entities.label}}' }],
    });
    expect(label.onRejected).toEqual([{ status: 400, to: 'labelRefused' }]);
    expect(findTemplate('confluence', 'add-label')?.scopes).toEqual(
      expect.arrayContaining(['read:label:confluence', 'write:label:confluence']),
    );
  });

  it('search-content searches v1 with CQL, following next links for a few pages', () => {
    const [search] = services('search-content');
    expect(search.request).toEqual({
      method: 'GET',
      api: 'v1',
      path: '/search',
      query: { cql: '{{entities.cql}}', limit: '25' },
    });
    expect(search.pagination).toEqual({ style: 'next-link', maxPages: 4 });
    expect(findTemplate('confluence', 'search-content')?.scopes).toEqual(['search:confluence']);
  });
});
