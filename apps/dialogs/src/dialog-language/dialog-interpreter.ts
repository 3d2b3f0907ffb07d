import { DialogDefinition, JsonValue, ServiceNode } from '@actionhub/contracts';
import { ConnectorError, ConnectorRequest, ConnectorResult } from '@actionhub/providers';
import { holds, parseCondition } from './conditions';
import { DialogGraph } from './dialog-graph';
import { render, renderValue, Scope } from './placeholders';

export interface DialogOutcome {
  /** The answer of the last service node that ran (the created content, the full list...). */
  output: JsonValue;
  message: string;
  links: { label: string; url: string }[];
  /** The message node the run ended at. */
  endedAt: string;
}

/** The dialog reached a state its definition does not cover. */
export class DialogError extends Error {
  override readonly name = 'DialogError';
}

export type CallService = (node: ServiceNode, request: ConnectorRequest) => Promise<ConnectorResult>;

/**
 * Walks a built dialog from its intent: entity nodes are already answered (the caller checked),
 * service nodes call the integration and store their answer under `outputKey` (or, refused with
 * a status their `onRejected` names, lead to its node), the first edge whose condition holds leads
 * on, and a message node ends the run.
 */
export async function runDialog(
  definition: DialogDefinition,
  entities: Record<string, string | number | boolean>,
  callService: CallService,
  /** What the run knows besides the entities, e.g. `connection.site.url` for links. */
  context: Scope = {},
): Promise<DialogOutcome> {
  const graph = new DialogGraph(definition);
  const scope: Scope = { ...context, entities };
  let output: JsonValue = null;
  let node = graph.intent;
  for (let step = 0; step <= definition.nodes.length; step++) {
    if (node.kind === 'service') {
      let result: ConnectorResult;
      try {
        result = await callService(node, requestOf(node, scope));
      } catch (error) {
        const handled = rejectionTarget(node, error);
        if (!handled) throw error;
        node = graph.nodes.get(handled)!;
        continue;
      }
      output = result.body;
      if (node.outputKey) scope[node.outputKey] = result.body;
    }
    if (node.kind === 'message') {
      const links = (node.links ?? []).map((l) => ({ label: l.label, url: render(l.urlTemplate, scope) }));
      return { output, message: render(node.template, scope), links, endedAt: node.id };
    }
    const edge = graph
      .edgesFrom(node.id)
      .find((e) => e.condition === undefined || holds(parseCondition(e.condition)!, scope));
    if (!edge) throw new DialogError(`no edge from "${node.id}" holds`);
    node = graph.nodes.get(edge.to)!;
  }
  throw new DialogError('the dialog did not reach a message');
}

/** Where a refusal the node expects (`onRejected`) leads, if it is one. */
export function rejectionTarget(node: ServiceNode, error: unknown): string | undefined {
  if (!(error instanceof ConnectorError) || error.kind !== 'rejected') return undefined;
  return node.onRejected?.find((r) => r.status === error.status)?.to;
}

function requestOf(node: ServiceNode, scope: Scope): ConnectorRequest {
  const { method, api, path, query, body } = node.request;
  return {
    method,
    ...(api === undefined ? {} : { api }),
    path: render(path, scope, encodeURIComponent),
    query: query
      ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, render(v, scope)]))
      : undefined,
    body: body === undefined ? undefined : renderValue(body, scope),
    pagination: node.pagination
      ? { maxPages: node.pagination.maxPages, style: node.pagination.style }
      : undefined,
  };
}
