// Fails when an app's entities and its checked-in migrations disagree (npm run db:check-drift).
// Each app is migrated from nothing on a scratch database; any SQL TypeORM still wants is drift.
import { pendingSchemaChanges, recreateDatabase, scratchName, services } from './schema-diff.mjs';

const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/actionhub';
const scratch = await recreateDatabase(baseUrl, scratchName('actionhub_drift_check'));
let drifted = 0;
for (const app of services) {
  const { up } = await pendingSchemaChanges(app, scratch);
  if (up.length === 0) {
    console.log(`  ${app}: entities and migrations agree`);
    continue;
  }
  drifted++;
  console.error(`  ${app}: entities and migrations have drifted; a migration would need:`);
  for (const q of up) console.error(`    ${q.query};`);
}
if (drifted > 0) {
  console.error(
    `\n${drifted} service(s) drifted. Add a migration: node tools/db/generate-migration.mjs <app> <Name>`,
  );
  process.exit(1);
}
