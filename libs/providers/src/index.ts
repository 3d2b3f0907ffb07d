export { ActionDefinition, OAuth2Settings } from './action-definition';
export { actionCatalog, findAction } from './action-catalog';
export { confluenceAction } from './confluence/confluence.action';
export { TemplateSummary, templateSummariesOf } from './template-summary';
