/** No slot came free for the provider's host within the queue wait. */
export class ProviderBusyError extends Error {
  constructor(readonly host: string) {
    super(`too many calls to ${host} in flight`);
  }
}

interface HostSlots {
  active: number;
  waiting: (() => void)[];
}

/**
 * A bulkhead per provider host: at most `maxPerHost` calls in flight to one host, more wait up
 * to `queueWaitMs` for a slot and then fail with ProviderBusyError. One slow or failing provider
 * (or a tenant's custom endpoint) then cannot take every socket and every request with it.
 */
export class ProviderCallLimiter {
  private readonly hosts = new Map<string, HostSlots>();

  constructor(
    private readonly maxPerHost: number,
    private readonly queueWaitMs: number,
    private readonly onChange: (inFlight: number) => void = () => undefined,
  ) {}

  async run<T>(url: string, call: () => Promise<T>): Promise<T> {
    const host = hostOf(url);
    await this.acquire(host);
    try {
      return await call();
    } finally {
      this.release(host);
    }
  }

  inFlight(): number {
    let total = 0;
    for (const slots of this.hosts.values()) total += slots.active;
    return total;
  }

  private acquire(host: string): Promise<void> {
    const slots = this.hosts.get(host) ?? { active: 0, waiting: [] };
    this.hosts.set(host, slots);
    if (slots.active < this.maxPerHost) {
      slots.active += 1;
      this.onChange(this.inFlight());
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        clearTimeout(timer);
        resolve();
      };
      // The slot is handed over as it is (active stays the same): no one can jump the queue.
      const timer = setTimeout(() => {
        slots.waiting.splice(slots.waiting.indexOf(grant), 1);
        reject(new ProviderBusyError(host));
      }, this.queueWaitMs);
      slots.waiting.push(grant);
    });
  }

  private release(host: string): void {
    const slots = this.hosts.get(host)!;
    const next = slots.waiting.shift();
    if (next) return next();
    slots.active -= 1;
    if (slots.active === 0) this.hosts.delete(host);
    this.onChange(this.inFlight());
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url;
  }
}
