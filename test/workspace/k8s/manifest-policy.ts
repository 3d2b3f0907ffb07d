import { K8sObject } from './kubernetes-schemas';

/** Names whose value is a secret: they must come from a Secret, never from a literal or a ConfigMap. */
export const SENSITIVE_NAME = /SECRET|PASSWORD|TOKEN|KEYS?$|DATABASE_URL/;

type Labels = Record<string, string>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const subset = (selector: Labels | undefined, labels: Labels | undefined) =>
  !!selector &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);

/** A NetworkPolicy peer or port list, as short words: "pod:auth-profiles:3001", "internet:443"... */
function peerWords(peers: Any[] | undefined, ports: Any[] | undefined): string[] {
  const portList = (ports ?? [{ port: 'any' }]).map(
    (p: Any) => `${p.port}${p.protocol === 'UDP' ? '/udp' : ''}`,
  );
  const words: string[] = [];
  for (const peer of peers ?? [{ anywhere: true }]) {
    let who = 'anywhere';
    const pods: Labels = peer.podSelector?.matchLabels ?? {};
    const namespace = peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
    const names = peer.podSelector?.matchExpressions?.find(
      (e: Any) => e.key === 'app.kubernetes.io/name' && e.operator === 'In',
    )?.values;
    if (peer.ipBlock)
      who = peer.ipBlock.cidr === '0.0.0.0/0' && peer.ipBlock.except?.length ? 'internet' : 'ip';
    else if (namespace === 'kube-system' && pods['k8s-app'] === 'kube-dns') who = 'dns';
    else if (namespace) who = `namespace:${namespace}`;
    else if (pods['strimzi.io/cluster']) who = 'kafka';
    else if (pods['cnpg.io/cluster']) who = 'postgres';
    else if (pods['app.kubernetes.io/name']) who = `pod:${pods['app.kubernetes.io/name']}`;
    else if (names) who = `pod:${[...names].sort().join('|')}`;
    else if (peer.podSelector || peer.namespaceSelector) who = 'selector';
    for (const port of portList) words.push(`${who}:${port}`);
  }
  return words;
}

/** What the NetworkPolicies selecting pods with these labels let in and out, as sorted words. */
export function allowedFlows(objects: K8sObject[], podLabels: Labels) {
  const policies = objects.filter(
    (o) => o.kind === 'NetworkPolicy' && subset(o.spec.podSelector?.matchLabels, podLabels),
  );
  const flows = (direction: 'ingress' | 'egress') =>
    [
      ...new Set(
        policies.flatMap((p) =>
          (p.spec[direction] ?? []).flatMap((rule: Any) =>
            peerWords(direction === 'ingress' ? rule.from : rule.to, rule.ports),
          ),
        ),
      ),
    ].sort();
  const types = new Set(policies.flatMap((p) => p.spec.policyTypes ?? []));
  return {
    ingress: flows('ingress'),
    egress: flows('egress'),
    isolated: types.has('Ingress') && types.has('Egress'),
  };
}

function containerProblems(where: string, container: Any): string[] {
  const problems: string[] = [];
  const resources = container.resources ?? {};
  for (const kind of ['requests', 'limits']) {
    for (const resource of ['cpu', 'memory']) {
      if (resources[kind]?.[resource] === undefined) problems.push(`${where}: no ${kind}.${resource}`);
    }
  }
  const security = container.securityContext ?? {};
  if (security.readOnlyRootFilesystem !== true) problems.push(`${where}: root filesystem not read-only`);
  if (security.allowPrivilegeEscalation !== false) problems.push(`${where}: privilege escalation allowed`);
  if (!security.capabilities?.drop?.includes('ALL')) problems.push(`${where}: capabilities not dropped`);
  for (const variable of container.env ?? []) {
    if (SENSITIVE_NAME.test(variable.name) && !variable.valueFrom?.secretKeyRef) {
      problems.push(`${where}: ${variable.name} is not read from a Secret`);
    }
  }
  return problems;
}

/**
 * The house rules for one rendered overlay: no Secret values anywhere; every service Deployment
 * runs non-root on a read-only root filesystem with resources, probes on the health routes, its
 * migration as an init container, and has a Service, a PodDisruptionBudget, a
 * HorizontalPodAutoscaler and a NetworkPolicy of its own.
 */
