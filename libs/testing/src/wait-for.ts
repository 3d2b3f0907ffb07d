/**
 * Polls until `probe` returns a value that `until` accepts, then returns it. The failure says
 * what was awaited and what was last seen, so a red test explains itself.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T> | T,
  until: (value: T) => boolean = Boolean,
  { timeoutMs = 20_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (until(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  const seen = lastError ? `error: ${(lastError as Error).message}` : `last value: ${JSON.stringify(last)}`;
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (${seen})`);
}

export const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
