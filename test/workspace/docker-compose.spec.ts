import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

// No Docker engine runs in CI, so the compose file and the Dockerfiles are checked by reading them.
const root = join(__dirname, '..', '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });

const services: Record<string, number> = {
  'auth-profiles': 3001,
  'action-config': 3002,
  'template-installer': 3003,
  dialogs: 3004,
};

describe('docker-compose.yml', () => {
  it('runs the official Kafka (KRaft, 4.x) and PostgreSQL images with health checks', () => {
    expect(compose.services.kafka.image).toMatch(/^apache\/kafka:4\./);
    expect(compose.services.kafka.environment.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(compose.services.postgres.image).toMatch(/^postgres:\d+/);
    for (const infra of ['kafka', 'postgres']) expect(compose.services[infra].healthcheck.test).toBeDefined();
  });

  it.each(Object.entries(services))(
    'runs %s on port %d after Kafka and PostgreSQL are healthy',
    (name, port) => {
      const service = compose.services[name];
      expect(service).toBeDefined();
      expect(service.build.dockerfile).toBe(`apps/${name}/Dockerfile`);
      expect(existsSync(join(root, service.build.dockerfile))).toBe(true);
      expect(Number(service.environment.PORT)).toBe(port);
      expect(service.ports).toContain(`${port}:${port}`);
      expect(service.environment.KAFKA_BROKERS).toBe('kafka:9092');
      expect(service.environment.DATABASE_URL).toMatch(/@postgres:5432\//);
      expect(service.depends_on.kafka.condition).toBe('service_healthy');
      expect(service.depends_on.postgres.condition).toBe('service_healthy');
      expect(service.healthcheck.test.join(' ')).toContain(`:${port}/health/ready`);
      expect(service.command.join(' ')).toContain(`apps/${name}/dist/migrate.js`);
    },
  );
});

describe.each(Object.keys(services))('apps/%s/Dockerfile', (name) => {
  const dockerfile = readFileSync(join(root, 'apps', name, 'Dockerfile'), 'utf8');
  const stages = dockerfile.match(/^FROM\s+\S+/gm) ?? [];

  it('is multi-stage on Node 24', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const from of stages) expect(from).toMatch(/FROM node:24[-.\w]*/);
  });

  it('runs as a non-root user the app it is named after', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toMatch(/^USER (?!root\b|0\b)\S+/m);
    expect(runtime).toContain(`"apps/${name}/dist/main.js"`);
    expect(runtime).toMatch(/COPY --from=build/);
  });
});
