/** The fish completion script. */
import { nodes, specLines, plain, type CommandSpec } from './spec.js';

export function fishScript(program: string, root: CommandSpec): string {
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
