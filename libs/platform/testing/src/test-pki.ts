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
 * a server certificate it signed for `localhost` and 127.0.0.1, a client certificate it signed
 * (mutual TLS), and a second CA with a server certificate of its own, which clients trusting the
 * first CA must refuse.
 */
export interface TestPki {
  dir: string;
  /** The CA file clients trust (cert-manager's `ca.crt`). */
  ca: string;
  server: KeyPair;
  client: KeyPair;
  /** A CA nobody trusts, and a server certificate for the same names signed by it. */
  untrusted: { ca: string; server: KeyPair };
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
  const signed = (name: string, by: string, cn: string, extensions: string[]): KeyPair => {
    const pair = { cert: file(`${name}.crt`), key: file(`${name}.key`) };
    openssl('req', '-x509', ...newKey, '-keyout', pair.key, '-out', pair.cert, '-subj', `/CN=${cn}`, '-CA', file(`${by}.crt`), '-CAkey', file(`${by}.key`), ...extensions.flatMap((e) => ['-addext', e]));
    return pair;
  };
  const serverExtensions = ['subjectAltName=DNS:localhost,IP:127.0.0.1', 'extendedKeyUsage=serverAuth,clientAuth', 'basicConstraints=CA:FALSE'];
  const trusted = ca('ca');
  const pki: TestPki = {
    dir,
    ca: trusted,
    server: signed('server', 'ca', 'localhost', serverExtensions),
    client: signed('client', 'ca', 'ovation-client', ['extendedKeyUsage=clientAuth', 'basicConstraints=CA:FALSE']),
    untrusted: { ca: ca('untrusted-ca'), server: signed('untrusted-server', 'untrusted-ca', 'localhost', serverExtensions) },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  return pki;
}
