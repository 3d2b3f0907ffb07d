// `npm run dlq -- <command>`: the operator's dead-letter tool (dlq-cli.ts). In a container:
// `node libs/messaging/dist/dead-letters/dlq.main.js <command>`, with the service's environment.
import { runDlqCli } from './dlq-cli';

runDlqCli(process.argv.slice(2), {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`dlq: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
