import { z } from 'zod';

/*
 * Confluence REST v1's add-label and CQL search operations, the two v1 routes the sandbox serves.
 * Atlassian publishes no v1 document that could be vendored (none reaches this project, and no npm
 * package ships one), so unlike every other route these schemas were WRITTEN HERE from Atlassian's
 * v1 reference (developer.atlassian.com/cloud/confluence/rest/v1/, "Content labels" and "Search"):
 * they are only as faithful as that reading. Requests are checked strictly; answers are checked
 * before they leave, as the vendored documents check the others.
 */

/** The scope sets Atlassian's reference lists for each operation: the classic one, or the granular one. */
export const ADD_LABEL_SCOPES = [
  ['write:confluence-content'],
  ['read:label:confluence', 'write:label:confluence'],
];
export const SEARCH_SCOPES = [['search:confluence'], ['read:content-details:confluence']];

const labelCreate = z.object({ prefix: z.string(), name: z.string() }).strict();

/** `POST /wiki/rest/api/content/{id}/label`: an array of labels, or one label. */
export function addLabelsBody(body: unknown) {
  return Array.isArray(body)
    ? z.array(labelCreate).min(1, 'at least one label is required').safeParse(body)
    : labelCreate.transform((label) => [label]).safeParse(body);
}
export type LabelCreate = z.infer<typeof labelCreate>;

const integer = (name: string) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a non-negative integer`)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .max(2 ** 31 - 1),
    );
const flag = z.enum(['true', 'false']);

/**
 * `GET /wiki/rest/api/search`. Parameters v1 documents but the sandbox does not serve are refused
 * (by the handler), not silently ignored; parameters v1 does not have are ignored, as Confluence does.
 */
export const searchQuery = z.object({
  cql: z.string({ required_error: 'cql is required' }).min(1, 'cql is required'),
  cursor: z.string().min(1).optional(),
  limit: integer('limit').optional(),
  start: integer('start').optional(),
  next: flag.optional(),
  prev: flag.optional(),
  excerpt: z.enum(['highlight', 'indexed', 'none', 'highlight_unescaped', 'indexed_unescaped']).optional(),
  includeArchivedSpaces: flag.optional(),
  excludeCurrentSpaces: flag.optional(),
  cqlcontext: z.string().optional(),
  expand: z.string().optional(),
  sitePermissionTypeFilter: z.enum(['all', 'externalCollaborator', 'none']).optional(),
});
export type SearchQuery = z.infer<typeof searchQuery>;

const relative = z.string().startsWith('/');

/** `LabelArray`: every label the content now has. */
export const labelArray = z
  .object({
    results: z.array(
      z.object({ prefix: z.enum(['global']), name: z.string(), id: z.string(), label: z.string() }).strict(),
    ),
    start: z.number().int(),
    limit: z.number().int(),
    size: z.number().int(),
    _links: z.object({ base: z.string().url(), context: z.string(), self: z.string().url() }).strict(),
  })
  .strict();

const searchResult = z
  .object({
    content: z
      .object({
        id: z.string(),
        type: z.enum(['page', 'blogpost']),
        status: z.literal('current'),
        title: z.string(),
        _expandable: z.record(z.string(), z.string()),
        _links: z.object({ webui: relative, self: z.string().url(), tinyui: relative }).strict(),
      })
      .strict(),
    title: z.string(),
    excerpt: z.string(),
    url: relative,
    resultGlobalContainer: z.object({ title: z.string(), displayUrl: relative }).strict(),
    breadcrumbs: z.array(z.unknown()),
    entityType: z.literal('content'),
    iconCssClass: z.string(),
    lastModified: z.string().datetime(),
    score: z.number(),
  })
  .strict();

/** `SearchPageResponseSearchResult`; `_links.next` is relative to `_links.base` (`/rest/api/search?...`). */
export const searchPage = z
  .object({
    results: z.array(searchResult),
    start: z.number().int(),
    limit: z.number().int(),
    size: z.number().int(),
    totalSize: z.number().int(),
    cqlQuery: z.string(),
    searchDuration: z.number().int(),
    _links: z
      .object({
        base: z.string().url(),
        context: z.string(),
        self: z.string().url(),
        next: z.string().startsWith('/rest/api/search?').optional(),
      })
      .strict(),
  })
  .strict();

/** A refusal in v1's shape. */
export const v1Error = z
  .object({
    statusCode: z.number().int(),
    data: z
      .object({
        authorized: z.boolean(),
        valid: z.boolean(),
        errors: z.array(
          z.object({ message: z.object({ translation: z.string(), args: z.array(z.unknown()) }) }),
        ),
        successful: z.boolean(),
      })
      .optional(),
    message: z.string(),
  })
  .strict();

/** What is wrong with an answer: the success schema for 200, v1's error shape otherwise. */
export function answerProblems(success: z.ZodTypeAny): (status: number, body: unknown) => string[] {
  return (status, body) => {
    const result = (status === 200 ? success : v1Error).safeParse(body);
    return result.success
      ? []
      : result.error.issues.map((i) => `${['response', ...i.path].join('.')} ${i.message}`);
  };
}

/** zod's complaints as v1 problem messages: `where.path: message`. */
export function problemsOf(error: z.ZodError, where: string): string[] {
  return error.issues.map((i) => {
    const at = i.path.length ? `${where}.${i.path.join('.')}` : where;
    return `${at}: ${i.message}`;
  });
}
