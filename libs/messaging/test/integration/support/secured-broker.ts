import { freePort } from '@actionhub/testing';
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

// tools/kafka/kafka.mjs (an ES module with top-level paths) runs in a child Node, as `npm test` runs it.
const kafkaToolFile = join(__dirname, '..', '..', '..', '..', '..', 'tools', 'kafka', 'kafka.mjs');
const kafkaTool = (fn: 'startKafka' | 'stopKafka', overrides: object) =>
  promisify(execFile)(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(pathToFileURL(kafkaToolFile).href)}); ` +
        `m.ignoreKafkajsTimeoutWarnings(); await m.${fn}(JSON.parse(process.argv[1]));`,
      JSON.stringify(overrides),
    ],
    { timeout: 120_000 },
  );

export interface Certificates {
  dir: string;
  caFile: string;
  clientCertFile: string;
  clientKeyFile: string;
  /** A CA the broker does not know, and a client certificate it signed. */
  strangerCaFile: string;
  strangerCertFile: string;
  strangerKeyFile: string;
  keystoreFile: string;
  keystorePassword: string;
}

const openssl = (dir: string, ...args: string[]) =>
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

function certificateAuthority(dir: string, name: string) {
  openssl(
    dir,
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    `/CN=${name}`,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.pem`,
  );
}

/** A key and a certificate for `cn`, signed by the CA `ca`, with the subject alternative names given. */
function signed(dir: string, ca: string, cn: string, altNames?: string) {
  openssl(
    dir,
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    `/CN=${cn}`,
    '-keyout',
    `${cn}.key`,
    '-out',
    `${cn}.csr`,
  );
  const extensions = join(dir, `${cn}.ext`);
  writeFileSync(extensions, altNames ? `subjectAltName=${altNames}\n` : 'basicConstraints=CA:FALSE\n');
  openssl(
    dir,
    'x509',
    '-req',
    '-in',
    `${cn}.csr`,
    '-CA',
    `${ca}.pem`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    extensions,
    '-out',
    `${cn}.pem`,
  );
}

/** A test CA, the broker's certificate (127.0.0.1 and localhost) in a PKCS12 keystore, and client certificates. */
export function makeCertificates(): Certificates {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-tls-'));
  const keystorePassword = randomBytes(12).toString('hex');
  certificateAuthority(dir, 'test-ca');
  certificateAuthority(dir, 'stranger-ca');
  signed(dir, 'test-ca', 'broker', 'IP:127.0.0.1,DNS:localhost');
  signed(dir, 'test-ca', 'actionhub-client');
  signed(dir, 'stranger-ca', 'stranger-client');
  openssl(
    dir,
    'pkcs12',
    '-export',
    '-in',
    'broker.pem',
    '-inkey',
    'broker.key',
    '-certfile',
    'test-ca.pem',
    '-name',
    'broker',
    '-out',
    'broker.p12',
    '-passout',
    `pass:${keystorePassword}`,
  );
  return {
    dir,
    caFile: join(dir, 'test-ca.pem'),
    clientCertFile: join(dir, 'actionhub-client.pem'),
    clientKeyFile: join(dir, 'actionhub-client.key'),
    strangerCaFile: join(dir, 'stranger-ca.pem'),
    strangerCertFile: join(dir, 'stranger-client.pem'),
    strangerKeyFile: join(dir, 'stranger-client.key'),
    keystoreFile: join(dir, 'broker.p12'),
    keystorePassword,
  };
}

export interface ScramUser {
  mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
  username: string;
  password: string;
}

export interface SecuredBroker {
  certificates: Certificates;
  /** SASL_SSL: PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 over TLS. */
  saslSslBrokers: string;
  /** SSL with a required client certificate (mutual TLS). */
  sslBrokers: string;
  /** The plain listener, for test set-up only. */
  plainBrokers: string;
  users: { plain: { username: string; password: string }; scram: ScramUser[] };
  stop(): Promise<void>;
}

/**
 * A real broker of its own (tools/kafka/kafka.mjs, on free ports, its data in a temporary folder)
 * with a SASL_SSL and an SSL listener, certificates made for this run and SCRAM users written at
 * format time.
 */
export async function startSecuredBroker(): Promise<SecuredBroker> {
  const certificates = makeCertificates();
  const [port, saslSslPort, sslPort] = [await freePort(), await freePort(), await freePort()];
  const controllerPort = await freePort();
  const secret = () => randomBytes(9).toString('base64url');
  const users = {
    plain: { username: 'plain-client', password: secret() },
    scram: [
      { mechanism: 'SCRAM-SHA-256' as const, username: 'scram256-client', password: secret() },
      { mechanism: 'SCRAM-SHA-512' as const, username: 'actionhub', password: secret() },
    ],
  };
  const overrides = {
    port,
    controllerPort,
    heap: '384m',
    home: join(certificates.dir, 'broker'),
    secure: {
      saslSslPort,
      sslPort,
      keystore: { file: certificates.keystoreFile, password: certificates.keystorePassword },
      truststoreFile: certificates.caFile,
      scramUsers: users.scram,
      plainUsers: { [users.plain.username]: users.plain.password },
    },
  };
  await kafkaTool('startKafka', overrides);
  return {
    certificates,
    saslSslBrokers: `127.0.0.1:${saslSslPort}`,
    sslBrokers: `127.0.0.1:${sslPort}`,
    plainBrokers: `127.0.0.1:${port}`,
    users,
    stop: async () => {
      await kafkaTool('stopKafka', overrides);
      rmSync(certificates.dir, { recursive: true, force: true });
    },
  };
}
