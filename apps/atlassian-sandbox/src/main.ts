import { seedDevelopment } from './admin/seed';
import { startSandbox } from './sandbox-server';

// `node apps/atlassian-sandbox/dist/main.js`: SANDBOX_PORT (4000), SANDBOX_HOST, SANDBOX_PUBLIC_URL,
// and the development client: SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_REDIRECT_URIS (comma-separated).
async function main() {
  const port = Number(process.env.SANDBOX_PORT ?? 4000);
  const host = process.env.SANDBOX_HOST ?? '127.0.0.1';
  const sandbox = await startSandbox(port, host, { publicUrl: process.env.SANDBOX_PUBLIC_URL });
  seedDevelopment(sandbox.state);
  process.stdout.write(`atlassian-sandbox listening on ${sandbox.url}\n`);
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
