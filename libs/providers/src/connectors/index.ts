import { findAction } from '../action-catalog';
import { Connector, ConnectorOptions } from './connector';

/**
 * The API client of an action, told the action's API paths, or undefined when the action is
 * unknown (its dialogs cannot run).
 */
export function createConnector(actionKey: string, options: ConnectorOptions = {}): Connector | undefined {
  const action = findAction(actionKey);
  return action?.connector({
    ...options,
    apis: { main: action.basicApiPath, named: action.apiBases ?? {} },
  });
}

export function hasConnector(actionKey: string): boolean {
  return findAction(actionKey) !== undefined;
}
