// Writes a migration for what an app's entities need beyond its current migrations.
// Usage: npm run build && node tools/db/generate-migration.mjs <app> <PascalCaseName>
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pendingSchemaChanges, recreateDatabase, scratchName, root, services } from './schema-diff.mjs';

const [app, name] = process.argv.slice(2);
if (!services.includes(app) || !/^[A-Z][A-Za-z0-9]+$/.test(name ?? '')) {
  console.error(`usage: node tools/db/generate-migration.mjs <${services.join('|')}> <PascalCaseName>`);
  process.exit(2);
}
const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/actionhub';
const { up, down } = await pendingSchemaChanges(
  app,
  await recreateDatabase(baseUrl, scratchName('actionhub_migration_gen')),
);
if (up.length === 0) {
  console.log(`${app}: no schema changes, nothing written`);
  process.exit(0);
}
const timestamp = Date.now();
const kebab = name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
const statements = (queries) =>
  queries.map((q) => `    await queryRunner.query(${JSON.stringify(q.query)});`).join('\n');
const file = join(root, 'apps', app, 'src', 'database', 'migrations', `${timestamp}-${kebab}.ts`);
writeFileSync(
  file,
  `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${timestamp} implements MigrationInterface {
  name = '${name}${timestamp}';

  async up(queryRunner: QueryRunner): Promise<void> {
${statements(up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${statements([...down].reverse())}
  }
}
`,
);
console.log(`wrote ${file}; add it to the app's migrations list`);
