/**
 * The expansions OpenSSH applies to paths and commands in ssh_config(5): a leading `~`, `%` tokens
 * (TOKENS section) and, for IdentityAgent, environment variables. An unknown token is an error in OpenSSH
 * ("percent_expand: unknown key %x"), so it is one here too, instead of a silently wrong path.
 */
import { SshConfigError } from './configError';

/** Values for the tokens this layer supports, by their letter: h, p, r, u, d, n. */
export type TokenValues = Partial<Record<'h' | 'p' | 'r' | 'u' | 'd' | 'n', string>>;

export function expandTokens(text: string, values: TokenValues, setting: string): string {
  return text.replace(/%(.?)/g, (_whole, letter: string) => {
    if (letter === '%') return '%';
    const value = values[letter as keyof TokenValues];
    if (value === undefined) {
      throw new SshConfigError(`${setting} "${text}": ${letter ? `%${letter}` : 'a lone %'} is not a token OpenSSH expands there`);
    }
    return value;
  });
}

/** `~` and `~/…` are the local user's home; `~user` forms are left alone, as there is no user database here. */
export function expandTilde(path: string, homeDirectory: string): string {
  if (path === '~') return homeDirectory;
  if (path.startsWith('~/')) return `${homeDirectory}${path.slice(1)}`;
  return path;
}

/** `${NAME}` environment references, accepted by IdentityAgent (and a few other settings) in OpenSSH. */
export function expandEnvironment(text: string, environment: Readonly<Record<string, string | undefined>>, setting: string): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_whole, name: string) => {
    const value = environment[name];
    if (value === undefined) throw new SshConfigError(`${setting} "${text}": environment variable ${name} is not set`);
    return value;
  });
}

/** What a path setting means: tilde first, then tokens (OpenSSH's order). */
export function expandPath(path: string, values: TokenValues, homeDirectory: string, setting: string): string {
  return expandTokens(expandTilde(path, homeDirectory), values, setting);
}
