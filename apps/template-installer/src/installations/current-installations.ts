import { ACTIVE_STATUSES, TemplateInstallationEntity } from './template-installation.entity';

/**
 * Per template, the installation a template list shows: the installing or installed one (at most
 * one, by the unique index), else the newest failed one, so its reason shows. Uninstalled ones
 * are history and show nowhere.
 */
export function currentInstallations(
  installations: TemplateInstallationEntity[],
): Map<string, TemplateInstallationEntity> {
  const rank = (i: TemplateInstallationEntity) =>
    ACTIVE_STATUSES.includes(i.status) ? 2 : i.status === 'failed' ? 1 : 0;
  const current = new Map<string, TemplateInstallationEntity>();
  for (const i of installations) {
    if (rank(i) === 0) continue;
    const known = current.get(i.templateKey);
    if (
      !known ||
      rank(i) > rank(known) ||
      (rank(i) === rank(known) && i.createdAt.getTime() > known.createdAt.getTime())
    ) {
      current.set(i.templateKey, i);
    }
  }
  return current;
}
