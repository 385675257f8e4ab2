/** The zsh completion script (for compinit; _describe shows descriptions). */
import { specLines, optionKindFunction, flags, plain, type CommandSpec } from './spec.js';

export function zshScript(program: string, root: CommandSpec): string {
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
