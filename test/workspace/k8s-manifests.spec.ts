import { allTopics, DLQ_LEDGER_TOPIC } from '@actionhub/contracts';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZodTypeAny } from 'zod';
import { configSchema as actionConfig } from '../../apps/action-config/src/config/action-config.config';
import { configSchema as authProfiles } from '../../apps/auth-profiles/src/config/auth-profiles.config';
import { configSchema as dialogs } from '../../apps/dialogs/src/config/dialogs.config';
import { configSchema as templateInstaller } from '../../apps/template-installer/src/config/template-installer.config';
import { K8sObject, knownCustomResources, validateObjects } from './k8s/kubernetes-schemas';
import { allowedFlows, policyProblems } from './k8s/manifest-policy';
import { renderKustomization, Rendering } from './k8s/render';

// Renders every overlay and example with `kubectl kustomize` and validates each object offline:
// built-in kinds against the Kubernetes API schemas (kubernetes-models), Strimzi and
// CloudNativePG resources against their CRD schemas (k8s/crd-schemas). Then the house rules.
const root = join(__dirname, '..', '..');
const k8s = join(root, 'deploy', 'k8s');
const kustomizations = ['overlays', 'examples'].flatMap((group) =>
  readdirSync(join(k8s, group)).map((name) => `${group}/${name}`),
);

const platformEgress = ['dns:53', 'dns:53/udp', 'kafka:9092', 'postgres:5432'];
const services = {
  'auth-profiles': {
    port: 3001,
    schema: authProfiles,
    ingress: ['namespace:ingress-nginx:3001', 'pod:action-config|dialogs:3001'],
    egress: [...platformEgress, 'internet:443'],
  },
  'action-config': {
    port: 3002,
    schema: actionConfig,
    ingress: ['namespace:ingress-nginx:3002'],
    egress: [...platformEgress, 'pod:auth-profiles:3001'],
  },
  'template-installer': {
    port: 3003,
    schema: templateInstaller,
    ingress: ['namespace:ingress-nginx:3003'],
    egress: platformEgress,
  },
  dialogs: {
    port: 3004,
    schema: dialogs,
    ingress: ['namespace:ingress-nginx:3004'],
    egress: [...platformEgress, 'internet:443', 'pod:auth-profiles:3001'],
  },
} satisfies Record<string, { port: number; schema: ZodTypeAny; ingress: string[]; egress: string[] }>;

// Stand-ins for what the platform team puts in the Secrets, so each app's own schema can judge the rest.
const secretStandIns: Record<string, string> = {
  DATABASE_URL: 'postgres://svc:password@actionhub-db-rw:5432/actionhub',
  JWT_SECRET: 'j'.repeat(40),
  INTERNAL_JWT_SECRET: 'i'.repeat(40),
  ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  CONFLUENCE_SYSTEM_CLIENT_ID: 'client-id',
  CONFLUENCE_SYSTEM_CLIENT_SECRET: 'client-secret',
  JIRA_SYSTEM_CLIENT_ID: 'jira-client-id',
  JIRA_SYSTEM_CLIENT_SECRET: 'jira-client-secret',
  KAFKA_SASL_PASSWORD: 'kafka-password',
};

// A file a variable names must be in a volume the container mounts; the schema then reads this
// stand-in (the real one comes from a Secret) instead.
const standInDir = mkdtempSync(join(tmpdir(), 'k8s-files-'));
const standInPem = join(standInDir, 'stand-in.pem');
writeFileSync(standInPem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
afterAll(() => rmSync(standInDir, { recursive: true, force: true }));

const find = (objects: K8sObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);

/** The environment a service's container gets: its ConfigMaps, literal values and the Secrets' stand-ins. */
function containerEnv(objects: K8sObject[], service: string): Record<string, string> {
  const container = find(objects, 'Deployment', service)!.spec.template.spec.containers[0];
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    Object.assign(env, find(objects, 'ConfigMap', source.configMapRef.name)?.data ?? {});
  }
  for (const variable of container.env ?? []) {
    env[variable.name] = variable.valueFrom?.secretKeyRef ? secretStandIns[variable.name] : variable.value;
  }
  const mounts: string[] = (container.volumeMounts ?? []).map((m: { mountPath: string }) => m.mountPath);
  for (const [name, value] of Object.entries(env)) {
    if (name.endsWith('_FILE') && mounts.some((path) => value.startsWith(`${path}/`))) env[name] = standInPem;
  }
  return env;
}

