import { ConfluenceConnector } from './confluence.connector';
import { Connector, ConnectorOptions } from './connector';

const factories: Record<string, (options: ConnectorOptions) => Connector> = {
  confluence: (options) => new ConfluenceConnector(options),
};

/** The API client of an action, or undefined when the action has none (its dialogs cannot run). */
export function createConnector(actionKey: string, options: ConnectorOptions = {}): Connector | undefined {
  return factories[actionKey]?.(options);
}

export function hasConnector(actionKey: string): boolean {
  return actionKey in factories;
}
