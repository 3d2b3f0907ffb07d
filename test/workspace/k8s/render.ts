import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { K8sObject } from './kubernetes-schemas';

/** kubectl from KUBECTL or PATH; .ci/run installs Debian's kubernetes-client when there is none. */
export const kubectl = process.env.KUBECTL || 'kubectl';

export interface Rendering {
  objects: K8sObject[];
  /** kustomize's notices, such as the deprecation of `bases` in kustomize 5. */
  warnings: string;
}

/** `kubectl kustomize <dir>`, parsed; throws with kubectl's own message when it fails. */
export function renderKustomization(dir: string): Rendering {
  const run = spawnSync(kubectl, ['kustomize', dir], { encoding: 'utf8' });
  if (run.error) {
    throw new Error(
      `cannot run ${kubectl} (${run.error.message}): install kubectl, e.g. Debian's kubernetes-client`,
    );
  }
  if (run.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${run.stderr.trim()}`);
  const objects = parseAllDocuments(run.stdout)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${dir}: ${doc.errors[0].message}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((object): object is K8sObject => object !== null);
  return { objects, warnings: run.stderr.trim() };
}