const schemaKeys = (schema: ZodTypeAny): string[] =>
  Object.keys((schema as unknown as { _def: { schema: { shape: object } } })._def.schema.shape);

it('finds the overlays and the example', () => {
  expect(kustomizations).toEqual(
    expect.arrayContaining([
      'overlays/development',
      'overlays/production',
      'examples/production-strimzi-cnpg',
    ]),
  );
});

describe.each(kustomizations)('deploy/k8s/%s', (dir) => {
  let rendering: Rendering;
  let objects: K8sObject[];
  beforeAll(() => {
    rendering = renderKustomization(join(k8s, dir));
    objects = rendering.objects;
  });

  it('renders with kubectl kustomize, and every object is valid against its schema', () => {
    expect(objects.length).toBeGreaterThan(30);
    // kustomize 5 says `bases`/`patchesStrategicMerge` are deprecated (kept for Debian's kubectl 1.20); nothing else.
    const notices = rendering.warnings.split('\n').filter((line) => line && !/is deprecated/.test(line));
    expect(notices).toEqual([]);
    expect(validateObjects(objects)).toEqual([]);
  });

  it('keeps the house rules: no Secret values, non-root, resources, probes, PDB, HPA, NetworkPolicy', () => {
    expect(policyProblems(objects)).toEqual([]);
  });

  it('puts everything in the overlay namespace', () => {
    const namespace = objects.find((o) => o.kind === 'Namespace')?.metadata.name;
    expect(namespace).toMatch(/^actionhub/);
    for (const object of objects.filter((o) => o.kind !== 'Namespace')) {
      expect(`${object.kind} ${object.metadata.name} ${object.metadata.namespace}`).toBe(
        `${object.kind} ${object.metadata.name} ${namespace}`,
      );
    }
  });

  it.each(Object.entries(services))(
    'runs %s with probes on its port and only the flows it needs',
    (name, svc) => {
      const deployment = find(objects, 'Deployment', name)!;
      expect(deployment).toBeDefined();
      const container = deployment.spec.template.spec.containers[0];
      expect(container.ports).toEqual([{ name: 'http', containerPort: svc.port, protocol: 'TCP' }]);
      expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
      expect(deployment.spec.template.spec.initContainers[0].command).toEqual([
        'node',
        `apps/${name}/dist/migrate.js`,
      ]);
      expect(find(objects, 'Service', name)?.spec.ports[0].port).toBe(svc.port);

      const flows = allowedFlows(objects, deployment.spec.template.metadata.labels);
      expect(flows.ingress).toEqual([...svc.ingress].sort());
      expect(flows.egress).toEqual([...svc.egress].sort());
    },
  );

  it.each(Object.entries(services))('configures %s so that its own config schema accepts it', (name, svc) => {
    const env = containerEnv(objects, name);
    expect(Number(env.PORT)).toBe(svc.port);
    const unknown = Object.keys(env).filter((key) => !schemaKeys(svc.schema).includes(key));
    expect(unknown).toEqual([]);
    const parsed = svc.schema.safeParse(env);
    expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(
      [],
    );
    if (name === 'auth-profiles') expect(env.PUBLIC_BASE_URL).not.toMatch(/127\.0\.0\.1/);
  });

  it('declares every topic and its dead-letter topic as a Strimzi KafkaTopic', () => {
    const topics = objects.filter((o) => o.kind === 'KafkaTopic');
    expect(topics.map((t) => t.spec.topicName).sort()).toEqual([...allTopics(), DLQ_LEDGER_TOPIC].sort());
    const ledger = topics.find((t) => t.spec.topicName === DLQ_LEDGER_TOPIC)!;
    expect(ledger.spec.config['cleanup.policy']).toBe('compact');
    for (const topic of topics) {
      expect(topic.metadata.labels?.['strimzi.io/cluster']).toBe('actionhub-kafka');
      expect(topic.spec.config['min.insync.replicas']).toBeLessThanOrEqual(topic.spec.replicas);
    }
  });
});

