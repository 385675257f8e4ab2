/**
 * `npm run demo`: the token endpoint and API emulators on loopback with a
 * sample app, and what to paste into another terminal to try every command
 * without a Zoom account.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApiEmulator } from './api-emulator.js';
import { SAMPLE_APP, startZoomEmulator } from './zoom-emulator.js';

const cli = fileURLToPath(new URL('../../../bin/zoom-s2s.cjs', import.meta.url));

/** True when a `zoom-s2s` is on PATH already (npm link ran, or an install). */
function onPath(): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && existsSync(path.join(dir, 'zoom-s2s')));
}

const emulator = await startZoomEmulator();
const api = await startApiEmulator({ issuer: emulator });
const app = SAMPLE_APP;
process.stdout.write(`Zoom token endpoint emulator listening on ${emulator.origin}, API emulator on ${api.base}
Sample app: account ID ${app.accountId}, client ID ${app.clientId}, client secret ${app.clientSecret}

${onPath() ? '' : `zoom-s2s is not on your PATH yet: run npm link in ${path.dirname(path.dirname(cli))} once.\n`}Paste this into another terminal:

  export ZOOM_S2S_OAUTH_URL=${emulator.origin} ZOOM_S2S_API_URL=${api.base}
  zoom-s2s login --account-id ${app.accountId} --client-id ${app.clientId}   # paste the secret at the prompt
  zoom-s2s token
  zoom-s2s token --copy
  zoom-s2s scopes
  zoom-s2s status
  zoom-s2s api /users/me
  zoom-s2s api /users --paginate
  zoom-s2s api /users/me/meetings -F topic="Weekly sync" -F type=2 -F duration=30
  zoom-s2s api ${api.origin}/rec/download/standup --output standup.mp4
  zoom-s2s exec -- sh -c 'curl -s -H "Authorization: Bearer $ZOOM_ACCESS_TOKEN" "$ZOOM_API_URL/users/me"'
  zoom-s2s doctor
  zoom-s2s logout

Press Ctrl-C to stop the emulator.
`);

let served = 0;
setInterval(() => {
  if (emulator.requests.length !== served) {
    served = emulator.requests.length;
    const last = emulator.requests[served - 1]!;
    process.stdout.write(`  request ${served}: ${last.method} ${last.path} client ${last.clientId ?? '(none)'} -> ${last.issued ? 'token issued' : 'refused'}\n`);
  }
}, 250);
process.on('SIGINT', () => void Promise.all([emulator.close(), api.close()]).then(() => process.exit(0)));
