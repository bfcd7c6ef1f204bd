import { z } from 'zod';
import { ConfigError } from './config-error';
import { connectionProblems } from './connection-rules';

type Env = Record<string, string | undefined>;

/**
 * Parses the environment against a service's schema. Empty strings count as unset so that
 * `FOO=` in a shell falls back to the default instead of failing an integer parse. The shared
 * connection fragments' rules between fields (connection-rules.ts) are checked too.
 */
export function loadConfig<S extends z.ZodType>(service: string, schema: S, env: Env = process.env): z.output<S> {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(present);
  if (result.success) {
    const problems = connectionProblems(result.data as Record<string, unknown>);
    if (problems.length) throw new ConfigError(service, problems);
    return result.data;
  }
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
  return value === undefined ? issue.message : `${issue.message} (got ${shown(variable as string, value)})`;
}

/** Passwords, signing keys and tokens by their variable's name. */
const SECRET_VARIABLE = /(PASSWORD|SECRET|TOKEN)$/;

/**
 * What an error message may say about a value: never a secret (its length, which explains a
 * length rule), nor the password a URL carries.
 */
function shown(variable: string, value: string): string {
  if (SECRET_VARIABLE.test(variable)) return `a value of ${value.length} characters, not shown`;
  return JSON.stringify(value.replace(/(\/\/[^/@\s:]*:)[^/@\s]*@/g, '$1***@'));
}
