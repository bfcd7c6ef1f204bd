import { makeTestPki, TestPki } from '@ovation/testing';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './config-error';
import { readTlsFiles } from './tls';

describe('readTlsFiles', () => {
  let pki: TestPki;
  beforeAll(() => {
    pki = makeTestPki();
  });
  afterAll(() => pki.remove());

  const files = (ca = '', cert = '', key = '') => ({ KAFKA_TLS_CA_FILE: ca, KAFKA_TLS_CERT_FILE: cert, KAFKA_TLS_KEY_FILE: key });
  const problem = (config: ReturnType<typeof files>): string => {
    try {
      readTlsFiles('the Kafka connection', 'KAFKA', config);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('reads the CA bundle and the client pair the variables name', () => {
    expect(readTlsFiles('the Kafka connection', 'KAFKA', files(pki.ca, pki.client.cert, pki.client.key))).toEqual({
      ca: readFileSync(pki.ca),
      cert: readFileSync(pki.client.cert),
      key: readFileSync(pki.client.key),
    });
  });

  it('gives nothing for unset files: the system CAs, no client certificate', () => {
    expect(readTlsFiles('the Kafka connection', 'KAFKA', files())).toEqual({});
  });

  it('names the variable of a file it cannot read', () => {
    expect(problem(files(join(pki.dir, 'missing.crt')))).toMatch(/Invalid configuration for the Kafka connection:\n {2}- KAFKA_TLS_CA_FILE: cannot read .*missing\.crt: ENOENT/);
  });

  it('names the variable of a CA that is no certificate, and of a key that is not its certificate’s', () => {
    const garbage = join(pki.dir, 'garbage.pem');
    writeFileSync(garbage, 'not a certificate');
    expect(problem(files(garbage))).toMatch(/KAFKA_TLS_CA_FILE: .*garbage\.pem is not a PEM certificate bundle/);
    expect(problem(files('', pki.client.cert, pki.server.key))).toMatch(/KAFKA_TLS_KEY_FILE: .*server\.key is not the key of .*client\.crt/);
  });
});
