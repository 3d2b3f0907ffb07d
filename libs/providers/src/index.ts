export { ActionDefinition, OAuth2Settings } from './action-definition';
export { actionCatalog, findAction } from './action-catalog';
export { jiraAction } from './jira/jira.action';
export { jiraTemplates } from './jira/templates';
export { confluenceAction } from './confluence/confluence.action';
export { TemplateSummary, templateSummariesOf } from './template-summary';
export { TemplateDefinition, TemplateListing, TemplateMethod } from './templates/template-definition';
export {
  templateCatalog,
  templatesOf,
  findTemplate,
  templateListingsOf,
  registerAction,
} from './templates/template-catalog';
export { confluenceTemplates } from './confluence/templates';
export {
  ConnectionCredentials,
  Connector,
  ConnectorError,
  ConnectorFailureKind,
  ConnectorOptions,
  ConnectorRequest,
  ConnectorResult,
  PaginationStyle,
} from './connectors/connector';
export { AtlassianConnector } from './connectors/atlassian-connector';
export { ConfluenceConnector } from './connectors/confluence.connector';
export { JiraConnector } from './connectors/jira.connector';
export { createConnector, hasConnector } from './connectors';
export { retryAfterMs } from './connectors/retry-after';
