import { randomUUID } from 'node:crypto';
import { currentInstallations } from '../current-installations';
import { installationView } from '../installation.view';
import { InstallationStatus, TemplateInstallationEntity } from '../template-installation.entity';

let clock = Date.parse('2026-01-01T00:00:00Z');
const installation = (
  templateKey: string,
  status: InstallationStatus,
  extra: Partial<TemplateInstallationEntity> = {},
): TemplateInstallationEntity => {
  clock += 1000;
  return Object.assign(new TemplateInstallationEntity(), {
    id: randomUUID(),
    appId: randomUUID(),
    actionKey: 'confluence',
    templateKey,
    templateVersion: 1,
    status,
    dialogId: null,
    error: null,
    createdAt: new Date(clock),
    updatedAt: new Date(clock),
    uninstalledAt: null,
    ...extra,
  });
};

describe('currentInstallations', () => {
  it('prefers the active installation over newer failed ones', () => {
    const active = installation('create-content', 'installed', { dialogId: randomUUID() });
    const failedLater = installation('create-content', 'failed', { error: 'broken' });
    expect(currentInstallations([failedLater, active]).get('create-content')).toBe(active);
    expect(currentInstallations([active, failedLater]).get('create-content')).toBe(active);
  });

  it('shows the newest failed one when none is active, and never an uninstalled one', () => {
    const older = installation('get-content', 'failed', { error: 'first' });
    const newer = installation('get-content', 'failed', { error: 'second' });
    const gone = installation('get-content', 'uninstalled');
    expect(currentInstallations([newer, gone, older]).get('get-content')).toBe(newer);
    expect(currentInstallations([gone]).has('get-content')).toBe(false);
  });

  it('keeps templates apart', () => {
    const a = installation('list-pages', 'installing');
    const b = installation('list-spaces', 'installed');
    const current = currentInstallations([a, b]);
    expect([current.get('list-pages'), current.get('list-spaces')]).toEqual([a, b]);
  });
});

describe('installationView', () => {
  it('shows dialogId and error only once they exist', () => {
    const installing = installation('create-content', 'installing');
    expect(installationView(installing)).toEqual({
      installationId: installing.id,
      actionKey: 'confluence',
      templateKey: 'create-content',
      templateVersion: 1,
      status: 'installing',
      createdAt: installing.createdAt.toISOString(),
      updatedAt: installing.updatedAt.toISOString(),
    });
    const dialogId = randomUUID();
    expect(installationView({ ...installing, status: 'installed', dialogId })).toMatchObject({ dialogId });
    expect(installationView({ ...installing, status: 'failed', error: 'why' })).toMatchObject({
      status: 'failed',
      error: 'why',
    });
  });
});
