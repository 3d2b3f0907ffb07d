import { DialogDefinition } from '@actionhub/contracts';
import { hasConnector } from '@actionhub/providers';
import { parseCondition } from '../dialog-language/conditions';
import { DialogGraph } from '../dialog-language/dialog-graph';
import { innerPaths, placeholdersIn, placeholdersInValue } from '../dialog-language/placeholders';
import { CONNECTION, CONNECTION_PATHS } from '../dialog-language/run-context';

export type ServiceType = 'integration' | 'custom';

export type BuildResult = { ok: true; definition: DialogDefinition } | { ok: false; reason: string };

/**
 * Turns a template's definition into a dialog task that can run. The contract already checked its
 * shape; this checks what only the interpreter knows: the action has a connector, every path from
 * the intent ends at a message without loops, and every placeholder and condition can be read.
 */
export function buildDialogTask(
  actionKey: string,
  definition: DialogDefinition,
  serviceType: ServiceType,
): BuildResult {
  const problems = problemsOf(actionKey, definition);
  if (problems.length > 0) return { ok: false, reason: problems.join('; ').slice(0, 1000) };
  return { ok: true, definition: withServiceType(definition, serviceType) };
}

/** Disabling an action turns its service nodes into custom ones; enabling turns them back. */
export function withServiceType(definition: DialogDefinition, serviceType: ServiceType): DialogDefinition {
  return {
    ...definition,
    nodes: definition.nodes.map((node) => (node.kind === 'service' ? { ...node, serviceType } : node)),
  };
}

function problemsOf(actionKey: string, definition: DialogDefinition): string[] {
  const problems: string[] = [];
  if (!hasConnector(actionKey)) problems.push(`no connector for action "${actionKey}"`);
  const graph = new DialogGraph(definition);

  // Walk from the intent: every node reachable, no cycles, every path ends at a message.
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') return void problems.push(`node "${id}" is part of a loop`);
    state.set(id, 'visiting');
    const node = graph.nodes.get(id)!;
    const edges = graph.edgesFrom(id);
    if (node.kind === 'message' && edges.length > 0)
      problems.push(`message node "${id}" must end the dialog`);
    if (node.kind !== 'message' && edges.length === 0)
      problems.push(`the dialog ends at "${id}", not at a message`);
    if (node.kind !== 'message' && edges.length > 0 && edges.every((e) => e.condition !== undefined)) {
      problems.push(`node "${id}" has no edge without a condition to fall back on`);
    }
    for (const edge of edges) visit(edge.to);
    if (node.kind === 'service') for (const r of node.onRejected ?? []) visit(r.to);
    state.set(id, 'done');
  };
  visit(graph.intent.id);
  for (const node of definition.nodes) {
    if (!state.has(node.id)) problems.push(`node "${node.id}" cannot be reached from the intent`);
  }

  const entities = new Set(definition.entities.map((e) => e.name));
  const outputs = new Set(
    definition.nodes.flatMap((n) => (n.kind === 'service' && n.outputKey ? [n.outputKey] : [])),
  );
  if (outputs.has(CONNECTION)) {
    problems.push(`no service node may store its answer as "${CONNECTION}": the run provides it`);
  }
  const checkPath = (path: string, where: string): void => {
    for (const inner of innerPaths(path)) checkPath(inner, where);
    const [root, name] = path.split(/[.[]/);
    if (root === 'entities') {
      if (!name || !entities.has(name)) problems.push(`${where} reads unknown entity "${path}"`);
    } else if (root === CONNECTION) {
      if (!CONNECTION_PATHS.includes(path)) {
        problems.push(`${where} reads "${path}"; a run knows only ${CONNECTION_PATHS.join(', ')}`);
      }
    } else if (!outputs.has(root)) {
      problems.push(`${where} reads "${path}", but no service node stores "${root}"`);
    }
  };
  for (const edge of definition.edges) {
    if (edge.condition === undefined) continue;
    const condition = parseCondition(edge.condition);
    if (!condition)
      problems.push(`edge ${edge.from} -> ${edge.to} has an unreadable condition "${edge.condition}"`);
    else checkPath(condition.path, `edge ${edge.from} -> ${edge.to}`);
  }
  for (const node of definition.nodes) {
    const where = `node "${node.id}"`;
    if (node.kind === 'service') {
      const { path, query, body } = node.request;
      for (const p of [
        ...placeholdersIn(path),
        ...placeholdersInValue(query),
        ...placeholdersInValue(body),
      ]) {
        checkPath(p, where);
      }
    }
    if (node.kind === 'message') {
      const texts = [node.template, ...(node.links ?? []).map((l) => l.urlTemplate)];
      for (const p of texts.flatMap(placeholdersIn)) checkPath(p, where);
    }
  }
  return problems;
}
