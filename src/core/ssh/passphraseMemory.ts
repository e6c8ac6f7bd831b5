/**
 * Key passphrases, optionally kept in a secret store (VS Code's SecretStorage) per key file. A kept
 * passphrase is tried first, without asking; when the SSH layer asks again for the same file (the answer did
 * not decrypt the key), a kept one is forgotten at once and the person is asked. Only file names are ever
 * used as names; the passphrase goes to the store and to ssh2, nowhere else.
 */
import { SshPrompts } from './prompts';

export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

/** What the person answered: the passphrase (or undefined to skip the key), and whether to keep it. */
export interface PassphraseAnswer {
  passphrase: string | undefined;
  remember: boolean;
}

export type AskPassphrase = (keyFile: string, previousWasWrong: boolean) => Promise<PassphraseAnswer>;

export function passphraseKey(keyFile: string): string {
  return `ssh-key-passphrase:${keyFile}`;
}

/** The key files with a kept passphrase (names only), since a secret store cannot list what it holds. */
const indexKey = 'ssh-key-passphrase-files';

export class PassphraseMemory {
  /** Key files whose last answer came from the store, so a retry knows it was the kept one that failed. */
  private readonly fromStore = new Set<string>();

  constructor(private readonly store: SecretStore, private readonly ask: AskPassphrase) {}

  /** SshPrompts.passphrase, with the store in front of the person. */
  readonly passphrase: NonNullable<SshPrompts['passphrase']> = async (keyFile, attempt) => {
    const key = passphraseKey(keyFile);
    if (attempt === 1) {
      const kept = await this.store.get(key);
      if (kept !== undefined) {
        this.fromStore.add(keyFile);
        return kept;
      }
    } else if (this.fromStore.has(keyFile)) {
      await this.forget(keyFile);
    }
    const answer = await this.ask(keyFile, attempt > 1);
    if (answer.passphrase !== undefined && answer.remember) {
      await this.store.store(key, answer.passphrase);
      await this.index((files) => [...files.filter((f) => f !== keyFile), keyFile]);
      this.fromStore.add(keyFile);
    } else {
      this.fromStore.delete(keyFile);
    }
    return answer.passphrase;
  };

  async forget(keyFile: string): Promise<void> {
    this.fromStore.delete(keyFile);
    await this.store.delete(passphraseKey(keyFile));
    await this.index((files) => files.filter((f) => f !== keyFile));
  }

  /** Forgets every kept passphrase; returns the key files they were for. */
  async forgetAll(): Promise<string[]> {
    const files = await this.index((list) => list);
    for (const file of files) await this.forget(file);
    return files;
  }

  /** Reads and rewrites the list of key files with a kept passphrase; returns the list as it was read. */
  private async index(change: (files: string[]) => string[]): Promise<string[]> {
    let files: string[] = [];
    try {
      const parsed: unknown = JSON.parse((await this.store.get(indexKey)) ?? '[]');
      if (Array.isArray(parsed)) files = parsed.filter((f): f is string => typeof f === 'string');
    } catch {
      files = [];
    }
    const changed = change(files);
    if (changed !== files) await (changed.length > 0 ? this.store.store(indexKey, JSON.stringify(changed)) : this.store.delete(indexKey));
    return files;
  }
}
