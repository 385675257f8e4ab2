/**
 * Deliberate bugs, each one the suite must catch: a small source transform
 * and the test files that should fail when it is applied. `npm run
 * test:mutants` applies them one at a time to a copy of the repository; CI
 * runs those marked `ci` (the guarantees docs/security.md states) and fails if one
 * survives. Every `find` must occur exactly once in its file, so a mutant
 * that no longer applies after a change is reported instead of passing.
 */

export interface Edit {
  /** A source file, from the repository root. */
  file: string;
  find: string;
  replace: string;
}

export interface Mutant {
  id: string;
  /** What the bug does, as a user would notice it. */
  bug: string;
  edits: Edit[];
  /** The compiled test files (under dist/test/) that must fail. */
  tests: string[];
  /** Run in CI: the guarantee is one docs/security.md states. */
  ci?: boolean;
}

export const MUTANTS: Mutant[] = [
  {
    id: 'token-on-stderr',
    bug: 'the token is written to stderr as well when stderr is a terminal',
    edits: [{ file: 'src/commands/token/run.ts', find: '  ctx.io.out(text);\n  if (ctx.io.isStderrTTY()) ctx.io.notice(', replace: '  ctx.io.out(text);\n  if (ctx.io.isStderrTTY()) ctx.io.stderr.write(text);\n  if (ctx.io.isStderrTTY()) ctx.io.notice(' }],
    tests: ['unit/commands.test.js', 'e2e/terminal.e2e.test.js'],
    ci: true,
  },
  {
    id: 'exit-codes-swapped',
    bug: 'exit codes 4 (credentials rejected) and 5 (network) swapped',
    edits: [
      { file: 'src/core/errors.ts', find: '  rejected: 4,', replace: '  rejected: 5,' },
      { file: 'src/core/errors.ts', find: '  network: 5,', replace: '  network: 4,' },
    ],
    tests: ['unit/contract.test.js'],
    ci: true,
  },
  {
    id: 'no-single-flight',
    bug: 'every process mints its own token: no lock around the mint',
    edits: [{ file: 'src/core/auth/token-source.ts', find: '  return singleFlight(deps.lockDir,', replace: '  if (deps.lockDir) return mintAndCache();\n  return singleFlight(deps.lockDir,' }],
    tests: ['e2e/concurrency.e2e.test.js'],
    ci: true,
  },
  {
    id: 'secret-in-children',
    bug: 'the client secret stays in process.env, so the clipboard tool (alive for hours) inherits it',
    edits: [{ file: 'src/context.ts', find: '  delete process.env[ENVIRONMENT_VARIABLES.clientSecret];', replace: '  void ENVIRONMENT_VARIABLES;' }],
    tests: ['hardening/secret-hygiene.e2e.test.js'],
    ci: true,
  },
  {
    id: 'secret-in-exec-child',
    bug: 'exec hands its command ZOOM_CLIENT_SECRET',
    edits: [{ file: 'src/core/auth/credentials.ts', find: "if (value !== undefined && name !== ENVIRONMENT_VARIABLES.clientSecret) out[name] = value;", replace: 'if (value !== undefined) out[name] = value;' }],
    tests: ['e2e/exec.e2e.test.js'],
  },
  {
    id: 'token-to-any-host',
    bug: 'api sends the token to any host it is given',
    edits: [{ file: 'src/core/api/url.ts', find: '  const api = new URL(base);\n  if (url.protocol !== api.protocol) return false;', replace: '  const api = new URL(base);\n  if (api) return true;\n  if (url.protocol !== api.protocol) return false;' }],
    tests: ['unit/api.test.js'],
    ci: true,
  },
  {
    id: 'redirect-to-plain-http',
    bug: 'api follows a redirect to plain http off loopback',
    edits: [{ file: 'src/core/api/call.ts', find: " && isLoopbackHost(next.hostname))) {", replace: ')) {' }],
    tests: ['unit/api.test.js'],
  },
  {
    id: 'expiry-ignored',
    bug: 'a cached token is served however little time it has left',
    edits: [{ file: 'src/core/auth/token-cache.ts', find: '  return token.expiresAt - now >= Math.min(minTtlMs, MAX_MIN_TTL_MS);', replace: '  return token.expiresAt > 0 || now > minTtlMs;' }],
    tests: ['unit/token-cache.test.js'],
    ci: true,
  },
  {
    id: 'exec-ignores-min-ttl',
    bug: 'exec ignores --min-ttl',
    edits: [{ file: 'src/commands/exec.ts', find: '{ minTtlMs: options.minTtlMs }', replace: '{}' }],
    tests: ['e2e/exec.e2e.test.js'],
  },
  {
    id: 'basic-base64url',
    bug: 'the Basic authorization value is encoded as base64url',
    edits: [{ file: 'src/core/auth/token.ts', find: "'utf8').toString('base64')}", replace: "'utf8').toString('base64url')}" }],
    tests: ['unit/oauth.test.js'],
  },
  {
    id: 'raw-token-to-clear-helper',
    bug: 'the --clear-after helper is given the token itself instead of its digest',
    edits: [{ file: 'src/commands/token/copy.ts', find: "['__clear-clipboard', clipboardDigest(copied),", replace: "['__clear-clipboard', copied," }],
    tests: ['e2e/clipboard.e2e.test.js'],
  },
  {
    id: 'refused-token-kept',
    bug: 'api does not replace a token Zoom refused (401 / code 124)',
    edits: [{ file: 'src/core/api/call.ts', find: '&& sendToken && !refreshed) {', replace: '&& sendToken && refreshed) {' }],
    tests: ['unit/api.test.js'],
  },
  {
    id: 'no-color-ignored',
    bug: 'NO_COLOR is ignored',
    edits: [{ file: 'src/terminal/output.ts', find: "  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;\n", replace: '' }],
    tests: ['unit/core.test.js'],
  },
  {
    id: 'secret-file-readable',
    bug: 'the insecure-storage credentials file is written readable by others',
    edits: [{ file: 'src/core/store/secret-file.ts', find: '0o600);', replace: '0o644);' }],
    tests: ['hardening/secret-hygiene.e2e.test.js'],
  },
  {
    id: 'folder-open-to-group',
    bug: 'the config and cache folders are made 0755',
    edits: [
      { file: 'src/core/store/paths.ts', find: 'mkdirSync(dir, { recursive: true, mode: 0o700 });', replace: 'mkdirSync(dir, { recursive: true, mode: 0o755 });' },
      { file: 'src/core/store/private-files.ts', find: '  } else if (ownFolder && (stat.mode & 0o077) !== 0) {\n    chmodSync(dir, 0o700);', replace: '  } else if (ownFolder && (stat.mode & 0o077) !== 0) {\n    chmodSync(dir, 0o755);' },
    ],
    tests: ['hardening/secret-hygiene.e2e.test.js'],
  },
  {
    id: 'bearer-token-unchecked',
    bug: 'any string from the token endpoint is taken as the token (a newline injects a header)',
    edits: [{ file: 'src/core/auth/token-fields.ts', find: "  return typeof value === 'string' && value.length <= MAX_TOKEN_LENGTH && /^[A-Za-z0-9\\-._~+/]+=*$/.test(value) ? value : undefined;", replace: "  return typeof value === 'string' && value !== '' ? value : undefined;" }],
    tests: ['hardening/hostile.e2e.test.js'],
    ci: true,
  },
  {
    id: 'api-url-unchecked',
    bug: 'any api_url from the token endpoint is used: the token goes to its host',
    edits: [{ file: 'src/core/auth/token-fields.ts', find: "  return url.protocol === 'https:' && onDomain && bare ? `${url.origin}${url.pathname.replace(/\\/$/, '')}` : undefined;", replace: '  return onDomain || bare || url ? value : undefined;' }],
    tests: ['hardening/hostile.e2e.test.js'],
    ci: true,
  },
  {
    id: 'controls-printed-raw',
    bug: 'control characters from a server reach the terminal unescaped',
    edits: [{ file: 'src/core/text.ts', find: '  return text.replace(UNSAFE, (char, at: number) => {', replace: '  if (text) return text;\n  return text.replace(UNSAFE, (char, at: number) => {' }],
    tests: ['hardening/hostile.e2e.test.js'],
    ci: true,
  },
  {
    id: 'echo-not-masked',
    bug: 'a secret or token echoed by a server is printed as it came',
    edits: [{ file: 'src/core/masking.ts', find: '      if (start >= at) out += text.slice(at, start) + MASK;', replace: '      if (start >= at) out += text.slice(at, end);' }],
    tests: ['hardening/hostile.e2e.test.js'],
    ci: true,
  },
  {
    id: 'links-followed',
    bug: 'zoom-s2s opens its files through a planted symbolic link',
    edits: [{ file: 'src/core/store/private-files.ts', find: 'const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;', replace: 'const NO_FOLLOW = 0;' }],
    tests: ['hardening/hostile.e2e.test.js'],
  },
  {
    id: 'planted-profile-name',
    bug: 'a profile name from the settings file is not checked (it steers the lock path)',
    edits: [{ file: 'src/core/store/settings.ts', find: '      if (!isProfileName(name)) throw broken(', replace: '      if (!isProfileName(name) && name === "") throw broken(' }],
    tests: ['hardening/hostile.e2e.test.js'],
  },
  {
    id: 'device-replaced',
    bug: 'api -o /dev/null replaces the device with a file',
    edits: [{ file: 'src/commands/api/output.ts', find: '    return !stat.isFile() && !stat.isDirectory();', replace: '    return stat.isFile() && !stat.isFile();' }],
    tests: ['hardening/hostile.e2e.test.js'],
  },
  {
    id: 'zero-columns-spinner',
    bug: 'a spinner is drawn on a terminal that reports 0 columns (ora then never ends)',
    edits: [{ file: 'src/terminal/spinner.ts', find: 'columns >= 20 && columns <= 10_000', replace: 'columns >= 0' }],
    tests: ['hardening/hostile.e2e.test.js'],
  },
  {
    id: 'headers-follow-redirect',
    bug: 'the user\'s -H headers follow a redirect to another host',
    edits: [{ file: 'src/core/api/call.ts', find: '        if (next.host !== url.host) userHeaders = keepAcrossHosts(userHeaders);', replace: '        if (next.host !== url.host) userHeaders = { ...userHeaders };' }],
    tests: ['unit/api.test.js'],
  },
  {
    id: 'completion-evaluates-names',
    bug: 'bash completion expands $(…) in the profile names it offers',
    edits: [{ file: 'src/terminal/completion/bash.ts', find: `    profile) local name; COMPREPLY=(); while IFS= read -r name; do [[ $name == "$cur"* ]] && COMPREPLY+=("$(printf '%q' "$name")"); done < <(\${program} __complete profiles 2>/dev/null) ;;`, replace: '    profile) COMPREPLY=($(compgen -W "$(${program} __complete profiles 2>/dev/null)" -- "$cur")) ;;' }],
    tests: ['hardening/hostile.e2e.test.js'],
  },
  {
    id: 'entry-reads-unknown-flag',
    bug: 'the entry runs `token` with a flag it does not know, instead of leaving the command line to commander',
    edits: [{ file: 'src/commands/flags.ts', find: '    if (!flag) return undefined;', replace: '    if (!flag) continue;' }],
    tests: ['unit/flags.test.js'],
    ci: true,
  },
  {
    id: 'serves-interrupted-login',
    bug: 'the cached token of a profile whose login was interrupted is served, instead of the profile being repaired',
    edits: [{ file: 'src/session.ts', find: '  if (stored?.pending) {', replace: '  if (stored?.pending && false) {' }],
    tests: ['unit/commands.test.js'],
    ci: true,
  },
  {
    id: 'help-fit-to-the-terminal',
    bug: 'help is laid out for the terminal\'s width, so the recording printed on a terminal is not what the program says',
    edits: [{ file: 'src/cli.ts', find: '        getOutHelpWidth: () => HELP_WIDTH,', replace: "        getOutHelpWidth: () => (process.getBuiltinModule('node:tty').isatty(1) ? 100 : HELP_WIDTH)," }],
    tests: ['e2e/static-output.e2e.test.js'],
  },
  {
    id: 'recipe-token-on-command-line',
    bug: 'the README tells people to put the token on curl\'s command line, where every account reads it with ps',
    edits: [{ file: 'README.md', find: 'zoom-s2s token --format header | curl -H @- https://api.zoom.us/v2/users/me', replace: 'curl -H "Authorization: Bearer $(zoom-s2s token)" https://api.zoom.us/v2/users/me' }],
    tests: ['unit/docs-recipes.test.js'],
    ci: true,
  },
  {
    id: 'mcp-writes-allowed',
    bug: 'the MCP server and the proxy let a program POST, PATCH, PUT and DELETE without --allow-write',
    edits: [{ file: 'src/core/api/policy.ts', find: "  return method === 'GET' || policy.allowWrite;", replace: "  return method === 'GET' || policy.allowWrite || policy.rules.length >= 0;" }],
    tests: ['e2e/mcp.e2e.test.js', 'e2e/proxy.e2e.test.js'],
    ci: true,
  },
  {
    id: 'loopback-host-unchecked',
    bug: 'the MCP HTTP server and the proxy answer any Host header (a web page could reach them by DNS rebinding)',
    edits: [{ file: 'src/core/net/loopback.ts', find: "      if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) return", replace: "      if (req.headers.host === '') return" }],
    tests: ['e2e/mcp.e2e.test.js', 'e2e/proxy.e2e.test.js'],
    ci: true,
  },
  {
    id: 'loopback-key-unchecked',
    bug: 'the MCP HTTP server and the proxy serve any first path segment, not only their random key',
    edits: [{ file: 'src/core/net/loopback.ts', find: '    return bytes.length === keyBytes.length && timingSafeEqual(bytes, keyBytes);', replace: '    return bytes.length >= 0;' }],
    tests: ['e2e/mcp.e2e.test.js', 'e2e/proxy.e2e.test.js'],
    ci: true,
  },
  {
    id: 'proxy-follows-redirects',
    bug: 'the proxy follows a redirect itself instead of passing it to the client',
    edits: [{ file: 'src/commands/proxy/forward.ts', find: 'transientRetries: 1, redirects: 0,', replace: 'transientRetries: 1, redirects: 5,' }],
    tests: ['e2e/proxy.e2e.test.js'],
  },
  {
    id: 'proxy-logs-query-values',
    bug: 'the proxy\'s log shows query values (page tokens, e-mail addresses), not only their names',
    edits: [{ file: 'src/core/api/url.ts', find: 'names.map((name) => `${name}=…`)', replace: 'names.map((name) => `${name}=${url.searchParams.get(name)}`)' }],
    tests: ['e2e/proxy.e2e.test.js'],
    ci: true,
  },
  {
    id: 'proxy-streamed-upload-resent',
    bug: 'an upload streamed through the proxy is treated as one that can be sent again after Zoom refuses the token',
    edits: [{ file: 'src/core/api/call.ts', find: '  const repeatable = body === undefined || Buffer.isBuffer(body);', replace: '  const repeatable = body !== null;' }],
    tests: ['e2e/proxy.e2e.test.js'],
  },
  {
    id: 'other-accounts-served',
    bug: 'proxy and mcp --http serve a connection from any account whose socket the kernel lists, not only their own',
    edits: [{ file: 'src/core/net/loopback.ts', find: '    if (owner === uid) return;', replace: '    if (owner !== undefined) return;' }],
    tests: ['hardening/other-account.e2e.test.js', 'unit/peer.test.js'],
    ci: true,
  },
  {
    id: 'proxy-forwards-any-header',
    bug: 'the proxy forwards every client header but the hop-by-hop ones: method overrides, X-Original-URL, Forwarded, Cookie and Referer reach Zoom',
    edits: [{ file: 'src/core/net/forwarding.ts', find: 'if (value === undefined || !REQUEST_HEADERS.has(lower) || named.has(lower)) continue;', replace: 'if (value === undefined || named.has(lower)) continue;' }],
    tests: ['unit/proxy.test.js', 'e2e/proxy.e2e.test.js'],
    ci: true,
  },
  {
    id: 'path-parameters-passed',
    bug: 'a path with ";" parameters goes to Zoom, which may read it otherwise than the policy did',
    edits: [{ file: 'src/core/api/url.ts', find: "  if (path.includes(';')) return 'a \";\" (path parameters)';\n", replace: '' }],
    tests: ['unit/proxy.test.js', 'unit/mcp.test.js', 'e2e/proxy.e2e.test.js'],
    ci: true,
  },
  {
    id: 'hop-by-hop-passed-back',
    bug: 'the proxy passes Zoom\'s hop-by-hop headers (and those its Connection header names) back to the client',
    edits: [{ file: 'src/core/net/forwarding.ts', find: 'if (!HOP_BY_HOP.has(lower) && !named.has(lower)) out.push(raw[i]!, raw[i + 1]!);', replace: 'out.push(raw[i]!, raw[i + 1]!);' }],
    tests: ['unit/proxy.test.js', 'e2e/proxy.e2e.test.js'],
  },
  {
    id: 'api-url-raw-text',
    bug: 'the api_url Zoom sent is used as the text that came, tabs and line breaks the URL parser dropped included',
    edits: [{ file: 'src/core/auth/token-fields.ts', find: "bare ? `${url.origin}${url.pathname.replace(/\\/$/, '')}` : undefined;", replace: 'bare ? value : undefined;' }],
    tests: ['unit/token-cache.test.js', 'hardening/hostile.e2e.test.js'],
    ci: true,
  },
  {
    id: 'cached-entry-believed',
    bug: 'a cached entry is served whatever time it claims it was obtained at, and whatever domain its api_url is on',
    edits: [{ file: 'src/core/auth/token-source.ts', find: 'await cache.read(request.profile, { domain: request.domain, now });', replace: 'await cache.read(request.profile);' }],
    tests: ['unit/token-cache.test.js'],
  },
  {
    id: 'masked-as-is-only',
    bug: 'a credential is masked only as it is: echoed JSON-escaped, URL-encoded or in base64 it is printed',
    edits: [{ file: 'src/core/masking.ts', find: '  return [...new Set([...candidates, ...encoded.filter((form) => form.length >= 8)])].filter((form) => form.length >= SHORTEST);', replace: '  return [secret];' }],
    tests: ['hardening/echoes.e2e.test.js'],
    ci: true,
  },
  {
    id: 'misaligned-base64-shown',
    bug: 'a credential inside a longer base64 text ("Bearer <token>" encoded whole) is not masked',
    edits: [{ file: 'src/core/masking.ts', find: '    for (let offset = 0; offset < 3; offset++) {', replace: '    for (let offset = 0; offset < 1; offset++) {' }],
    tests: ['hardening/echoes.e2e.test.js'],
  },
  {
    id: 'people-text-unescaped',
    bug: 'lines and reports for people are masked but not escaped on the way out: a folder name or a reason steers the terminal unless the caller escaped it',
    edits: [{ file: 'src/terminal/io.ts', find: "streams.write(stream, escapeControls(masked(text), { keepLayout: true, keepStyle: colorEnabled(streams.isTTY(stream), env) }));", replace: 'streams.write(stream, masked(text));' }],
    tests: ['unit/io.test.js', 'e2e/doctor.e2e.test.js'],
    ci: true,
  },
  {
    id: 'agent-text-raw',
    bug: 'C1 controls and bidi overrides in an API answer reach the agent raw',
    edits: [{ file: 'src/commands/mcp/tools.ts', find: '  return escapeControls(text, { json: true, keepLayout: true });', replace: '  return text;' }],
    tests: ['hardening/hostile.e2e.test.js'],
  },
  {
    id: 'proxy-password-shown',
    bug: 'doctor shows the password of an HTTPS_PROXY it cannot parse as a URL',
    edits: [{ file: 'src/commands/doctor/checks.ts', find: "  const scheme = /^[a-z][a-z0-9+.-]*:\\/\\//i.exec(value)?.[0].length ?? 0;", replace: "  if (!/^[a-z][a-z0-9+.-]*:\\/\\//i.test(value)) return value;\n  const scheme = /^[a-z][a-z0-9+.-]*:\\/\\//i.exec(value)?.[0].length ?? 0;" }],
    tests: ['e2e/doctor.e2e.test.js'],
  },
  {
    id: 'fifo-waited-on',
    bug: 'a FIFO planted at the settings or credentials file or the lock\'s owner file is opened as a file is: the command waits for a writer forever',
    edits: [{ file: 'src/core/store/private-files.ts', find: 'const NO_WAIT = constants.O_NONBLOCK ?? 0;', replace: 'const NO_WAIT = 0;' }],
    tests: ['hardening/hostile.e2e.test.js'],
    ci: true,
  },
  {
    id: 'hard-link-written',
    bug: 'a file with more than one name (a hard link) is read and written as our own',
    edits: [{ file: 'src/core/store/private-files.ts', find: '  if (stat.nlink > 1) throw refuse(', replace: '  if (stat.nlink > 99) throw refuse(' }],
    tests: ['hardening/hostile.e2e.test.js'],
  },
  {
    id: 'refusal-storm',
    bug: 'an API that refuses every token gets a new token minted for every request',
    edits: [{ file: 'src/api-service.ts', find: 'if (refused === replacement.token && refused !== accepted && age < REPLACEMENT_INTERVAL_MS) {', replace: 'if (refused === replacement.token && refused !== accepted && age < 0) {' }],
    tests: ['unit/api-service.test.js', 'e2e/proxy.e2e.test.js'],
    ci: true,
  },
  {
    id: 'debug-shows-query-values',
    bug: 'debug lines (proxy --debug, api --debug) show the query\'s values: page tokens, e-mail addresses, signatures',
    edits: [{ file: 'src/core/api/call.ts', find: '  return `${url.origin}${url.pathname}${queryNamesOnly(url)}`;', replace: '  return url.toString();' }],
    tests: ['e2e/proxy.e2e.test.js'],
  },
  {
    id: 'inspector-on-sigusr1',
    bug: 'SIGUSR1 opens Node\'s inspector in a running proxy or mcp server, where any account on the machine can run code in it',
    edits: [{ file: 'src/terminal/signals.ts', find: "  if (platform !== 'win32') process.on('SIGUSR1', () => undefined);", replace: '  void platform;' }],
    tests: ['hardening/other-account.e2e.test.js'],
    ci: true,
  },
  {
    id: 'unbounded-server-work',
    bug: 'a zoom_api call or a proxied request that Zoom never answers holds its client a hundred times longer than the bound',
    edits: [
      { file: 'src/commands/mcp/tools.ts', find: '  const deadline = AbortSignal.timeout(limitMs);', replace: '  const deadline = AbortSignal.timeout(limitMs * 100);' },
      { file: 'src/commands/proxy/forward.ts', find: '  }, answerWithinMs);', replace: '  }, answerWithinMs * 100);' },
    ],
    tests: ['unit/time-bounds.test.js'],
  },
  {
    id: 'not-runnable-as-not-found',
    bug: 'exec of a file that exists but cannot be run exits 127 (not found) instead of 126',
    edits: [{ file: 'src/commands/child.ts', find: "if (error.code === 'ENOENT') reject(", replace: "if (error.code === 'ENOENT' || error.code === 'EACCES') reject(" }],
    tests: ['e2e/exec.e2e.test.js'],
  },
  {
    id: 'repeated-page-token-followed',
    bug: 'a server that names the same next_page_token again is followed until the page bound',
    edits: [{ file: 'src/api-service.ts', find: '    if (seen.has(next)) throw', replace: '    if (seen.has(next) && pages.length >= limits.pages) throw' }],
    tests: ['unit/api-service.test.js'],
  },
  {
    id: 'pagination-bytes-unbounded',
    bug: 'pagination stops at its page bound only, whatever the size of what it collected',
    edits: [{ file: 'src/api-service.ts', find: 'if (pages.length >= limits.pages || bytes >= limits.bytes) {', replace: 'if (pages.length >= limits.pages) {' }],
    tests: ['unit/api-service.test.js'],
  },
  {
    id: 'star-matches-empty',
    bug: 'a * in an --allow pattern matches an empty segment too: "GET /users/*/meetings" allows /users//meetings',
    edits: [{ file: 'src/commands/policy-flags.ts', find: ".join('[^/]+')", replace: ".join('[^/]*')" }],
    tests: ['unit/mcp.test.js'],
    ci: true,
  },
  {
    id: 'secret-kept-between-mints',
    bug: 'a long-lived server keeps the client secret it read for its first mint for as long as it runs',
    edits: [{ file: 'src/session.ts', find: '  const credentials = () =>\n    store().then((secrets) =>', replace: '  let kept: Promise<ClientCredentials> | undefined;\n  const credentials = () =>\n    kept ??= store().then((secrets) =>' }],
    tests: ['hardening/memory.e2e.test.js'],
    ci: true,
  },
  {
    id: 'token-request-kept-alive',
    bug: "the token request's connection is kept alive, and with it the request's Authorization header (the secret's Basic form)",
    edits: [{ file: 'src/core/auth/oauth.ts', find: '      closeConnection: true,', replace: '      closeConnection: false,' }],
    tests: ['hardening/memory.e2e.test.js'],
  },
  {
    id: 'masker-scan-misses-after-start',
    bug: "the masker's rolling hash forgets to drop the character leaving its window: a credential is masked only at the very start of a text",
    edits: [{ file: 'src/core/masking.ts', find: '      hash = (hash - Math.imul(text.charCodeAt(i - SHORTEST + 1), leading)) | 0;', replace: '      hash = hash | 0;' }],
    tests: ['unit/api.test.js', 'hardening/echoes.e2e.test.js'],
  },
  {
    id: 'file-names-split',
    bug: 'bash completion splits a file name at its spaces and expands * and ? in it: "my recording.mp4" is offered as two names',
    edits: [{ file: 'src/terminal/completion/bash.ts', find: '    file) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;', replace: '    file) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;' }],
    tests: ['e2e/completion.e2e.test.js'],
  },
  {
    id: 'clipboard-cleared-early',
    bug: 'the clipboard is cleared a thousand times sooner than --clear-after says, before the token can be pasted',
    edits: [{ file: 'src/commands/clear-clipboard.ts', find: '      await ctx.sleep(ms);', replace: '      await ctx.sleep(ms / 1000);' }],
    tests: ['e2e/clipboard.e2e.test.js'],
  },
  {
    id: 'relative-redirect-from-base',
    bug: "a relative Location is resolved against the API's base instead of the URL that answered: the next request (with the token) goes to the API host",
    edits: [{ file: 'src/core/api/call.ts', find: '      const next = new URL(response.headers.location, url);', replace: '      const next = new URL(response.headers.location, base);' }],
    tests: ['unit/api.test.js'],
  },
  {
    id: 'host-suffix-without-dot',
    bug: 'a host that merely ends in zoom.us (evilzoom.us) counts as Zoom: the token goes there',
    edits: [{ file: 'src/core/zoom.ts', find: '  return hostname === domain || hostname.endsWith(`.${domain}`);', replace: '  return hostname === domain || hostname.endsWith(domain);' }],
    tests: ['unit/api.test.js'],
  },
  {
    id: 'zsh-names-unquoted',
    bug: 'zsh completion inserts a profile name as it is: one holding $(…) runs when the line is entered',
    edits: [{ file: 'src/terminal/completion/zsh.ts', find: 'compadd -a names ;;', replace: 'compadd -Q -a names ;;' }],
    tests: ['e2e/completion.e2e.test.js'],
  },
  {
    id: 'group-writable-folder-accepted',
    bug: 'a chosen folder that its group can write to (a shared team folder) is used: a group member can plant files in it',
    edits: [{ file: 'src/core/store/private-files.ts', find: '  if ((stat.mode & 0o022) !== 0) {', replace: '  if ((stat.mode & 0o002) !== 0) {' }],
    tests: ['hardening/hostile.e2e.test.js'],
  },
];
