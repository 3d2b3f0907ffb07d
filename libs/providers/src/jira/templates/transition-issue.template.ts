import { TemplateDefinition } from '../../templates/template-definition';
import { issueKeyEntity, viewIssueLink, READ, WRITE } from './shared-nodes';

/** The transition the end user named, among those the issue's workflow offers now. */
const CHOSEN = 'transitions.transitions[name=entities.transitionName]';

/**
 * Moves an issue through its workflow. Transitions are workflow-specific and Jira takes them by
 * id, so the ones offered from the current status are listed and the one named is chosen.
 */
export const transitionIssueTemplate: TemplateDefinition = {
  actionKey: 'jira',
  key: 'transition-issue',
  version: 1,
  name: 'Transition Issue',
  description: 'Move an issue through its workflow by naming the transition, for example Done.',
  method: 'POST',
  scopes: [READ, WRITE],
  dialog: {
    name: 'Transition a Jira issue',
    description: 'Moves a Jira issue through its workflow.',
    intent: {
      name: 'transitionIssue',
      utterances: ['Move a Jira issue', 'Mark a Jira ticket as done', 'Change the status of a Jira issue'],
    },
    entities: [
      issueKeyEntity,
      {
        name: 'transitionName',
        type: 'string',
        prompt: 'Which transition, for example In Progress or Done?',
        required: true,
      },
    ],
    nodes: [
      { id: 'intent', kind: 'intent' },
      { id: 'askIssueKey', kind: 'entity', entity: 'issueKey' },
      { id: 'askTransitionName', kind: 'entity', entity: 'transitionName' },
      {
        id: 'listTransitions',
        kind: 'service',
        name: 'List the transitions',
        serviceType: 'integration',
        request: { method: 'GET', path: '/issue/{{entities.issueKey}}/transitions' },
        outputKey: 'transitions',
      },
      {
        id: 'transitionMissing',
        kind: 'message',
        template:
          '{{entities.issueKey}} offers no transition named "{{entities.transitionName}}" from its current status.',
      },
      {
        id: 'transition',
        kind: 'service',
        name: 'Perform the transition',
        serviceType: 'integration',
        request: {
          method: 'POST',
          path: '/issue/{{entities.issueKey}}/transitions',
          body: { transition: { id: `{{${CHOSEN}.id}}` } },
        },
      },
      {
        id: 'transitioned',
        kind: 'message',
        template: `Moved {{entities.issueKey}} to {{${CHOSEN}.to.name}}.`,
        links: [viewIssueLink('{{entities.issueKey}}')],
      },
    ],
    edges: [
      { from: 'intent', to: 'askIssueKey' },
      { from: 'askIssueKey', to: 'askTransitionName' },
      { from: 'askTransitionName', to: 'listTransitions' },
      { from: 'listTransitions', to: 'transitionMissing', condition: `${CHOSEN}.id == null` },
      { from: 'listTransitions', to: 'transition' },
      { from: 'transition', to: 'transitioned' },
    ],
  },
};
