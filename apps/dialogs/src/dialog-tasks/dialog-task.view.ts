import { DialogTaskEntity } from './dialog-task.entity';

/** One row of the Dialogs page. */
export function dialogListItem(task: DialogTaskEntity) {
  return {
    dialogId: task.dialogId,
    name: task.name,
    actionKey: task.actionKey,
    templateKey: task.templateKey,
    templateVersion: task.templateVersion,
    installationId: task.installationId,
    createdAt: task.createdAt.toISOString(),
  };
}

/** The dialog task itself: intent, entities, nodes (service nodes with their serviceType) and edges. */
export function dialogTaskView(task: DialogTaskEntity) {
  const { description, intent, entities, nodes, edges } = task.definition;
  return { ...dialogListItem(task), description: description ?? null, intent, entities, nodes, edges };
}
