import { dialogDefinitionSchema } from '../schemas/dialog-definition';
import { sampleDialog } from './sample-payloads.fixture';

const issuesOf = (value: unknown) => {
  const result = dialogDefinitionSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
};

describe('dialog definition', () => {
  it('accepts a well-formed dialog', () => {
    expect(issuesOf(sampleDialog)).toEqual([]);
  });

  it('rejects edges to nodes that do not exist', () => {
    expect(
      issuesOf({ ...sampleDialog, edges: [...sampleDialog.edges, { from: 'done', to: 'nowhere' }] }),
    ).toEqual(['edges.4.to']);
  });

  it('rejects duplicate node ids and entity nodes without an entity', () => {
    const nodes = [...sampleDialog.nodes, { id: 'done', kind: 'entity', entity: 'spaceKey' }];
    expect(issuesOf({ ...sampleDialog, nodes }).sort()).toEqual(['nodes.5.entity', 'nodes.5.id']);
  });

  it('needs exactly one intent node', () => {
    const nodes = sampleDialog.nodes.filter((n) => n.kind !== 'intent');
    const edges = sampleDialog.edges.filter((e) => e.from !== 'intent');
    expect(issuesOf({ ...sampleDialog, nodes, edges })).toEqual(['nodes']);
  });

  it('knows service types and node kinds', () => {
    const service = { ...sampleDialog.nodes[3], serviceType: 'webhook' };
    expect(issuesOf({ ...sampleDialog, nodes: [...sampleDialog.nodes.slice(0, 3), service] })).toContain(
      'nodes.3.serviceType',
    );
    expect(issuesOf({ ...sampleDialog, nodes: [{ id: 'x', kind: 'goto' }] })).toContain('nodes.0.kind');
  });

  it('accepts a service node that follows next links, within a page budget', () => {
    const list = {
      ...sampleDialog.nodes[3],
      request: { method: 'GET', path: '/items' },
      pagination: { style: 'next-link', maxPages: 10 },
    };
    const nodes = [...sampleDialog.nodes.slice(0, 3), list, sampleDialog.nodes[4]];
    expect(issuesOf({ ...sampleDialog, nodes })).toEqual([]);
    const unbounded = { ...list, pagination: { style: 'next-link', maxPages: 0 } };
    expect(issuesOf({ ...sampleDialog, nodes: [...nodes.slice(0, 3), unbounded, nodes[4]] })).toEqual([
      'nodes.3.pagination.maxPages',
    ]);
  });

  it("keeps the name of another of the action's APIs a request is for, and refuses a malformed one", () => {
    const v1 = { ...sampleDialog.nodes[3], request: { method: 'GET', api: 'v1', path: '/search' } };
    const nodes = [...sampleDialog.nodes.slice(0, 3), v1, sampleDialog.nodes[4]];
    const parsed = dialogDefinitionSchema.parse({ ...sampleDialog, nodes });
    expect(parsed.nodes[3]).toMatchObject({ request: { api: 'v1', path: '/search' } });
    const malformed = { ...v1, request: { ...v1.request, api: '../v1' } };
    expect(issuesOf({ ...sampleDialog, nodes: [...nodes.slice(0, 3), malformed, nodes[4]] })).toEqual([
      'nodes.3.request.api',
    ]);
  });

  it('accepts refusals a service node expects, leading to a node that exists', () => {
    const call = { ...sampleDialog.nodes[3], onRejected: [{ status: 409, to: sampleDialog.nodes[4].id }] };
    const nodes = [...sampleDialog.nodes.slice(0, 3), call, sampleDialog.nodes[4]];
    expect(issuesOf({ ...sampleDialog, nodes })).toEqual([]);
    const nowhere = { ...call, onRejected: [{ status: 409, to: 'nowhere' }] };
    const notAClientError = { ...call, onRejected: [{ status: 503, to: sampleDialog.nodes[4].id }] };
    for (const [node, issue] of [
      [nowhere, 'nodes.3.onRejected.0.to'],
      [notAClientError, 'nodes.3.onRejected.0.status'],
    ] as const) {
      expect(issuesOf({ ...sampleDialog, nodes: [...nodes.slice(0, 3), node, nodes[4]] })).toEqual([issue]);
    }
  });
});
