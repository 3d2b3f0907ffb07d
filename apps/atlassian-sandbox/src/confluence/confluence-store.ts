import { Content, ContentKind, Space } from '../state/sandbox-model';
import { SandboxState } from '../state/sandbox-state';

/** Author of seeded content when no user is named (Atlassian's own system account looks like this). */
const SYSTEM_ACCOUNT = '557058:sandbox-system';

export interface NewSpace {
  cloudId: string;
  key: string;
  name: string;
  type?: Space['type'];
  authorId?: string;
}

/** A space with its homepage, as Confluence creates them (new pages hang under the homepage). */
export function createSpace(state: SandboxState, input: NewSpace): Space {
  const space: Space = {
    id: state.numericId(),
    cloudId: input.cloudId,
    key: input.key,
    name: input.name,
    type: input.type ?? 'global',
    status: 'current',
    homepageId: null,
    createdAt: new Date(state.now()).toISOString(),
  };
  state.spaces.set(space.id, space);
  const home = createContent(state, {
    kind: 'page',
    space,
    title: `${input.name} Home`,
    status: 'current',
    parentId: null,
    authorId: input.authorId ?? SYSTEM_ACCOUNT,
    bodyStorage: `<p>Welcome to ${input.name}.</p>`,
  });
  space.homepageId = home.id;
  return space;
}

/**
 * The spaces every sandbox site starts with (`DEV` "Development", `TEAM` "Team"). Idempotent: the
 * admin part calls it whenever a user's site is registered.
 */
export function ensureDefaultSpaces(state: SandboxState, cloudId: string, authorId?: string): Space[] {
  return [
    { key: 'DEV', name: 'Development' },
    { key: 'TEAM', name: 'Team' },
  ].map((s) => spaceByKey(state, cloudId, s.key) ?? createSpace(state, { cloudId, authorId, ...s }));
}

export function spaceByKey(state: SandboxState, cloudId: string, key: string): Space | undefined {
  return [...state.spaces.values()].find((s) => s.cloudId === cloudId && s.key === key);
}

export interface NewContent {
  kind: ContentKind;
  space: Space;
  title: string;
  status: Content['status'];
  parentId: string | null;
  authorId: string;
  bodyStorage: string;
}

export function createContent(state: SandboxState, input: NewContent): Content {
  const content: Content = {
    id: state.numericId(),
    kind: input.kind,
    cloudId: input.space.cloudId,
    spaceId: input.space.id,
    title: input.title,
    status: input.status,
    parentId: input.parentId,
    authorId: input.authorId,
    bodyStorage: input.bodyStorage,
    version: 1,
    versionMessage: '',
    versionAuthorId: input.authorId,
    versionCreatedAt: new Date(state.now()).toISOString(),
    createdAt: new Date(state.now()).toISOString(),
    labels: [],
  };
  state.contents.set(content.id, content);
  return content;
}
