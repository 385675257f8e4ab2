/** `zoom-s2s completion`: the scripts loaded by real bash, zsh and fish, completing partial words. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { CLI, has, runCli, sandbox, type Sandbox } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

const run = promisify(execFile);

/**
 * What zsh offers for each partial command line: an interactive zsh in a
 * pseudo-terminal (zsh/zpty) loads the script under compinit and presses TAB;
 * compadd is wrapped to print every candidate it is given as <<candidate>>.
 */
async function zshCompletions(queries: string[], env: Record<string, string>): Promise<string[][]> {
  const script = `
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z 'PROMPT=">"'
zpty -w z 'autoload -Uz compinit; compinit -u -D'
zpty -w z 'source <(zoom-s2s completion zsh)'
zpty -w z "zstyle ':completion:*' insert-tab false"
zpty -w z 'compadd () {
  if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then builtin compadd "$@"; return $?; fi
  typeset -a hits; builtin compadd -A hits "$@"; (( $#hits == 0 )) && return 1
  local h; for h in $hits; do print -rn -- "<<$h>>"; done
}'
zpty -w z "print -r -- REA''DY"
zpty -r z out '*READY*'
i=0
for query in "$@"; do
  (( i++ ))
  zpty -n -w z "zoom-s2s $query"$'\\t'
  # Keys typed ahead can make zsh cut a completion short: let this one finish first.
  sleep 0.3
  zpty -w z $'\\C-e\\C-u'"print -r -- EN''D$i"
  zpty -r z out "*END$i*"
  print -r -- "$out"
done
zpty -d z
`;
  const { stdout } = await run('zsh', ['-f', '-c', script, 'zsh', ...queries], { env, timeout: 60_000 });
  // The output after READY, cut at each END<n>: the candidates offered for query n.
  const parts = stdout.split(/\bEND\d+\b/).slice(0, queries.length);
  return parts.map((part) => [...new Set([...part.matchAll(/<<([^<>]*)>>/g)].map((m) => m[1]!))].filter((hit) => hit !== '$h').sort());
}

