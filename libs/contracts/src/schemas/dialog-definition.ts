import { z } from 'zod';

/*
 * A dialog task as a template describes it, independent of any one third-party API: the dialogs
 * service turns it into a task and interprets it at runtime. Strings called templates may hold
 * placeholders (for example `{{entities.spaceKey}}`); their syntax belongs to the dialogs service,
 * so the contract only carries them.
 */

const identifier = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'Invalid identifier: a letter, then letters, digits, "_" or "-"');

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
);

export const dialogEntitySchema = z.object({
  name: identifier,
  type: z.enum(['string', 'text', 'number', 'boolean', 'date', 'email', 'url']),
  /** What the assistant asks when the entity is missing. */
  prompt: z.string().min(1),
  required: z.boolean(),
  /** Allowed values, when the entity is a closed list. */
  enum: z.array(z.string().min(1)).min(1).optional(),
});

/**
 * A call to the action's API, relative to the base URL the connection resolves to, or with `api`
 * to another API of the same product that the action declares by that name (for operations its
 * main API lacks, such as Confluence's REST v1 label write and CQL search).
 */
export const serviceRequestSchema = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  api: identifier.optional(),
  path: z.string().startsWith('/', 'Invalid path: must start with "/"'),
  query: z.record(z.string(), z.string()).optional(),
  body: jsonValue.optional(),
});

const nodeId = identifier;

export const dialogNodeSchema = z.discriminatedUnion('kind', [
  z.object({ id: nodeId, kind: z.literal('intent') }),
  z.object({ id: nodeId, kind: z.literal('entity'), entity: identifier }),
  z.object({
    id: nodeId,
    kind: z.literal('service'),
    name: z.string().min(1),
    // Disabling an action turns its integration services into custom ones (no connection used).
    serviceType: z.enum(['integration', 'custom']),
    request: serviceRequestSchema,
    /** Where later nodes find the response. */
    outputKey: identifier.optional(),
    /**
     * A list answer that continues on further pages, gathered so later nodes see the whole list (at
     * most `maxPages` requests): `next-link` follows the API's next links (`_links.next` or a
     * `Link` header) and gathers `results`; `next-page-token` sends the answer's `nextPageToken`
     * back until `isLast` and gathers `issues` (Jira's `/search/jql`).
     */
    pagination: z
      .object({
        style: z.enum(['next-link', 'next-page-token']),
        maxPages: z.number().int().min(1).max(100),
      })
      .optional(),
    /**
     * Refusals of the provider that are an answer, not a failure: when the call is refused with
     * one of these 4xx statuses, the run goes on at `to` (for example a message that the page was
     * changed meanwhile) instead of failing.
     */
    onRejected: z
      .array(z.object({ status: z.number().int().min(400).max(499), to: nodeId }))
      .min(1)
      .optional(),
  }),
  z.object({
    id: nodeId,
    kind: z.literal('message'),
    template: z.string().min(1),
    links: z.array(z.object({ label: z.string().min(1), urlTemplate: z.string().min(1) })).optional(),
  }),
]);

export const dialogEdgeSchema = z.object({
  from: nodeId,
  to: nodeId,
  condition: z.string().min(1).optional(),
});

const dialogShape = z.object({
  name: z.string().min(1).max(200),
  description: z.string().optional(),
  intent: z.object({ name: identifier, utterances: z.array(z.string().min(1)).min(1) }),
  entities: z.array(dialogEntitySchema),
  nodes: z.array(dialogNodeSchema).min(1),
  edges: z.array(dialogEdgeSchema),
});

// A dangling reference would only surface when an end user runs the dialog: reject it up front.
export const dialogDefinitionSchema = dialogShape.superRefine((dialog, ctx) => {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
  const nodeIds = new Set<string>();
  dialog.nodes.forEach((node, i) => {
    if (nodeIds.has(node.id)) issue(['nodes', i, 'id'], `Duplicate node id "${node.id}"`);
    nodeIds.add(node.id);
  });
  const entityNames = new Set<string>();
  dialog.entities.forEach((entity, i) => {
    if (entityNames.has(entity.name)) issue(['entities', i, 'name'], `Duplicate entity "${entity.name}"`);
    entityNames.add(entity.name);
  });
  if (dialog.nodes.filter((n) => n.kind === 'intent').length !== 1) {
    issue(['nodes'], 'A dialog has exactly one intent node');
  }
  dialog.nodes.forEach((node, i) => {
    if (node.kind === 'entity' && !entityNames.has(node.entity)) {
      issue(['nodes', i, 'entity'], `Unknown entity "${node.entity}"`);
    }
  });
  dialog.nodes.forEach((node, i) => {
    if (node.kind !== 'service') return;
    node.onRejected?.forEach((r, j) => {
      if (!nodeIds.has(r.to)) issue(['nodes', i, 'onRejected', j, 'to'], `Unknown node "${r.to}"`);
    });
  });
  dialog.edges.forEach((edge, i) => {
    if (!nodeIds.has(edge.from)) issue(['edges', i, 'from'], `Unknown node "${edge.from}"`);
    if (!nodeIds.has(edge.to)) issue(['edges', i, 'to'], `Unknown node "${edge.to}"`);
  });
});

export type DialogDefinition = z.infer<typeof dialogDefinitionSchema>;
export type DialogEntity = z.infer<typeof dialogEntitySchema>;
export type DialogNode = z.infer<typeof dialogNodeSchema>;
export type DialogEdge = z.infer<typeof dialogEdgeSchema>;
export type ServiceRequest = z.infer<typeof serviceRequestSchema>;
export type ServiceNode = Extract<DialogNode, { kind: 'service' }>;
export type MessageNode = Extract<DialogNode, { kind: 'message' }>;
