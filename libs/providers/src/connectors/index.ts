import { findAction } from '../action-catalog';
import { Connector, ConnectorOptions } from './connector';

/** The API client of an action, or undefined when the action is unknown (its dialogs cannot run). */
export function createConnector(actionKey: string, options: ConnectorOptions = {}): Connector | undefined {
  return findAction(actionKey)?.connector(options);
}

export function hasConnector(actionKey: string): boolean {
  return findAction(actionKey) !== undefined;
}
