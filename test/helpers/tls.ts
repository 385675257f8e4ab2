/**
 * Certificates for HTTPS tests, made with openssl: a test CA, a server
 * certificate for 127.0.0.1/localhost signed by it, and one for another name.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './temp.js';

export interface TestPki {
  /** Path of the CA certificate (PEM), for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  /** Key and certificate for 127.0.0.1 and localhost. */
  server: { key: string; cert: string };
  /** Key and certificate valid only for wrong.example. */
  wrongName: { key: string; cert: string };
}

export const noOpenssl: string | false = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'needs openssl: apt-get install -y openssl';
  }
})();

export function makeTestPki(): TestPki {
  const dir = tempDir('zoom-s2s-pki-');
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=zoom-s2s test CA', '-keyout', file('ca.key'), '-out', file('ca.pem'));
  const issue = (name: string, san: string) => {
    writeFileSync(file(`${name}.ext`), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`);
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`, '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`));
    openssl('x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', file(`${name}.ext`), '-out', file(`${name}.pem`));
    return { key: readFileSync(file(`${name}.key`), 'utf8'), cert: readFileSync(file(`${name}.pem`), 'utf8') };
  };
  return {
    caFile: file('ca.pem'),
    server: issue('server', 'IP:127.0.0.1,DNS:localhost'),
    wrongName: issue('wrong', 'DNS:wrong.example'),
  };
}
