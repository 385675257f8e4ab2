/** The bash completion script. */
import { specLines, optionKindFunction, type CommandSpec } from './spec.js';

export function bashScript(program: string, root: CommandSpec): string {
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
    # Names are matched here, not by compgen -W, which would expand $(…) in them; %q quotes what is inserted.
    profile) local name; COMPREPLY=(); while IFS= read -r name; do [[ $name == "$cur"* ]] && COMPREPLY+=("$(printf '%q' "$name")"); done < <(${program} __complete profiles 2>/dev/null) ;;
    # mapfile, not COMPREPLY=($(…)): a name with a space stays one name, and one with * or ? is not expanded.
    file) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
    command) mapfile -t COMPREPLY < <(compgen -c -- "$cur") ;;
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
