import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A certificate and its private key (PEM files). */
export interface KeyPair {
  cert: string;
  key: string;
}

/**
 * Certificates made for one test run (openssl, EC P-256, valid one day), never committed: a CA,
 * a server certificate it signed for `localhost` and 127.0.0.1, one it signed for another name
 * only, a client certificate it signed (mutual TLS), and a second CA that signed none of them.
 */
export interface TestPki {
  dir: string;
  /** The CA file clients trust (cert-manager's `ca.crt`). */
  ca: string;
  server: KeyPair;
  /** Signed by the CA for `elsewhere.invalid` only: a client checking names must refuse it at 127.0.0.1. */
  misnamed: KeyPair;
  client: KeyPair;
  /** A CA that signed none of these: a client trusting only it must refuse the servers. */
  otherCa: string;
  remove(): void;
}

export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'ovation-pki-'));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1'];
  const ca = (name: string) => {
    openssl('req', '-x509', ...newKey, '-keyout', file(`${name}.key`), '-out', file(`${name}.crt`), '-subj', `/CN=${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
    return file(`${name}.crt`);
  };
  const signed = (name: string, cn: string, extensions: string[]): KeyPair => {
    const pair = { cert: file(`${name}.crt`), key: file(`${name}.key`) };
    openssl('req', '-x509', ...newKey, '-keyout', pair.key, '-out', pair.cert, '-subj', `/CN=${cn}`, '-CA', file('ca.crt'), '-CAkey', file('ca.key'), ...extensions.flatMap((e) => ['-addext', e]));
    return pair;
  };
  const pki: TestPki = {
    dir,
    ca: ca('ca'),
    // A Redis Cluster node also presents it to the other nodes: client use too.
    server: signed('server', 'localhost', ['subjectAltName=DNS:localhost,IP:127.0.0.1', 'extendedKeyUsage=serverAuth,clientAuth', 'basicConstraints=CA:FALSE']),
    misnamed: signed('misnamed', 'elsewhere.invalid', ['subjectAltName=DNS:elsewhere.invalid', 'extendedKeyUsage=serverAuth', 'basicConstraints=CA:FALSE']),
    client: signed('client', 'ovation-client', ['extendedKeyUsage=clientAuth', 'basicConstraints=CA:FALSE']),
    otherCa: ca('other-ca'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  return pki;
}
