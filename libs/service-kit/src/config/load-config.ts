import { AnyZodObject, z, ZodEffects, ZodIssue, ZodTypeAny } from 'zod';
import { ConfigurationError } from './configuration.error';
import { isSensitive } from './sensitive';

/** A config schema: an object, possibly with cross-field refinements on top. */
export type ConfigSchema = AnyZodObject | ZodEffects<ZodTypeAny, object, unknown>;

type Env = Record<string, string | undefined>;

/**
 * Validates the environment against the schema once, at boot. Every problem is collected
 * into one ConfigurationError so nobody has to fix variables one restart at a time.
 */
export function loadConfig<S extends ConfigSchema>(schema: S, env: Env = process.env): z.output<S> {
  // An empty variable (FOO= in a .env file or compose) means "not set", so defaults apply.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = schema.safeParse(present);
  if (!result.success) throw new ConfigurationError(result.error.issues.map(toConfigurationIssue));
  return result.data;
}

/** The loaded config as a plain object fit for a log line, with sensitive values replaced. */
export function describeConfig(schema: ConfigSchema, config: object): Record<string, unknown> {
  const shape = objectShapeOf(schema);
  const values = config as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(shape).map(([key, field]) => [
      key,
      isSensitive(field) && values[key] !== undefined ? '[redacted]' : values[key],
    ]),
  );
}

export function objectShapeOf(schema: ConfigSchema): Record<string, ZodTypeAny> {
  let current: ZodTypeAny = schema;
  while (current instanceof ZodEffects) current = current.innerType();
  if (!(current instanceof z.ZodObject)) throw new TypeError('A config schema must be a zod object');
  return current.shape as Record<string, ZodTypeAny>;
}

function toConfigurationIssue(issue: ZodIssue): { variable: string; message: string } {
  const variable = issue.path.length > 0 ? issue.path.join('.') : '(environment)';
  if (issue.code === 'invalid_type' && issue.received === 'undefined') {
    return { variable, message: 'is required but not set' };
  }
  return { variable, message: issue.message };
}
