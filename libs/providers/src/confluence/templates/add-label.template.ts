import { TemplateDefinition } from '../../templates/template-definition';
import { findPageSteps, PAGE, pageTitleEntity, spaceKeyEntity } from './shared-nodes';

const LABELS = 'labels.results';
const PAGE_TITLE = `"{{${PAGE}.title}}"`;

/**
 * Adds a label to a page. REST v2 only reads labels, so the label is written through REST v1
 * (`POST /wiki/rest/api/content/{id}/label`, the action's `v1` API), which answers every label the
 * page now has; the page is found by space key and title on v2 as the other page templates do.
 * Confluence lower-cases label names and refuses spaces and punctuation with a 400, which the
 * dialog answers instead of failing.
 */
export const addLabelTemplate: TemplateDefinition = {
  actionKey: 'confluence',
  key: 'add-label',
  version: 1,
  name: 'Add Label',
  description: 'Label a page, and say which labels it now has.',
  method: 'POST',
  scopes: [
    'read:space:confluence',
    'read:page:confluence',
    'read:label:confluence',
    'write:label:confluence',
  ],
  dialog: (() => {
    const steps = findPageSteps('addLabel', [{ id: 'askLabel', kind: 'entity', entity: 'label' }]);
    return {
      name: 'Label a Confluence page',
      description: 'Adds a label to a Confluence page.',
      intent: {
        name: 'addLabel',
        utterances: ['Label a Confluence page', 'Add a label to a Confluence page'],
      },
      entities: [
        spaceKeyEntity,
        pageTitleEntity,
        {
          name: 'label',
          type: 'string',
          prompt: 'Which label? One word, for example release-notes.',
          required: true,
        },
      ],
      nodes: [
        ...steps.nodes,
        {
          id: 'addLabel',
          kind: 'service',
          name: 'Add the label (REST v1)',
          serviceType: 'integration',
          request: {
            method: 'POST',
            api: 'v1',
            path: `/content/{{${PAGE}.id}}/label`,
            body: [{ prefix: 'global', name: '{{entities.label}}' }],
          },
          outputKey: 'labels',
          onRejected: [{ status: 400, to: 'labelRefused' }],
        },
        {
          id: 'labelRefused',
          kind: 'message',
          template:
            'Confluence did not accept the label "{{entities.label}}": a label is one word of at most 255 characters, without spaces or punctuation such as : ; , . ? & ( ) # @ ! (dashes and underscores are fine).',
        },
        {
          id: 'oneLabel',
          kind: 'message',
          template: `${PAGE_TITLE} now has the label {{${LABELS}.0.name}}.`,
          links: [{ label: 'View Content', urlTemplate: `{{page._links.base}}{{${PAGE}._links.webui}}` }],
        },
        {
          id: 'twoLabels',
          kind: 'message',
          template: `${PAGE_TITLE} now has the labels {{${LABELS}.0.name}} and {{${LABELS}.1.name}}.`,
          links: [{ label: 'View Content', urlTemplate: `{{page._links.base}}{{${PAGE}._links.webui}}` }],
        },
        {
          id: 'threeLabels',
          kind: 'message',
          template: `${PAGE_TITLE} now has the labels {{${LABELS}.0.name}}, {{${LABELS}.1.name}} and {{${LABELS}.2.name}}.`,
          links: [{ label: 'View Content', urlTemplate: `{{page._links.base}}{{${PAGE}._links.webui}}` }],
        },
        {
          id: 'manyLabels',
          kind: 'message',
          template: `${PAGE_TITLE} now has {{${LABELS}.length}} labels, among them {{${LABELS}.0.name}}, {{${LABELS}.1.name}} and {{${LABELS}.2.name}}.`,
          links: [{ label: 'View Content', urlTemplate: `{{page._links.base}}{{${PAGE}._links.webui}}` }],
        },
      ],
      edges: [
        ...steps.edges,
        { from: 'addLabel', to: 'oneLabel', condition: `${LABELS}.length == 1` },
        { from: 'addLabel', to: 'twoLabels', condition: `${LABELS}.length == 2` },
        { from: 'addLabel', to: 'threeLabels', condition: `${LABELS}.length == 3` },
        { from: 'addLabel', to: 'manyLabels' },
      ],
    };
  })(),
};