describe('deploy/k8s/examples/production-strimzi-cnpg', () => {
  const { objects } = renderKustomization(join(k8s, 'examples', 'production-strimzi-cnpg'));
  const kafka = objects.find((o) => o.kind === 'Kafka')!;
  const cluster = objects.find((o) => o.kind === 'Cluster')!;

  it('runs the Kafka cluster the services, topics and policies name', () => {
    const common = objects.find(
      (o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('actionhub-common'),
    )!;
    const listener = kafka.spec.kafka.listeners.find((l: { port: number }) => `${l.port}` === '9092');
    expect(common.data.KAFKA_BROKERS).toBe(`${kafka.metadata.name}-kafka-bootstrap:${listener.port}`);
    // TLS and SCRAM-SHA-512 with ACLs, the services configured to match.
    expect(listener).toMatchObject({
      type: 'internal',
      tls: true,
      authentication: { type: 'scram-sha-512' },
    });
    expect(kafka.spec.kafka.authorization).toEqual({ type: 'simple' });
    expect(kafka.spec.entityOperator.userOperator).toBeDefined();
    expect(common.data).toMatchObject({
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SSL_CA_FILE: '/etc/kafka-ca/ca.crt',
    });
    const pools = objects.filter((o) => o.kind === 'KafkaNodePool');
    expect(pools.every((p) => p.metadata.labels?.['strimzi.io/cluster'] === kafka.metadata.name)).toBe(true);
    expect(
      pools.reduce((n, p) => n + (p.spec.roles.includes('broker') ? p.spec.replicas : 0), 0),
    ).toBeGreaterThanOrEqual(3);
    expect(kafka.spec.entityOperator.topicOperator).toBeDefined();
  });

  it('gives the services a SCRAM-SHA-512 KafkaUser whose ACLs cover their topics and groups, and the cluster CA', () => {
    const common = objects.find(
      (o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('actionhub-common'),
    )!;
    const user = find(objects, 'KafkaUser', common.data.KAFKA_SASL_USERNAME)!;
    expect(user).toBeDefined();
    expect(user.metadata.labels['strimzi.io/cluster']).toBe(kafka.metadata.name);
    expect(user.spec.authentication).toEqual({ type: 'scram-sha-512' });
    const allowed = (type: string, name: string, operation: string) =>
      user.spec.authorization.acls.some(
        (acl: { resource: { type: string; name?: string; patternType?: string }; operations: string[] }) =>
          acl.resource.type === type &&
          (acl.resource.patternType === 'prefix'
            ? name.startsWith(acl.resource.name!)
            : name === acl.resource.name) &&
          acl.operations.includes(operation),
      );
    for (const topic of [...allTopics(), DLQ_LEDGER_TOPIC]) {
      for (const operation of ['Read', 'Write', 'Describe', 'Create'])
        expect(allowed('topic', topic, operation)).toBe(true);
    }
    for (const service of Object.keys(services)) {
      expect(allowed('group', `actionhub.${service}`, 'Read')).toBe(true);
    }
    expect(allowed('group', 'actionhub.dlq-tool.0a1b2c', 'Delete')).toBe(true);

    for (const name of Object.keys(services)) {
      const pod = find(objects, 'Deployment', name)!.spec.template.spec;
      const password = pod.containers[0].env.find((e: { name: string }) => e.name === 'KAFKA_SASL_PASSWORD');
      // Strimzi's User Operator writes the password into a Secret named after the KafkaUser.
      expect(password.valueFrom.secretKeyRef).toEqual({ name: user.metadata.name, key: 'password' });
      const volume = pod.volumes.find((v: { name: string }) => v.name === 'kafka-ca');
      expect(volume.secret.secretName).toBe(`${kafka.metadata.name}-cluster-ca-cert`);
      expect(pod.containers[0].volumeMounts).toContainEqual({
        name: 'kafka-ca',
        mountPath: '/etc/kafka-ca',
        readOnly: true,
      });
    }
  });

  it('runs the PostgreSQL cluster with one login role per service schema, passwords from Secrets', () => {
    const egress = find(objects, 'NetworkPolicy', 'actionhub-platform-egress')!.spec.egress;
    expect(JSON.stringify(egress)).toContain(`"cnpg.io/cluster":"${cluster.metadata.name}"`);
    const roles = cluster.spec.managed.roles;
    expect(roles.map((r: { name: string }) => r.name).sort()).toEqual(
      Object.keys(services)
        .map((s) => s.replace(/-/g, '_'))
        .sort(),
    );
    for (const role of roles) {
      expect(role).toMatchObject({
        login: true,
        passwordSecret: { name: `actionhub-db-${role.name.replace(/_/g, '-')}` },
      });
    }
    // Each service's migration runs CREATE SCHEMA IF NOT EXISTS, which needs CREATE on the database.
    expect(cluster.spec.bootstrap.initdb.postInitApplicationSQL.join('\n')).toMatch(
      /GRANT CREATE ON DATABASE actionhub TO auth_profiles, action_config, template_installer, dialogs/,
    );
  });
});

describe('the checks reject broken manifests', () => {
  const { objects } = renderKustomization(join(k8s, 'overlays', 'production'));
  const copy = () => JSON.parse(JSON.stringify(objects)) as K8sObject[];
  const deployment = (all: K8sObject[]) => find(all, 'Deployment', 'dialogs')!;

  it('kubectl kustomize fails on a kustomization that names a missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kustomize-'));
    try {
      writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n  - missing.yaml\n');
      expect(() => renderKustomization(dir)).toThrow(/kubectl kustomize .* failed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects built-in objects with a wrong type, a missing required field or an unknown field', () => {
    const wrongType = deployment(copy());
    wrongType.spec.replicas = 'two';
    const missing = deployment(copy());
    delete missing.spec.template.spec.containers[0].name;
    const misspelled = deployment(copy());
    misspelled.spec.template.spec.containers[0].readinesProbe = {
      httpGet: { path: '/health/ready', port: 'http' },
    };
    const badPolicy = find(copy(), 'NetworkPolicy', 'dialogs')!;
    badPolicy.spec.egress[0].ports[0].protocol = 'ICMP';

    const problems = validateObjects([wrongType, missing, misspelled, badPolicy]);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Deployment dialogs: .*replicas must be integer/),
        expect.stringMatching(/Deployment dialogs: .*must have required property '?name'?/),
        expect.stringMatching(/Deployment dialogs: .*readinesProbe.* does not exist in type 'IContainer'/),
        expect.stringMatching(/NetworkPolicy dialogs: .*protocol/),
      ]),
    );
  });

  it('rejects custom resources that break their CRD schema, and kinds it has no schema for', () => {
    expect(knownCustomResources()).toEqual(
      expect.arrayContaining([
        'kafka.strimzi.io/v1 KafkaTopic',
        'kafka.strimzi.io/v1 Kafka',
        'postgresql.cnpg.io/v1 Cluster',
      ]),
    );
    const topic = copy().find((o) => o.kind === 'KafkaTopic')!;
    topic.spec.partitions = 0;
    topic.spec.partitionCount = 3;
    const cluster: K8sObject = {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: { name: 'db' },
      spec: {},
    };
    const unknown: K8sObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    expect(validateObjects([topic, cluster, unknown])).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/KafkaTopic .*\/spec\/partitions must be >= 1/),
        expect.stringMatching(/KafkaTopic .*must NOT have additional properties \(partitionCount\)/),
        expect.stringMatching(/Cluster db: \/spec must have required property 'instances'/),
        expect.stringMatching(/Widget w: no schema/),
      ]),
    );
  });

  it('reports each broken house rule', () => {
    const all = copy();
    const pod = deployment(all).spec.template.spec;
    delete pod.containers[0].resources.limits;
    pod.securityContext.runAsNonRoot = false;
    pod.containers[0].securityContext.readOnlyRootFilesystem = false;
    pod.containers[0].readinessProbe.httpGet.path = '/health/live';
    pod.containers[0].env.push({ name: 'JWT_SECRET', value: 'in-the-clear' });
    pod.initContainers = [];
    all.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'leak' }, stringData: { KEY: 'value' } });
    const withoutPdb = all.filter(
      (o) => !(o.kind === 'PodDisruptionBudget' && o.metadata.name === 'dialogs'),
    );
    const withoutHpa = withoutPdb.filter(
      (o) => !(o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === 'dialogs'),
    );
    const broken = withoutHpa.filter((o) => !(o.kind === 'NetworkPolicy' && o.metadata.name === 'dialogs'));

    expect(policyProblems(broken).sort()).toEqual(
      [
        'Secret leak: secret values in the manifests',
        'Deployment dialogs: runAsNonRoot is not set',
        'Deployment dialogs container dialogs: no limits.cpu',
        'Deployment dialogs container dialogs: no limits.memory',
        'Deployment dialogs container dialogs: root filesystem not read-only',
        'Deployment dialogs container dialogs: JWT_SECRET is not read from a Secret',
        'Deployment dialogs: readinessProbe is not GET /health/ready',
        'Deployment dialogs: no migration init container',
        'Deployment dialogs: no PodDisruptionBudget',
        'Deployment dialogs: no HorizontalPodAutoscaler',
        'Deployment dialogs: no NetworkPolicy of its own',
      ].sort(),
    );
  });

  it('sees a flow that a policy opens', () => {
    const all = copy();
    const before = allowedFlows(all, deployment(all).spec.template.metadata.labels);
    find(all, 'NetworkPolicy', 'template-installer')!.spec.podSelector.matchLabels['app.kubernetes.io/name'] =
      'dialogs';
    const after = allowedFlows(all, deployment(all).spec.template.metadata.labels);
    expect(after.ingress).toEqual([...before.ingress, 'namespace:ingress-nginx:3003'].sort());
  });
});

describe.each(Object.keys(services))('apps/%s/Dockerfile and its Deployment', (name) => {
  const dockerfile = readFileSync(join(root, 'apps', name, 'Dockerfile'), 'utf8');
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
  const { objects } = renderKustomization(join(k8s, 'overlays', 'production'));
  const pod = find(objects, 'Deployment', name)!.spec.template.spec;

  it('runs as the numeric user the pod asks for, so runAsNonRoot can be checked by the kubelet', () => {
    expect(runtime).toMatch(new RegExp(`^USER ${pod.securityContext.runAsUser}(:\\d+)?$`, 'm'));
  });

  it('exposes the port the Deployment probes and starts the service as PID 1 on SIGTERM', () => {
    const port = services[name as keyof typeof services].port;
    expect(runtime).toMatch(new RegExp(`^EXPOSE ${port}$`, 'm'));
    expect(runtime).toMatch(/^STOPSIGNAL SIGTERM$/m);
    // Exec form: node itself gets the signal (a shell in between would not pass it on).
    expect(runtime).toContain(`CMD ["node", "apps/${name}/dist/main.js"]`);
  });
});
