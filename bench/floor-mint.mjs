/**
 * The floor for a mint (`token --force`): a bare script that does what a
 * mint must and nothing else: reads the client secret from the keychain,
 * sends the one HTTPS token request with node:https, stores the answer in the
 * keychain and prints the token. No argument parsing, settings, lock,
 * checks or retries.
 * Usage: node bench/floor-mint.mjs <token URL> <profile> <client id> <account id>
 */
import { createRequire } from 'node:module';
import { request } from 'node:https';

const { AsyncEntry } = createRequire(import.meta.url)('@napi-rs/keyring');
const [url, profile, clientId, accountId] = process.argv.slice(2);
const entry = (account) => new AsyncEntry('zoom-s2s', account, { linux: { store: 'secret-service' } });

const secret = await entry(profile).getPassword();
const body = await new Promise((resolve, reject) => {
  const req = request(url, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
  }, (res) => {
    let text = '';
    res.on('data', (chunk) => (text += chunk));
    res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`HTTP ${res.statusCode}`))));
  });
  req.on('error', reject);
  req.end(`grant_type=account_credentials&account_id=${encodeURIComponent(accountId)}`);
});
await entry(`${profile}:floor`).setPassword(body);
process.stdout.write(`${JSON.parse(body).access_token}\n`);