export function policyProblems(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  const of = (kind: string) => objects.filter((o) => o.kind === kind);

  for (const secret of of('Secret'))
    problems.push(`Secret ${secret.metadata.name}: secret values in the manifests`);
  for (const map of of('ConfigMap')) {
    for (const key of Object.keys(map.data ?? {})) {
      if (SENSITIVE_NAME.test(key))
        problems.push(`ConfigMap ${map.metadata.name}: ${key} belongs in a Secret`);
    }
  }

  const deployments = of('Deployment');
  if (deployments.length === 0) problems.push('no Deployment rendered');
  for (const deployment of deployments) {
    const name = deployment.metadata.name;
    const where = `Deployment ${name}`;
    const pod = deployment.spec?.template ?? {};
    const podLabels: Labels = pod.metadata?.labels ?? {};
    const spec = pod.spec ?? {};
    if (!subset(deployment.spec?.selector?.matchLabels, podLabels))
      problems.push(`${where}: selector misses its pods`);
    if (spec.securityContext?.runAsNonRoot !== true) problems.push(`${where}: runAsNonRoot is not set`);
    if (!(spec.securityContext?.runAsUser > 0)) problems.push(`${where}: no non-zero runAsUser`);

    const main = (spec.containers ?? []).find((c: Any) => c.name === name);
    if (!main) {
      problems.push(`${where}: no container named ${name}`);
      continue;
    }
    for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
      problems.push(...containerProblems(`${where} container ${container.name}`, container));
    }
    const http = (main.ports ?? []).find((p: Any) => p.name === 'http');
    if (!http) problems.push(`${where}: no port named http`);
    const probe = (kind: string, path: string) => {
      const get = main[kind]?.httpGet;
      if (get?.path !== path) problems.push(`${where}: ${kind} is not GET ${path}`);
      else if (get.port !== 'http' && get.port !== http?.containerPort)
        problems.push(`${where}: ${kind} on another port`);
    };
    probe('livenessProbe', '/health/live');
    probe('readinessProbe', '/health/ready');

    const migrate = (spec.initContainers ?? []).find((c: Any) =>
      (c.command ?? []).join(' ').includes('migrate.js'),
    );
    if (!migrate) problems.push(`${where}: no migration init container`);
    else if (migrate.image !== main.image) problems.push(`${where}: migrations run another image`);
    const tmp = (main.volumeMounts ?? []).find((m: Any) => m.mountPath === '/tmp');
    const tmpVolume = (spec.volumes ?? []).find((v: Any) => v.name === tmp?.name);
    if (!tmpVolume?.emptyDir) problems.push(`${where}: /tmp is not an emptyDir`);
    for (const source of main.envFrom ?? []) {
      const ref = source.configMapRef?.name;
      if (ref && !of('ConfigMap').some((m) => m.metadata.name === ref))
        problems.push(`${where}: no ConfigMap ${ref}`);
    }

    if (
      !of('Service').some(
        (s) =>
          subset(s.spec.selector, podLabels) &&
          s.spec.ports?.some((p: Any) => p.targetPort === 'http' || p.targetPort === http?.containerPort),
      )
    ) {
      problems.push(`${where}: no Service`);
    }
    if (!of('PodDisruptionBudget').some((p) => subset(p.spec.selector?.matchLabels, podLabels))) {
      problems.push(`${where}: no PodDisruptionBudget`);
    }
    const hpa = of('HorizontalPodAutoscaler').find(
      (h) => h.spec.scaleTargetRef?.kind === 'Deployment' && h.spec.scaleTargetRef?.name === name,
    );
    if (!hpa) problems.push(`${where}: no HorizontalPodAutoscaler`);
    else if (!(hpa.spec.minReplicas >= 1 && hpa.spec.maxReplicas >= hpa.spec.minReplicas)) {
      problems.push(`${where}: HorizontalPodAutoscaler bounds are wrong`);
    }
    const own = of('NetworkPolicy').some(
      (p) => p.spec.podSelector?.matchLabels?.['app.kubernetes.io/name'] === name,
    );
    if (!own) problems.push(`${where}: no NetworkPolicy of its own`);
    if (!allowedFlows(objects, podLabels).isolated)
      problems.push(`${where}: ingress and egress are not both restricted`);
  }
  return problems;
}
