/**
 * The floor for one token request: a bare Node script that sends the same
 * single HTTPS POST with node:https and nothing else (no argument parsing, no
 * keychain, no cache). `npm run bench` shows our mint above this.
 * Usage: node bench/floor-request.mjs <token URL> <client id> <secret> <account id>
 */
import { request } from 'node:https';

const [url, clientId, secret, accountId] = process.argv.slice(2);
await new Promise((resolve, reject) => {
  const req = request(url, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
  }, (res) => {
    let body = '';
    res.on('data', (chunk) => (body += chunk));
    res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body).access_token) : reject(new Error(`HTTP ${res.statusCode}`))));
  });
  req.on('error', reject);
  req.end(`grant_type=account_credentials&account_id=${encodeURIComponent(accountId)}`);
});