describe('shell completion', () => {
  let box: Sandbox;
  before(async () => {
    // `zoom-s2s` on PATH (the scripts run it for profile names), and two profiles stored without a keychain.
    const bin = tempDir('zoom-s2s-bin-');
    writeFileSync(path.join(bin, 'zoom-s2s'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} "$@"\n`);
    chmodSync(path.join(bin, 'zoom-s2s'), 0o755);
    box = sandbox({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' });
    box.env.PATH = `${bin}:${box.env.PATH}`;
    for (const profile of ['dev', 'prod']) {
      const login = await runCli(['login', '-p', profile, '--account-id', 'acct', '--client-id', 'client', '--client-secret-stdin', '--insecure-storage', '--no-verify'], { env: box.env, input: 'secret' });
      assert.equal(login.code, 0, login.stderr);
    }
  });

  test('bash: commands, options, option values, profile names, subcommands, files and commands after exec -- and proxy --', async () => {
    const script = `
source <(zoom-s2s completion bash) || exit 9
complete -p zoom-s2s >/dev/null || exit 8
c() { COMP_WORDS=("$@"); COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 )); COMPREPLY=(); _zoom_s2s; printf '%s ' "\${COMPREPLY[@]}"; echo; }
c zoom-s2s to
c zoom-s2s token --f
c zoom-s2s token --format e
c zoom-s2s --profile ''
c zoom-s2s -p dev tok
c zoom-s2s profiles use p
c zoom-s2s profiles ''
c zoom-s2s completion z
c zoom-s2s help lo
c zoom-s2s api --paginate -
c zoom-s2s login --domain zoomg
c zoom-s2s exec -- tru
c zoom-s2s api /users -X GET -F page_size=300 --out
c zoom-s2s proxy --quiet -- tru
`;
    const { stdout } = await run('bash', ['-c', script], { env: box.env });
    const lines = stdout.split('\n').slice(0, -1).map((line) => line.trim());
    // After exec --: command names (compgen -c lists builtins and PATH alike, some twice).
    assert.deepEqual([...new Set(lines[11]!.split(' '))].filter((name) => name === 'true'), ['true']);
    assert.ok(lines[11]!.split(' ').every((name) => name.startsWith('tru')), lines[11]);
    lines[11] = 'true';
    // After proxy --, the same.
    assert.ok(lines[13]!.split(' ').includes('true') && lines[13]!.split(' ').every((name) => name.startsWith('tru')), lines[13]);
    lines.pop();
    assert.deepEqual(lines, [
      'token',
      '--format --force',
      'env',
      'dev prod',
      'token',
      'prod',
      'use',
      'zsh',
      'login logout',
      '-X --method -F --field -f --raw-field -H --header --input -i --include --paginate -o --output --max-time -p --profile --ca-file --debug -h --help',
      'zoomgov.com',
      'true',
      '--output',
    ]);
  });

  test('bash: file names for --output and --ca-file, one candidate per name whatever it holds', async () => {
    const dir = tempDir('zoom-s2s-files-');
    for (const name of ['recording.mp4', 'my recording.mp4', 'my*.mp4', 'my?.mp4']) writeFileSync(path.join(dir, name), '');
    const candidates = async (words: string) => {
      const script = `source <(zoom-s2s completion bash); COMP_WORDS=(zoom-s2s ${words}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _zoom_s2s; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const { stdout } = await run('bash', ['-c', script], { env: box.env });
      return stdout.split('\n').filter(Boolean).sort();
    };
    assert.deepEqual(await candidates(`api /x --output ${dir}/rec`), [`${dir}/recording.mp4`]);
    // Split at the space, or the * and ? expanded as patterns, these would come out as other names or twice.
    assert.deepEqual(await candidates(`api /x --output ${dir}/my`), [`${dir}/my recording.mp4`, `${dir}/my*.mp4`, `${dir}/my?.mp4`].sort());
    assert.deepEqual(await candidates(`--ca-file ${dir}/my`), [`${dir}/my recording.mp4`, `${dir}/my*.mp4`, `${dir}/my?.mp4`].sort());
  });

  test('fish: complete -C for partial words', { skip: has('fish') ? false : 'fish is not installed (apt-get install fish)' }, async () => {
    const complete = async (line: string) => {
      const { stdout } = await run('fish', ['--no-config', '-c', `zoom-s2s completion fish | source; complete -C ${JSON.stringify(line)}`], { env: box.env });
      return stdout.split('\n').filter(Boolean).map((entry) => entry.split('\t')[0]);
    };
    assert.deepEqual(await complete('zoom-s2s tok'), ['token']);
    assert.deepEqual((await complete('zoom-s2s token --f')).sort(), ['--force', '--format']);
    assert.deepEqual(await complete('zoom-s2s token --format e'), ['env']);
    assert.deepEqual(await complete('zoom-s2s --profile '), ['dev', 'prod']);
    assert.deepEqual(await complete('zoom-s2s profiles use p'), ['prod']);
    assert.deepEqual(await complete('zoom-s2s -p dev sco'), ['scopes']);
    assert.deepEqual(await complete('zoom-s2s completion z'), ['zsh']);
  });

  test('zsh: completions for partial words, through zsh\'s own completion system in a pseudo-terminal', { skip: has('zsh') ? false : 'zsh is not installed (apt-get install zsh)' }, async () => {
    const dir = tempDir('zoom-s2s-files-');
    writeFileSync(path.join(dir, 'recording.mp4'), '');
    const queries = ['tok', 'token --f', 'token --format ', '--profile ', 'profiles use p', '-p dev sco', 'completion z', `api /x --output ${dir}/rec`, 'exec -- tru', 'proxy -- tru'];
    const answers = await zshCompletions(queries, box.env);
    assert.deepEqual(answers.slice(0, 7), [['token'], ['--force', '--format'], ['env', 'header', 'json', 'raw'], ['dev', 'prod'], ['prod'], ['scopes'], ['zsh']]);
    assert.ok(answers[7]!.some((hit) => hit.endsWith('recording.mp4')), JSON.stringify(answers));
    assert.ok(answers[8]!.includes('true'), JSON.stringify(answers));
    assert.ok(answers[9]!.includes('true'), JSON.stringify(answers));
  });

  test('zsh: a profile name holding $(…) is inserted quoted: Enter after TAB passes it on as it is and runs nothing', { skip: has('zsh') ? false : 'zsh is not installed (apt-get install zsh)' }, async () => {
    const marker = path.join(box.home, 'ran-from-zsh');
    // A helper offering one hostile name; run for anything else, it prints the words it was given.
    const bin = tempDir('zoom-s2s-bin-');
    writeFileSync(
      path.join(bin, 'zoom-s2s'),
      `#!/bin/sh\ncase "$1" in\n  __complete) printf '%s\\n' '$(touch ${marker})' ;;\n  completion) exec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} "$@" ;;\n  *) printf '<%s>\\n' "$@" ;;\nesac\n`,
      { mode: 0o755 },
    );
    const script = `
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z 'PROMPT=">"'
zpty -w z 'autoload -Uz compinit; compinit -u -D'
zpty -w z 'source <(zoom-s2s completion zsh)'
zpty -w z "print -r -- REA''DY"
zpty -r z out '*READY*'
zpty -n -w z "zoom-s2s -p "$'\\t'
sleep 0.5
zpty -w z ''
zpty -w z "print -r -- EN''D"
zpty -r z out '*END*'
print -r -- "$out"
zpty -d z
`;
    const { stdout } = await run('zsh', ['-f', '-c', script], { env: { ...box.env, PATH: `${bin}:${box.env.PATH}` }, timeout: 60_000 });
    assert.ok(!existsSync(marker), `the name was run when the line was entered: ${stdout}`);
    assert.ok(stdout.includes(`<$(touch ${marker})>`), `the name reached the command as it is: ${stdout}`);
  });

  test('__complete profiles prints nothing but names, and nothing at all on a broken settings file', async () => {
    const result = await runCli(['__complete', 'profiles'], { env: box.env });
    assert.equal(result.stdout, 'dev\nprod\n');
    const broken = sandbox({ ZOOM_S2S_CONFIG_DIR: '/nonexistent/zoom-s2s' });
    writeFileSync(path.join(broken.home, 'x'), '');
    const none = await runCli(['__complete', 'profiles'], { env: { ...broken.env, ZOOM_S2S_CONFIG_DIR: path.join(broken.home, 'x') } });
    assert.equal(none.code, 0);
    assert.equal(none.stdout + none.stderr, '');
  });

  test('completion with an unknown shell: usage error; the helper is not in --help', async () => {
    const result = await runCli(['completion', 'powershell'], { env: box.env });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Allowed choices are bash, zsh, fish/);
    const help = await runCli(['--help'], { env: box.env });
    assert.ok(help.stdout.includes('completion'));
    assert.ok(!help.stdout.includes('__complete'));
  });
});
