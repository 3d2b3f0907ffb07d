import { DialogDefinition, DialogEdge, DialogNode } from '@actionhub/contracts';

/** Nodes by id and each node's outgoing edges, in definition order (the first that holds wins). */
export class DialogGraph {
  readonly nodes = new Map<string, DialogNode>();
  private readonly outgoing = new Map<string, DialogEdge[]>();

  constructor(readonly definition: DialogDefinition) {
    for (const node of definition.nodes) this.nodes.set(node.id, node);
    for (const edge of definition.edges) {
      this.outgoing.set(edge.from, [...(this.outgoing.get(edge.from) ?? []), edge]);
    }
  }

  get intent(): DialogNode {
    return this.definition.nodes.find((n) => n.kind === 'intent')!;
  }

  edgesFrom(id: string): DialogEdge[] {
    return this.outgoing.get(id) ?? [];
  }
}
