import { strict as assert } from 'node:assert';
import { PassphraseAnswer, PassphraseMemory, passphraseKey, SecretStore } from '../../../src/core/ssh/passphraseMemory';

class MemoryStore implements SecretStore {
  readonly values = new Map<string, string>();
  /** The passphrases kept, without the store's list of key files. */
  get secrets(): [string, string][] {
    return [...this.values].filter(([key]) => key.startsWith('ssh-key-passphrase:'));
  }
  async get(key: string) { return this.values.get(key); }
  async store(key: string, value: string) { this.values.set(key, value); }
  async delete(key: string) { this.values.delete(key); }
}

/** A person who gives the listed answers in turn, and records what was asked. */
function person(...answers: PassphraseAnswer[]) {
  const asked: [string, boolean][] = [];
  return {
    asked,
    ask: async (keyFile: string, previousWasWrong: boolean) => {
      asked.push([keyFile, previousWasWrong]);
      const answer = answers.shift();
      if (!answer) throw new Error('asked once too often');
      return answer;
    },
  };
}

describe('PassphraseMemory', () => {
  const key = '/home/me/.ssh/id_ed25519';

  it('asks, and keeps nothing unless told to', async () => {
    const store = new MemoryStore();
    const p = person({ passphrase: 'once', remember: false });
    const memory = new PassphraseMemory(store, p.ask);
    assert.equal(await memory.passphrase(key, 1), 'once');
    assert.deepEqual(p.asked, [[key, false]]);
    assert.deepEqual(store.secrets, []);
  });

  it('keeps a passphrase per key file when told to, and then uses it without asking', async () => {
    const store = new MemoryStore();
    const p = person({ passphrase: 'kept', remember: true });
    const memory = new PassphraseMemory(store, p.ask);
    assert.equal(await memory.passphrase(key, 1), 'kept');
    assert.deepEqual(store.secrets, [[passphraseKey(key), 'kept']]);
    const later = new PassphraseMemory(store, person().ask);
    assert.equal(await later.passphrase(key, 1), 'kept');
  });

  it('forgets a kept passphrase that turned out wrong, and asks again', async () => {
    const store = new MemoryStore();
    store.values.set(passphraseKey(key), 'stale');
    const p = person({ passphrase: 'fresh', remember: false });
    const memory = new PassphraseMemory(store, p.ask);
    assert.equal(await memory.passphrase(key, 1), 'stale');
    assert.equal(await memory.passphrase(key, 2), 'fresh');
    assert.deepEqual(p.asked, [[key, true]]);
    assert.deepEqual(store.secrets, []);
  });

  it('does not keep a wrong answer given with "remember"', async () => {
    const store = new MemoryStore();
    const p = person({ passphrase: 'typo', remember: true }, { passphrase: 'right', remember: true });
    const memory = new PassphraseMemory(store, p.ask);
    assert.equal(await memory.passphrase(key, 1), 'typo');
    assert.equal(await memory.passphrase(key, 2), 'right');
    assert.deepEqual(store.secrets, [[passphraseKey(key), 'right']]);
  });

  it('leaves a kept passphrase alone when another file is retried, and skips a key the person dismissed', async () => {
    const store = new MemoryStore();
    store.values.set(passphraseKey(key), 'kept');
    const p = person({ passphrase: undefined, remember: true });
    const memory = new PassphraseMemory(store, p.ask);
    assert.equal(await memory.passphrase('/other/key', 2), undefined);
    assert.equal(store.values.get(passphraseKey(key)), 'kept');
    assert.equal(store.values.has(passphraseKey('/other/key')), false);
    await memory.forget(key);
    assert.equal(store.values.size, 0);
  });

  it('forgets every kept passphrase at once, and says for which key files', async () => {
    const store = new MemoryStore();
    const p = person({ passphrase: 'one', remember: true }, { passphrase: 'two', remember: true }, { passphrase: 'three', remember: false });
    const memory = new PassphraseMemory(store, p.ask);
    for (const file of ['/k/one', '/k/two', '/k/three']) await memory.passphrase(file, 1);
    assert.deepEqual(await new PassphraseMemory(store, person().ask).forgetAll(), ['/k/one', '/k/two']);
    assert.equal(store.values.size, 0);
    assert.deepEqual(await memory.forgetAll(), []);
  });
});
