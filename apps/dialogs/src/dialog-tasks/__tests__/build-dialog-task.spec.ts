import { DialogDefinition } from '@actionhub/contracts';
import { templateCatalog } from '@actionhub/providers';
import { buildDialogTask } from '../build-dialog-task';

const base = templateCatalog[0].dialog;
const reasonOf = (definition: DialogDefinition, actionKey = 'confluence') => {
  const result = buildDialogTask(actionKey, definition, 'integration');
  return result.ok ? undefined : result.reason;
};

describe('building a dialog task', () => {
  it.each(templateCatalog.map((t) => [t.key, t]))('builds the %s template', (_key, template) => {
    expect(reasonOf(template.dialog, template.actionKey)).toBeUndefined();
  });

  it('sets every service node to the service type asked for', () => {
    const result = buildDialogTask('confluence', base, 'custom');
    expect(
      result.ok && result.definition.nodes.filter((n) => n.kind === 'service').map((n) => n.serviceType),
    ).toEqual(['custom', 'custom', 'custom']);
  });

  it('refuses an action the catalog does not know (so it has no connector)', () => {
    expect(reasonOf(base, 'trello')).toContain('no connector for action "trello"');
  });

  it('checks the paths inside a [field=path] choice', () => {
    const nodes = base.nodes.map((n) =>
      n.kind === 'message' && n.id === 'contentCreated'
        ? { ...n, template: '{{space.results[name=entities.nope].id}}' }
        : n,
    );
    expect(reasonOf({ ...base, nodes })).toContain('reads unknown entity "entities.nope"');
  });

  it('refuses placeholders nothing provides', () => {
    const nodes = base.nodes.map((n) =>
      n.kind === 'message' && n.id === 'contentCreated'
        ? { ...n, template: '{{ghost.title}} {{entities.nope}}' }
        : n,
    );
    const reason = reasonOf({ ...base, nodes });
    expect(reason).toContain('no service node stores "ghost"');
    expect(reason).toContain('unknown entity "entities.nope"');
  });

  it("reads the connection's site, and nothing else of the connection", () => {
    const withTemplate = (template: string) =>
      base.nodes.map((n) => (n.kind === 'message' && n.id === 'contentCreated' ? { ...n, template } : n));
    expect(reasonOf({ ...base, nodes: withTemplate('On {{connection.site.url}}') })).toBeUndefined();
    expect(reasonOf({ ...base, nodes: withTemplate('{{connection.authorization}}') })).toContain(
      'a run knows only connection.site.url',
    );
    const storing = base.nodes.map((n) => (n.kind === 'service' ? { ...n, outputKey: 'connection' } : n));
    expect(reasonOf({ ...base, nodes: storing })).toContain('may store its answer as "connection"');
  });

  it('refuses loops, dead ends and unreachable nodes', () => {
    expect(
      reasonOf({ ...base, edges: [...base.edges, { from: 'askSpaceKey', to: 'askContentType' }] }),
    ).toContain('loop');
    expect(reasonOf({ ...base, edges: base.edges.filter((e) => e.from !== 'createContent') })).toContain(
      'ends at "createContent"',
    );
    expect(reasonOf({ ...base, edges: base.edges.filter((e) => e.to !== 'spaceMissing') })).toContain(
      '"spaceMissing" cannot be reached',
    );
  });

  it('refuses unreadable conditions', () => {
    const edges = base.edges.map((e) => (e.condition ? { ...e, condition: 'whenever' } : e));
    expect(reasonOf({ ...base, edges })).toContain('unreadable condition');
  });
});
