/**
 * Shell completion scripts generated from the program itself (every command, sub-command and
 * option), plus model and dataset names after `--model` / `--dataset` / `catalog`.
 */
import type { Command } from 'commander';

export const SHELLS = ['bash', 'zsh'] as const;
export type Shell = (typeof SHELLS)[number];

interface Words {
  /** 'train' or 'admin logs' -> the words completed after it. */
  readonly byCommand: Map<string, string[]>;
  readonly top: string[];
}

function collectWords(root: Command): Words {
  const byCommand = new Map<string, string[]>();
  const globals = root.options.map((o) => o.long!).filter(Boolean);
  const walk = (c: Command, path: string) => {
    const subs = c.commands.map((s) => s.name());
    byCommand.set(path, [...subs, ...c.options.map((o) => o.long!).filter(Boolean), ...globals, '--help']);
    for (const s of c.commands) walk(s, `${path} ${s.name()}`.trim());
  };
  for (const c of root.commands) walk(c, c.name());
  const top = [...root.commands.map((c) => c.name()), ...globals, '--help', '--version'];
  return { byCommand, top };
}

const q = (s: string) => s.replace(/[^\w@%+=:,./-]/g, '');

/** The completion script for `shell` (`eval "$(autolearn completion bash)"`). */
export function completionScript(root: Command, shell: Shell, names: readonly string[]): string {
  const { byCommand, top } = collectWords(root);
  const bin = root.name();
  const fn = `_${bin.replace(/\W/g, '_')}_complete`;
  const cases = [...byCommand.entries()]
    .map(([path, words]) => `    "${path}") words="${words.map(q).join(' ')}" ;;`)
    .join('\n');
  const bash = `${fn}() {
  local cur prev path words i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
    --model|--dataset) COMPREPLY=( $(compgen -W "${names.map(q).join(' ')}" -- "$cur") ); return 0 ;;
  esac
  path=""
  for (( i=1; i<COMP_CWORD; i++ )); do
    case "\${COMP_WORDS[i]}" in -*) ;; *) if [ -z "$path" ]; then path="\${COMP_WORDS[i]}"; elif [ "$path" = "admin" ]; then path="$path \${COMP_WORDS[i]}"; fi ;; esac
  done
  case "$path" in
    "") words="${top.map(q).join(' ')}" ;;
    "catalog") words="${[...(byCommand.get('catalog') ?? []), ...names].map(q).join(' ')}" ;;
${cases}
    *) words="" ;;
  esac
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}
complete -o default -F ${fn} ${bin}
`;
  if (shell === 'bash')
    return `# ${bin} bash completion: eval "$(${bin} completion bash)" (or save it to a file and source it)\n${bash}`;
  return `#compdef ${bin}
# ${bin} zsh completion: eval "$(${bin} completion zsh)" in ~/.zshrc
autoload -U +X bashcompinit && bashcompinit
${bash}`;
}
