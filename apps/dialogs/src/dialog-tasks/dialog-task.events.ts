import {
  createEvent,
  DialogTaskCreatedV1,
  DialogTaskCreationFailedV1,
  DialogTaskDeletedV1,
} from '@actionhub/contracts';
import { DialogTaskFailureEntity } from './dialog-task-failure.entity';
import { DialogTaskEntity } from './dialog-task.entity';

// A dialog task's events, built from its row: the handlers append them, and the contract tests
// verify these same functions against the consumers' pacts.

/** The event that caused the change: its ids travel on. */
export type Cause = { appId: string; correlationId: string; causationId: string };

type TaskRow = Pick<DialogTaskEntity, 'dialogId' | 'installationId' | 'actionKey' | 'templateKey'>;

const taskPayload = (task: TaskRow) => ({
  installationId: task.installationId,
  dialogId: task.dialogId,
  actionKey: task.actionKey,
  templateKey: task.templateKey,
});

export const dialogTaskCreated = (task: TaskRow, cause: Cause) =>
  createEvent(DialogTaskCreatedV1, { ...cause, payload: taskPayload(task) });

export const dialogTaskDeleted = (task: TaskRow, cause: Cause) =>
  createEvent(DialogTaskDeletedV1, { ...cause, payload: taskPayload(task) });

export const dialogTaskCreationFailed = (
  failure: Pick<DialogTaskFailureEntity, 'installationId' | 'actionKey' | 'templateKey' | 'reason'>,
  cause: Cause,
) =>
  createEvent(DialogTaskCreationFailedV1, {
    ...cause,
    payload: {
      installationId: failure.installationId,
      actionKey: failure.actionKey,
      templateKey: failure.templateKey,
      reason: failure.reason,
    },
  });
