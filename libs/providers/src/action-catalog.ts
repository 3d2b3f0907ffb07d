import { ActionDefinition } from './action-definition';
import { confluenceAction } from './confluence/confluence.action';

/** Every action the platform offers, in display order. */
export const actionCatalog: readonly ActionDefinition[] = [confluenceAction];

export function findAction(key: string): ActionDefinition | undefined {
  return actionCatalog.find((action) => action.key === key);
}
