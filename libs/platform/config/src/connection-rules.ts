import { isIP } from 'node:net';

/**
 * What the Kafka, MySQL and Redis variables of the shared fragments must agree on with each other
 * (one field cannot say it): `loadConfig` checks them for every schema that holds those fields,
 * so a service never starts with TLS files it would ignore or a mechanism without credentials.
 */
export interface Problem {
  variable: string;
  message: string;
}

type Config = Record<string, unknown>;

const text = (config: Config, name: string): string => (typeof config[name] === 'string' ? (config[name] as string) : '');

/** The TLS files of `prefix` need TLS turned on, and a client certificate needs its key (and the other way round). */
function tlsFileRules(config: Config, prefix: string, tlsOn: boolean, turnOn: string): Problem[] {
  const problems: Problem[] = [];
  const [ca, cert, key] = ['CA', 'CERT', 'KEY'].map((kind) => `${prefix}_TLS_${kind}_FILE`);
  if (!tlsOn) {
    for (const name of [ca, cert, key].filter((n) => text(config, n))) problems.push({ variable: name, message: `is set, but TLS is off: ${turnOn}` });
  }
  if (text(config, cert) && !text(config, key)) problems.push({ variable: key, message: `is required with ${cert} (a client certificate needs its key)` });
  if (text(config, key) && !text(config, cert)) problems.push({ variable: cert, message: `is required with ${key} (a client key needs its certificate)` });
  return problems;
}

function kafkaRules(config: Config): Problem[] {
  const tls = config.KAFKA_TLS === true;
  const mechanism = text(config, 'KAFKA_SASL_MECHANISM');
  const problems = tlsFileRules(config, 'KAFKA', tls, 'set KAFKA_TLS=true');
  const credentials = ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'];
  if (mechanism === 'none') {
    for (const name of credentials.filter((n) => text(config, n))) problems.push({ variable: name, message: 'is set, but KAFKA_SASL_MECHANISM is none: name the mechanism the brokers use' });
    return problems;
  }
  for (const name of credentials.filter((n) => !text(config, n))) problems.push({ variable: name, message: `is required with KAFKA_SASL_MECHANISM=${mechanism}` });
  if (mechanism === 'plain' && !tls) problems.push({ variable: 'KAFKA_SASL_MECHANISM', message: 'plain sends the password as it is: it needs KAFKA_TLS=true' });
  return problems;
}

function mysqlRules(config: Config): Problem[] {
  const problems = tlsFileRules(config, 'MYSQL', text(config, 'MYSQL_TLS_MODE') !== 'disabled', 'set MYSQL_TLS_MODE to verify-ca or verify-full');
  // mysql2 checks the certificate of a server reached by IP against "localhost", not the IP.
  if (text(config, 'MYSQL_TLS_MODE') === 'verify-full' && isIP(text(config, 'MYSQL_HOST'))) {
    problems.push({ variable: 'MYSQL_HOST', message: 'is an IP address, which verify-full cannot check a certificate against: give the name the certificate carries (or MYSQL_TLS_MODE=verify-ca)' });
  }
  return problems;
}

function redisRules(config: Config): Problem[] {
  const standalone = !(config.REDIS_CLUSTER_NODES as string[] | undefined)?.length;
  const url = text(config, 'REDIS_URL');
  const tls = config.REDIS_TLS === true || (standalone && /^rediss:\/\//i.test(url));
  const problems = tlsFileRules(config, 'REDIS', tls, 'set REDIS_TLS=true (or a rediss:// REDIS_URL)');
  if (!tls && text(config, 'REDIS_TLS_SERVERNAME')) problems.push({ variable: 'REDIS_TLS_SERVERNAME', message: 'is set, but TLS is off: set REDIS_TLS=true (or a rediss:// REDIS_URL)' });
  if (!standalone) return problems;
  let credentials: { username: string; password: string };
  try {
    const parsed = new URL(url);
    credentials = { username: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) };
  } catch {
    return [...problems, { variable: 'REDIS_URL', message: 'is not a URL (redis://host:port or rediss://host:port)' }];
  }
  // A URL may still carry them (redis://user:password@host); given twice, they must agree.
  for (const [name, fromUrl] of [['REDIS_USERNAME', credentials.username], ['REDIS_PASSWORD', credentials.password]] as const) {
    if (fromUrl && text(config, name) && fromUrl !== text(config, name)) problems.push({ variable: name, message: `differs from the one in REDIS_URL: give it once` });
  }
  return problems;
}

const RULES: Array<{ marker: string; rules: (config: Config) => Problem[] }> = [
  { marker: 'KAFKA_SASL_MECHANISM', rules: kafkaRules },
  { marker: 'MYSQL_TLS_MODE', rules: mysqlRules },
  { marker: 'REDIS_TLS', rules: redisRules },
];

/** The problems of the connection fragments a parsed config holds. */
export function connectionProblems(config: Config): Problem[] {
  return RULES.filter(({ marker }) => marker in config).flatMap(({ rules }) => rules(config));
}
