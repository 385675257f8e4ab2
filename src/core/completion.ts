/**
 * Shell completion scripts for bash, zsh and fish, written from a model of
 * the command tree (built from the commander program in
 * src/commands/completion.ts, so the scripts never drift from the real
 * flags). Profile names are completed at the moment of use by running
 * `zoom-s2s __complete profiles`, which reads only the settings file.
 */

/** What an option's value or a positional argument is, for completing it. */
export type ValueKind = { type: 'profile' } | { type: 'file' } | { type: 'choice'; choices: string[] } | { type: 'command' } | { type: 'subcommand-name' } | { type: 'free' };

export interface OptionSpec {
  /** "-p", or undefined. */
  short: string | undefined;
  /** "--profile". */
  long: string;
  description: string;
  /** Undefined for a flag without a value. */
  value: ValueKind | undefined;
}

export interface CommandSpec {
  name: string;
  description: string;
  /** Its own and the global options. */
  options: OptionSpec[];
  subcommands: CommandSpec[];
  /** Positional arguments in order; the last may repeat. */
  args: ValueKind[];
  /** After its first positional argument, the words belong to another program (exec). */
  passThrough: boolean;
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

interface Node {
  /** "" for the program, "profiles use" for a subcommand. */
  path: string;
  spec: CommandSpec;
}

function nodes(root: CommandSpec): Node[] {
  const out: Node[] = [];
  const walk = (spec: CommandSpec, path: string) => {
    out.push({ path, spec });
    for (const sub of spec.subcommands) walk(sub, path ? `${path} ${sub.name}` : sub.name);
  };
  walk(root, '');
  return out;
}

const flags = (option: OptionSpec) => (option.short ? [option.short, option.long] : [option.long]);
const valueFlags = (spec: CommandSpec) => spec.options.filter((o) => o.value).flatMap(flags);
const allFlags = (spec: CommandSpec) => spec.options.flatMap(flags);
/** Text safe inside single quotes in bash, zsh and fish (descriptions never need a quote). */
const plain = (text: string) => text.replace(/'/g, '’').replace(/[\n\r]/g, ' ');

export function completionScript(shell: Shell, program: string, root: CommandSpec): string {
  if (shell === 'bash') return bashScript(program, root);
  if (shell === 'zsh') return zshScript(program, root);
  return fishScript(program, root);
}

/** The kind of a value, as the shell-side helper names it: "profile", "file", "command", "subcommands", "choice:a b c", "". */
function kindWord(kind: ValueKind | undefined, spec: CommandSpec): string {
  if (!kind) return '';
  if (kind.type === 'choice') return `choice:${kind.choices.join(' ')}`;
  if (kind.type === 'subcommand-name') return `choice:${spec.subcommands.map((s) => s.name).join(' ')}`;
  if (kind.type === 'free') return '';
  return kind.type;
}

/**
 * One shell-independent table, as lines of "path|field|value", read by each
 * shell's small walker: the subcommands, options, options taking a value,
 * the kinds of values and positional arguments of every command.
 */
function specLines(root: CommandSpec): Array<{ path: string; spec: CommandSpec; subs: string; opts: string; vals: string; args: string[]; passThrough: boolean; optionKinds: Array<[string, string]> }> {
  return nodes(root).map(({ path, spec }) => ({
    path,
    spec,
    subs: spec.subcommands.map((s) => s.name).join(' '),
    opts: allFlags(spec).join(' '),
    vals: valueFlags(spec).join(' '),
    args: spec.args.map((kind) => kindWord(kind, root)),
    passThrough: spec.passThrough,
    optionKinds: spec.options.filter((o) => o.value).flatMap((o) => flags(o).map((flag) => [flag, kindWord(o.value, root)] as [string, string])),
  }));
}

/** A function, valid in bash and zsh alike, that sets $kind for an option of a command path ("token|--format"). */
function optionKindFunction(fn: string, root: CommandSpec): string {
  const cases = specLines(root)
    .flatMap((s) => s.optionKinds.map(([flag, kind]) => `    '${s.path}|${flag}') kind='${kind}' ;;`))
    .join('\n');
  return `${fn}_option_kind() {
  kind=''
  case "$1|$2" in
${cases}
  esac
}`;
}

function bashScript(program: string, root: CommandSpec): string {
  const fn = `_${program.replace(/\W/g, '_')}`;
  const specs = specLines(root);
  const specCases = specs
    .map((s) => `    '${s.path}') subs='${s.subs}'; opts='${s.opts}'; vals='${s.vals}'; args=(${s.args.map((a) => `'${a}'`).join(' ')}); pass=${s.passThrough ? 1 : 0} ;;`)
    .join('\n');
  return `# ${program} completion for bash. Load it in ~/.bashrc:
#   source <(${program} completion bash)
# Generated from the program's own command tree: regenerate after upgrading.

${fn}_spec() {
  subs=''; opts=''; vals=''; args=(); pass=0
  case "$1" in
${specCases}
  esac
}

${optionKindFunction(fn, root)}

${fn}_values() {
  local kind="$1" cur="$2"
  case "$kind" in
    profile) COMPREPLY=($(compgen -W "$(${program} __complete profiles 2>/dev/null)" -- "$cur")) ;;
    file) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;
    command) COMPREPLY=($(compgen -c -- "$cur")) ;;
    choice:*) COMPREPLY=($(compgen -W "\${kind#choice:}" -- "$cur")) ;;
    *) COMPREPLY=() ;;
  esac
}

${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmdpath='' word i skip=0 positional=0 subs opts vals args pass kind
  ${fn}_spec ''
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    if ((skip)); then skip=0; continue; fi
    if ((pass && positional > 0)); then
      # The rest belongs to the command being run: complete its files.
      compopt -o default 2>/dev/null; COMPREPLY=(); return
    fi
    case "$word" in
      --)
        if ((pass)); then
          # What follows -- is the command to run: its name, then its own words.
          if ((i + 1 == COMP_CWORD)); then ${fn}_values command "$cur"; else compopt -o default 2>/dev/null; COMPREPLY=(); fi
          return
        fi ;;
      --*=*) ;;
      -*) [[ " $vals " == *" $word "* ]] && skip=1 ;;
      *)
        if ((positional == 0)) && [[ " $subs " == *" $word "* ]]; then
          cmdpath="\${cmdpath:+$cmdpath }$word"; ${fn}_spec "$cmdpath"
        else
          ((positional++))
        fi ;;
    esac
  done
  if ((skip)); then
    ${fn}_option_kind "$cmdpath" "\${COMP_WORDS[COMP_CWORD-1]}"
    ${fn}_values "$kind" "$cur"; return
  fi
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur")); return
  fi
  if ((positional == 0)) && [[ -n "$subs" ]]; then
    COMPREPLY=($(compgen -W "$subs" -- "$cur")); return
  fi
  local n=\${#args[@]}
  ((n == 0)) && { COMPREPLY=(); return; }
  ((positional >= n)) && positional=$((n - 1))
  ${fn}_values "\${args[positional]}" "$cur"
}

complete -F ${fn} ${program}
`;
}

function zshScript(program: string, root: CommandSpec): string {
  const fn = `_${program.replace(/\W/g, '_')}`;
  // zsh's lists carry descriptions ("name:what it does") for _describe.
  const specCases = specLines(root).map(({ path, spec, vals, args, passThrough }) => {
    const subs = spec.subcommands.map((s) => `'${s.name}:${plain(s.description)}'`).join(' ');
    const opts = spec.options.flatMap((o) => flags(o).map((flag) => `'${flag.replace(/:/g, '\\:')}:${plain(o.description)}'`)).join(' ');
    return `    '${path}') subs=(${subs}); opts=(${opts}); vals=(${vals}); args=(${args.map((a) => `'${a}'`).join(' ')}); pass=${passThrough ? 1 : 0} ;;`;
  });
  return `#compdef ${program}
# ${program} completion for zsh. Load it in ~/.zshrc (after compinit):
#   source <(${program} completion zsh)
# or save it as _${program} in a folder of your $fpath.
# Generated from the program's own command tree: regenerate after upgrading.

${fn}_spec() {
  subs=(); opts=(); vals=(); args=(); pass=0
  case "$1" in
${specCases.join('\n')}
  esac
}

${optionKindFunction(fn, root)}

${fn}_values() {
  case "$1" in
    profile) local -a names; names=(\${(f)"$(${program} __complete profiles 2>/dev/null)"}); compadd -a names ;;
    file) _files ;;
    command) _command_names -e ;;
    choice:*) local -a choices; choices=(\${=1#choice:}); compadd -a choices ;;
  esac
}

${fn}() {
  # Not "path": in zsh that is $PATH.
  local cmdpath='' word kind i skip=0 positional=0 pass
  local -a subs opts vals args
  ${fn}_spec ''
  for ((i = 2; i < CURRENT; i++)); do
    word=$words[i]
    if ((skip)); then skip=0; continue; fi
    if ((pass && positional > 0)); then _files; return; fi
    case $word in
      --) if ((pass)); then if ((positional == 0 && i + 1 == CURRENT)); then ${fn}_values command; else _files; fi; return; fi ;;
      --*=*) ;;
      -*) (( \${vals[(Ie)$word]} )) && skip=1 ;;
      *)
        if ((positional == 0)) && (( \${subs[(I)$word:*]} )); then
          cmdpath=\${cmdpath:+$cmdpath }$word; ${fn}_spec "$cmdpath"
        else
          ((positional++))
        fi ;;
    esac
  done
  if ((skip)); then
    ${fn}_option_kind "$cmdpath" "$words[CURRENT-1]"
    ${fn}_values "$kind"; return
  fi
  if [[ $PREFIX == -* ]]; then
    _describe -t options 'option' opts; return
  fi
  if ((positional == 0 && $#subs)); then
    _describe -t commands 'command' subs; return
  fi
  (( $#args )) || return
  ((positional >= $#args)) && positional=$(($#args - 1))
  ${fn}_values "$args[positional + 1]"
}

if (( $+functions[compdef] )); then
  compdef ${fn} ${program}
else
  print -u2 "${program}: run 'autoload -Uz compinit && compinit' before loading the completion"
fi
`;
}

function fishScript(program: string, root: CommandSpec): string {
  const fn = `__${program.replace(/\W/g, '_')}`;
  const specs = specLines(root);
  const all = nodes(root);
  const lines: string[] = [];
  for (const { path, spec } of all) {
    const when = `'${fn}_path ${JSON.stringify(path)}'`;
    for (const sub of spec.subcommands) lines.push(`complete -c ${program} -n ${when} -a ${sub.name} -d '${plain(sub.description)}'`);
    for (const option of spec.options) {
      const names = [option.short ? `-s ${option.short.slice(1)}` : '', `-l ${option.long.slice(2)}`].filter(Boolean).join(' ');
      let value = '';
      if (option.value?.type === 'profile') value = ` -x -a '(${program} __complete profiles 2>/dev/null)'`;
      else if (option.value?.type === 'file') value = ' -r -F';
      else if (option.value?.type === 'choice') value = ` -x -a '${option.value.choices.join(' ')}'`;
      else if (option.value) value = ' -x';
      lines.push(`complete -c ${program} -n ${when} ${names}${value} -d '${plain(option.description)}'`);
    }
    const first = spec.args[0];
    if (spec.subcommands.length === 0 && first) {
      const positional = `'${fn}_path ${JSON.stringify(path)}; and ${fn}_no_args'`;
      if (first.type === 'profile') lines.push(`complete -c ${program} -n ${positional} -a '(${program} __complete profiles 2>/dev/null)'`);
      if (first.type === 'choice') lines.push(`complete -c ${program} -n ${positional} -a '${first.choices.join(' ')}'`);
      if (first.type === 'subcommand-name') lines.push(`complete -c ${program} -n ${positional} -a '${root.subcommands.map((s) => s.name).join(' ')}'`);
      if (first.type === 'command') lines.push(`complete -c ${program} -n ${positional} -a '(__fish_complete_command)'`);
    }
    if (spec.passThrough) lines.push(`complete -c ${program} -n '${fn}_path ${JSON.stringify(path)}; and not ${fn}_no_args' -F`);
  }
  const specCases = specs.map((s) => `    case ${JSON.stringify(s.path)}\n      set -g ${fn}_subs ${s.subs}\n      set -g ${fn}_vals ${s.vals}`).join('\n');
  return `# ${program} completion for fish. Load it for this session:
#   ${program} completion fish | source
# or save it: ${program} completion fish > ~/.config/fish/completions/${program}.fish
# Generated from the program's own command tree: regenerate after upgrading.

complete -c ${program} -f

function ${fn}_spec
  set -g ${fn}_subs
  set -g ${fn}_vals
  switch $argv[1]
${specCases}
  end
end

# The command path of the line being typed ("", "token", "profiles use"), and its positional arguments.
function ${fn}_walk
  set -g ${fn}_current ''
  set -g ${fn}_args
  ${fn}_spec ''
  set -l skip 0
  for word in (commandline -opc)[2..-1]
    if test $skip = 1; set skip 0; continue; end
    switch $word
      case '--*=*'
      case '-*'
        contains -- $word $${fn}_vals; and set skip 1
      case '*'
        if test (count $${fn}_args) = 0; and contains -- $word $${fn}_subs
          set -g ${fn}_current (string trim -- "$${fn}_current $word")
          ${fn}_spec $${fn}_current
        else
          set -a ${fn}_args $word
        end
    end
  end
end

function ${fn}_path
  ${fn}_walk
  test "$${fn}_current" = "$argv[1]"
end

function ${fn}_no_args
  test (count $${fn}_args) = 0
end

${lines.join('\n')}
`;
}
