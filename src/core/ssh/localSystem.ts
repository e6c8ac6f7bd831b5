/**
 * What the SSH layer needs of the machine it runs on: the user's home and name, the environment (for
 * SSH_AUTH_SOCK), and reading ~/.ssh files and appending to known_hosts. Injected so that configuration and
 * known_hosts handling are unit-tested on in-memory files, and so nothing else in the layer touches `fs`.
 */
import { appendFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { dirname } from 'node:path';

export interface LocalSystem {
  homeDirectory: string;
  userName: string;
  environment: Readonly<Record<string, string | undefined>>;
  /** The file's text, or undefined when it does not exist (any other failure rejects). */
  readTextFile(path: string): Promise<string | undefined>;
  /** Names in a directory, or [] when it does not exist. */
  listDirectory(path: string): Promise<string[]>;
  /** Appends, creating the file (and its directory, mode 0700 as OpenSSH makes ~/.ssh) when missing. */
  appendTextFile(path: string, text: string): Promise<void>;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** The real machine; tests may point the home directory (and so ~/.ssh) somewhere else. */
export function nodeLocalSystem(options: { environment?: NodeJS.ProcessEnv; homeDirectory?: string } = {}): LocalSystem {
  return {
    homeDirectory: options.homeDirectory ?? homedir(),
    userName: userInfo().username,
    environment: options.environment ?? process.env,
    async readTextFile(path) {
      try {
        return await readFile(path, 'utf8');
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async listDirectory(path) {
      try {
        return await readdir(path);
      } catch (error) {
        if (isMissing(error)) return [];
        throw error;
      }
    },
    async appendTextFile(path, text) {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      await appendFile(path, text, { mode: 0o644 });
    },
  };
}
