import { ActionDefinition } from './action-definition';
import { confluenceAction } from './confluence/confluence.action';
import { jiraAction } from './jira/jira.action';

const actions: ActionDefinition[] = [confluenceAction, jiraAction];

/** Every action the platform offers, in display order. */
export const actionCatalog: readonly ActionDefinition[] = actions;

export function findAction(key: string): ActionDefinition | undefined {
  return actionCatalog.find((action) => action.key === key);
}

/** Adds an action to the catalog (see `registerAction`, which adds its templates too). */
export function addAction(action: ActionDefinition): void {
  if (findAction(action.key)) throw new Error(`action "${action.key}" is already in the catalog`);
  actions.push(action);
}
