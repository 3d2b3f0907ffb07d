import { waitFor } from '@actionhub/testing';
import { DataSource } from 'typeorm';

/**
 * Waits until dialogs built a dialog task for each installation and holds the app's
 * configuration view; answers the dialog ids by template key.
 */
export async function dialogTasksReady(
  db: DataSource,
  appId: string,
  installs: { payload: { templateKey: string; installationId: string } }[],
): Promise<Record<string, string>> {
  const dialogIds: Record<string, string> = {};
  for (const install of installs) {
    const [row] = await waitFor<{ dialog_id: string }[]>(
      `the ${install.payload.templateKey} dialog task`,
      () =>
        db.query('SELECT dialog_id FROM dialogs.dialog_task WHERE installation_id = $1', [
          install.payload.installationId,
        ]),
      (rows) => rows.length === 1,
    );
    dialogIds[install.payload.templateKey] = row.dialog_id;
  }
  await waitFor(
    'the configuration view',
    () => db.query('SELECT 1 FROM dialogs.action_configuration WHERE app_id = $1', [appId]),
    (rows: unknown[]) => rows.length === 1,
  );
  return dialogIds;
}
