// The only entry point: other projects import `@actionhub/contracts`, never a file inside it.
export { Topics, type Topic, dlqTopic, allTopics, DLQ_LEDGER_TOPIC } from './topics';
export { type EventEnvelope, EventEnvelopeSchema, envelopeSchema } from './envelope';
export { ContractViolationError, type ContractIssue } from './contract-violation.error';
export {
  defineEvent,
  type EventDefinition,
  type EventOf,
  type EventSpec,
  type PayloadOf,
} from './define-event';
export {
  eventDefinitions,
  eventDefinition,
  createEvent,
  parseEvent,
  serializeEvent,
  eventKey,
  type AnyEvent,
  type AnyEventDefinition,
  type EventType,
  type EventOfType,
  type CreateEventInput,
  type EventHeaders,
  type SerializedEvent,
} from './registry';
export {
  actionKey as actionKeySchema,
  templateKey as templateKeySchema,
  authorizationType as authorizationTypeSchema,
  mechanism as mechanismSchema,
  profileRef as profileRefSchema,
  profileId as profileIdSchema,
  subject as subjectSchema,
  site as siteSchema,
  isUuid,
  type AuthorizationType,
  type Mechanism,
  type ProfileRef,
  type ProfileId,
  type Subject,
  type Site,
} from './schemas/common-fields';
export * from './schemas/dialog-definition';
export {
  configurationSequence as configurationSequenceSchema,
  isStaleConfigurationEvent,
  type ConfigurationView,
  type SequencedConfigurationEvent,
} from './schemas/configuration-sequence';
export * from './events/authorization-completed.event';
export * from './events/authorization-failed.event';
export * from './events/connection-refresh-failed.event';
export * from './events/connection-revoked.event';
export * from './events/auth-profile-deleted.event';
export * from './events/action-configured.event';
export * from './events/action-disabled.event';
export * from './events/action-enabled.event';
export * from './events/action-deleted.event';
export * from './events/template-installed.event';
export * from './events/template-uninstalled.event';
export * from './events/dialog-task-created.event';
export * from './events/dialog-task-deleted.event';
export * from './events/dialog-task-creation-failed.event';
