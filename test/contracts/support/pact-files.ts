import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Pact files are written here (no broker): consumers write them, providers verify them. */
export const PACT_ROOT = join(__dirname, '..', '..', '..', '.cache', 'pacts');
export const MESSAGE_PACTS = join(PACT_ROOT, 'messages');
export const HTTP_PACTS = join(PACT_ROOT, 'http');

/** Pact JS merges into an existing file: each run starts from an empty folder. */
export function emptyPactDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The file Pact JS writes for a consumer and a provider. */
export const pactFile = (dir: string, consumer: string, provider: string) =>
  join(dir, `${consumer}-${provider}.json`);

export function pactFilesIn(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
}
