import { ZodTypeAny } from 'zod';

// A WeakSet rather than a description tag: descriptions are free text meant for docs, and
// wrapping (.optional(), .default()) creates new schema objects that we unwrap below anyway.
const sensitiveSchemas = new WeakSet<ZodTypeAny>();

/** Marks a config variable as secret so describeConfig never prints its value. */
export function sensitive<T extends ZodTypeAny>(schema: T): T {
  sensitiveSchemas.add(schema);
  return schema;
}

/** True when the schema, or anything it wraps (optional, default, effects, pipe), was marked sensitive. */
export function isSensitive(schema: ZodTypeAny): boolean {
  const pending: unknown[] = [schema];
  while (pending.length > 0) {
    const current = pending.pop() as ZodTypeAny | undefined;
    if (!current?._def) continue;
    if (sensitiveSchemas.has(current)) return true;
    const def = current._def as Record<string, unknown>;
    pending.push(def.innerType, def.schema, def.in, def.out);
  }
  return false;
}
