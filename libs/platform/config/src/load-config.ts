import { z } from 'zod';
import { ConfigError } from './config-error';

type Env = Record<string, string | undefined>;

/**
 * Parses the environment against a service's schema. Empty strings count as unset so that
 * `FOO=` in a shell falls back to the default instead of failing an integer parse.
 */
export function loadConfig<S extends z.ZodType>(service: string, schema: S, env: Env = process.env): z.output<S> {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  throw new ConfigError(
    service,
    result.error.issues.map((issue) => ({
      variable: issue.path.map(String).join('.') || '(environment)',
      message: describeIssue(issue, present),
    })),
  );
}

function describeIssue(issue: z.core.$ZodIssue, env: Env): string {
  const variable = issue.path[0];
  const value = typeof variable === 'string' ? env[variable] : undefined;
  if (value === undefined && issue.code === 'invalid_type') return 'is required but not set';
  return value === undefined ? issue.message : `${issue.message} (got ${JSON.stringify(value)})`;
}
