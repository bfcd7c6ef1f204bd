import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error';
import { field } from './fields';

/** The files of one TLS link: `<PREFIX>_TLS_CA_FILE`, `_CERT_FILE`, `_KEY_FILE` (PEM). */
export type TlsFileVariables<P extends string> = `${P}_TLS_CA_FILE` | `${P}_TLS_CERT_FILE` | `${P}_TLS_KEY_FILE`;

/** The PEM material a client presents and trusts; an absent `ca` means Node's default CAs. */
export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/**
 * CA bundle the server's certificate must chain to (empty: the system's CAs, as for a managed
 * service with a public certificate) and the client certificate and key for servers that require
 * mutual TLS (cert-manager's `ca.crt`, `tls.crt`, `tls.key`).
 */
export function tlsFileFields<P extends string>(prefix: P): Record<TlsFileVariables<P>, ReturnType<typeof field.string>> {
  return {
    [`${prefix}_TLS_CA_FILE`]: field.string(''),
    [`${prefix}_TLS_CERT_FILE`]: field.string(''),
    [`${prefix}_TLS_KEY_FILE`]: field.string(''),
  } as Record<TlsFileVariables<P>, ReturnType<typeof field.string>>;
}

/**
 * Reads and checks the files the variables name, when the link starts (the schema only holds
 * paths, so a chart can be checked offline): a file that cannot be read, a CA that is no PEM
 * certificate, or a key that does not match its certificate is a ConfigError naming the variable.
 */
export function readTlsFiles<P extends string>(link: string, prefix: P, config: Record<TlsFileVariables<P>, string>): TlsMaterial {
  const variable = (kind: 'CA' | 'CERT' | 'KEY') => `${prefix}_TLS_${kind}_FILE` as TlsFileVariables<P>;
  const fail = (name: string, message: string): never => {
    throw new ConfigError(link, [{ variable: name, message }]);
  };
  const read = (kind: 'CA' | 'CERT' | 'KEY'): Buffer | undefined => {
    const path = config[variable(kind)];
    if (!path) return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      return fail(variable(kind), `cannot read ${path}: ${(error as Error).message}`);
    }
  };
  const material: TlsMaterial = { ca: read('CA'), cert: read('CERT'), key: read('KEY') };
  if (material.ca) {
    try {
      certificates(material.ca);
    } catch (error) {
      fail(variable('CA'), `${config[variable('CA')]} is not a PEM certificate bundle (${(error as Error).message})`);
    }
  }
  if (material.cert && material.key) {
    let matches = false;
    try {
      matches = certificates(material.cert)[0].checkPrivateKey(createPrivateKey(material.key));
    } catch (error) {
      fail(variable('KEY'), `${config[variable('KEY')]} and ${config[variable('CERT')]} are not a PEM key and certificate (${(error as Error).message})`);
    }
    if (!matches) fail(variable('KEY'), `${config[variable('KEY')]} is not the key of ${config[variable('CERT')]}`);
  }
  return Object.fromEntries(Object.entries(material).filter(([, value]) => value)) as TlsMaterial;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g;

/** Every certificate of a PEM bundle; throws when there is none or one does not parse. */
function certificates(pem: Buffer): X509Certificate[] {
  const blocks = pem.toString('latin1').match(PEM_CERTIFICATE);
  if (!blocks) throw new Error('no BEGIN CERTIFICATE block');
  return blocks.map((block) => new X509Certificate(block));
}
