import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprintOf, keyTypeOf, preferredHostKeyAlgorithms } from '../../../src/core/ssh/hostKey';
import { KnownHosts, recordHostKey } from '../../../src/core/ssh/hostKeyVerdict';
import { hashedHostField, hostFieldMatches, knownHostsName, parseKnownHosts } from '../../../src/core/ssh/knownHostsFile';
import { newHostKey } from './keys';
import { memorySystem } from './memorySystem';

const file = '/home/alice/.ssh/known_hosts';
const hosts = (text: string) => new KnownHosts(parseKnownHosts(text, file));

describe('host keys', () => {
  let scratch: string;
  beforeEach(() => { scratch = mkdtempSync(join(tmpdir(), 'jails-kh-')); });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('prints fingerprints exactly as ssh-keygen -l does', () => {
    for (const type of ['ed25519', 'ecdsa', 'rsa'] as const) {
      const key = newHostKey(type);
      const pub = join(scratch, `${type}.pub`);
      writeFileSync(pub, `${key.line}\n`);
      const expected = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', pub], { encoding: 'utf8' }).split(' ')[1];
      assert.equal(fingerprintOf(key.blob), expected);
      assert.match(expected, /^SHA256:[A-Za-z0-9+/]{43}$/);
    }
  });

  it('reads the key type from the wire format and rejects what is not one', () => {
    assert.equal(keyTypeOf(newHostKey().blob), 'ssh-ed25519');
    assert.equal(keyTypeOf(Buffer.from('garbage')), undefined);
    assert.equal(keyTypeOf(Buffer.alloc(2)), undefined);
  });

  it('offers the algorithms of keys already on file first', () => {
    assert.deepEqual(preferredHostKeyAlgorithms([]).slice(0, 2), ['ssh-ed25519', 'ecdsa-sha2-nistp256']);
    assert.deepEqual(preferredHostKeyAlgorithms(['ssh-rsa']).slice(0, 4), ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa', 'ssh-ed25519']);
    assert.equal(new Set(preferredHostKeyAlgorithms(['ssh-rsa'])).size, preferredHostKeyAlgorithms([]).length);
  });
});

describe('known_hosts file', () => {
  it('files hosts by name, with [host]:port off port 22', () => {
    assert.equal(knownHostsName('Jails.Example.org', 22), 'jails.example.org');
    assert.equal(knownHostsName('192.0.2.1', 2222), '[192.0.2.1]:2222');
  });

  it('parses markers, comments and skips lines that are not entries', () => {
    const key = newHostKey();
    const entries = parseKnownHosts([
      '# a comment', '', `host1 ${key.line} comment words`, `@revoked * ${key.line}`, `@cert-authority *.example.org ${key.line}`,
      `@unknown-marker host ${key.line}`, 'host2 ssh-ed25519 not-base64!', `host3 ssh-rsa ${key.line.split(' ')[1]}`, 'too-few-fields',
    ].join('\n'), file);
    assert.deepEqual(entries.map((e) => [e.marker, e.hosts, e.line]), [[undefined, 'host1', 3], ['revoked', '*', 4], ['cert-authority', '*.example.org', 5]]);
  });

  it('matches comma lists, wildcards, ? and negation, case-insensitively', () => {
    assert.ok(hostFieldMatches('a.example.org,b.example.org', 'b.example.org'));
    assert.ok(hostFieldMatches('*.EXAMPLE.org', 'db.example.org'));
    assert.ok(hostFieldMatches('web?', 'web1'));
    assert.ok(!hostFieldMatches('web?', 'web'));
    assert.ok(!hostFieldMatches('web?', 'web12'));
    assert.ok(!hostFieldMatches('*.example.org,!secret.example.org', 'secret.example.org'));
    assert.ok(!hostFieldMatches('!secret.example.org', 'other.example.org'), 'a negation alone matches nothing');
    assert.ok(hostFieldMatches('[192.0.2.1]:2222', '[192.0.2.1]:2222'));
    assert.ok(!hostFieldMatches('192.0.2.1', '[192.0.2.1]:2222'));
    assert.ok(hostFieldMatches('[*.example.org]:*', '[db.example.org]:2200'));
    assert.ok(!hostFieldMatches('a.b', 'axb'), 'a dot is no wildcard');
  });

  it('matches hashed names, including those ssh-keygen -H writes', () => {
    const field = hashedHostField('[127.0.0.1]:2222');
    assert.ok(hostFieldMatches(field, '[127.0.0.1]:2222'));
    assert.ok(!hostFieldMatches(field, '127.0.0.1'));
    const scratch = mkdtempSync(join(tmpdir(), 'jails-kh-'));
    try {
      const path = join(scratch, 'known_hosts');
      writeFileSync(path, `jails.example.org ${newHostKey().line}\n`);
      execFileSync('ssh-keygen', ['-q', '-H', '-f', path], { stdio: 'ignore' });
      const [entry] = parseKnownHosts(readFileSync(path, 'utf8'), path);
      assert.match(entry.hosts, /^\|1\|/);
      assert.ok(hostFieldMatches(entry.hosts, 'jails.example.org'));
      assert.ok(!hostFieldMatches(entry.hosts, 'other.example.org'));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe('host key verdicts', () => {
  const key = newHostKey();
  const other = newHostKey();

  it('knows a key filed under a plain name', () => {
    assert.deepEqual(hosts(`jails.example.org ${key.line}\n`).verdict('jails.example.org', key), { kind: 'known', file, line: 1 });
  });

  it('knows a key filed under a hashed name, a port form, a comma list or a wildcard', () => {
    assert.equal(hosts(`${hashedHostField('jails.example.org')} ${key.line}\n`).verdict('jails.example.org', key).kind, 'known');
    assert.equal(hosts(`[127.0.0.1]:2222 ${key.line}\n`).verdict('[127.0.0.1]:2222', key).kind, 'known');
    assert.equal(hosts(`127.0.0.1 ${key.line}\n`).verdict('[127.0.0.1]:2222', key).kind, 'unknown');
    assert.equal(hosts(`a,jails.example.org,b ${key.line}\n`).verdict('jails.example.org', key).kind, 'known');
    assert.equal(hosts(`*.example.org ${key.line}\n`).verdict('jails.example.org', key).kind, 'known');
    assert.equal(hosts(`*.example.org,!jails.example.org ${key.line}\n`).verdict('jails.example.org', key).kind, 'unknown');
  });

  it('calls a key unknown with its fingerprint, and names other key types on file', () => {
    const rsa = newHostKey('rsa');
    assert.deepEqual(hosts(`jails.example.org ${rsa.line}\nelsewhere ${other.line}\n`).verdict('jails.example.org', key), {
      kind: 'unknown', keyType: 'ssh-ed25519', fingerprint: fingerprintOf(key.blob), otherKnownKeyTypes: ['ssh-rsa'],
    });
    assert.deepEqual(hosts('').verdict('x', key), { kind: 'unknown', keyType: 'ssh-ed25519', fingerprint: fingerprintOf(key.blob), otherKnownKeyTypes: [] });
  });

  it('calls a different key of the same type changed, naming both fingerprints and where the old one is', () => {
    const v = hosts(`# header\nweb ${other.line}\n[web]:2200 ${key.line}\n`).verdict('web', key);
    assert.deepEqual(v, { kind: 'changed', keyType: 'ssh-ed25519', fingerprint: fingerprintOf(key.blob), knownFingerprint: fingerprintOf(other.blob), file, line: 2 });
  });

  it('accepts the key when one matching entry has it even if another has a different key', () => {
    assert.equal(hosts(`web ${other.line}\nweb ${key.line}\n`).verdict('web', key).kind, 'known');
  });

  it('refuses a revoked key even when it is also filed as known', () => {
    const v = hosts(`web ${key.line}\n@revoked * ${key.line}\n`).verdict('web', key);
    assert.deepEqual(v, { kind: 'revoked', keyType: 'ssh-ed25519', fingerprint: fingerprintOf(key.blob), file, line: 2 });
    assert.equal(hosts(`web ${key.line}\n@revoked other-host ${key.line}\n`).verdict('web', key).kind, 'known');
  });

  it('never trusts a plain key because a @cert-authority entry holds it', () => {
    assert.equal(hosts(`@cert-authority * ${key.line}\n`).verdict('web', key).kind, 'unknown');
    assert.deepEqual(hosts(`@cert-authority * ${key.line}\n`).knownKeyTypes('web'), []);
  });

  it('reads several files in order, a missing one being empty', async () => {
    const system = memorySystem({ '/etc/ssh/ssh_known_hosts': `web ${key.line}\n` });
    const known = await KnownHosts.load([file, '/etc/ssh/ssh_known_hosts'], system);
    assert.deepEqual(known.verdict('web', key), { kind: 'known', file: '/etc/ssh/ssh_known_hosts', line: 1 });
    assert.deepEqual(known.knownKeyTypes('web'), ['ssh-ed25519']);
  });
});

describe('recording a trusted key', () => {
  const key = newHostKey();

  it('appends a plain line, after a newline the file lacked', async () => {
    const system = memorySystem({ [file]: `old ${newHostKey().line}` });
    await recordHostKey(system, file, '[127.0.0.1]:2222', key, false);
    const lines = system.files.get(file)?.split('\n') ?? [];
    assert.equal(lines[1], `[127.0.0.1]:2222 ${key.line}`);
    assert.equal(lines[2], '');
    assert.equal((await KnownHosts.load([file], system)).verdict('[127.0.0.1]:2222', key).kind, 'known');
  });

  it('appends a hashed line that ssh-keygen -F finds', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'jails-kh-'));
    try {
      const path = join(scratch, 'known_hosts');
      const system = { ...memorySystem({}), readTextFile: async () => undefined, appendTextFile: async (_p: string, text: string) => writeFileSync(path, text, { flag: 'a' }) };
      await recordHostKey(system, path, 'jails.example.org', key, true);
      const text = readFileSync(path, 'utf8');
      assert.match(text, /^\|1\|[A-Za-z0-9+/=]+\|[A-Za-z0-9+/=]+ ssh-ed25519 AAAA/);
      const found = execFileSync('ssh-keygen', ['-F', 'jails.example.org', '-f', path], { encoding: 'utf8' });
      assert.match(found, /Host jails.example.org found: line 1/);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
