import { z } from 'zod';
import { createProject, NewProject } from '../jira/jira-store';
import { JiraProject } from '../state/sandbox-model';
import { SandboxState } from '../state/sandbox-state';

const name = z.string().trim().min(1);

/** POST /admin/projects: a Jira project on a site (by name or cloudId), with its issue types and workflow. */
export const projectBody = z
  .object({
    site: name.optional(),
    cloudId: name.optional(),
    key: z.string(),
    name,
    /** Email of a site user, shown as the project's lead. */
    lead: z.string().email().optional(),
    issueTypes: z.array(name).min(1).optional(),
    statuses: z
      .array(z.object({ name, category: z.enum(['new', 'indeterminate', 'done']) }))
      .min(1)
      .optional(),
    transitions: z
      .array(z.object({ name, to: name, from: z.array(name).optional() }))
      .min(1)
      .optional(),
  })
  .strict()
  .refine((b) => (b.site === undefined) !== (b.cloudId === undefined), 'give exactly one of site or cloudId');

export type ProjectBody = z.infer<typeof projectBody>;

/** The site or lead a project names does not exist (the admin API answers 404). */
export class UnknownReference extends Error {}

export function registerProject(state: SandboxState, input: ProjectBody): JiraProject {
  const site = input.site ? state.siteByName(input.site) : state.sites.get(input.cloudId!);
  if (!site) throw new UnknownReference(`no site ${input.site ?? input.cloudId}`);
  const lead = input.lead ? state.userByEmail(input.lead) : undefined;
  if (input.lead && !lead?.siteIds.includes(site.cloudId)) {
    throw new UnknownReference(`${input.lead} is not a user of site ${site.name}`);
  }
  const project: NewProject = {
    cloudId: site.cloudId,
    key: input.key,
    name: input.name,
    leadAccountId: lead?.accountId ?? null,
    issueTypes: input.issueTypes,
    statuses: input.statuses,
    transitions: input.transitions,
  };
  return createProject(state, project);
}
