import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configTextsScript, configuredFromTexts, HostConfigTexts, parseConfigTexts } from '../../../src/core/hosts/configTexts';

const nonce = 'c0nfT3xts';

describe('configuration texts (hosts without jail -e)', () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  /** Runs the host side in this machine's sh on a tree under `root`, and reads its answer. */
  const fromHost = (globs: { glob: string; manager?: string }[]): HostConfigTexts =>
    parseConfigTexts(execFileSync('/bin/sh', ['-s'], { input: `${configTextsScript(nonce, globs)}\n`, encoding: 'utf8' }), nonce);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'jails-conftexts-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('sends each root, and the files its includes match (relative, globbed, nested), once each and exactly', () => {
    write('etc/jail.conf', `# jails\n$base = "/jails";\n.include "${root}/etc/jail.conf.d/*.conf";\nweb { .include "web.inc"; }\n`);
    write('etc/web.inc', 'host.hostname = "web.example.org";\n.include "more/*.inc";');
    write('etc/more/a.inc', 'persist;\n');
    write('etc/jail.conf.d/db.conf', 'db { path = "$base/db"; exec.start = "/bin/sh /etc/rc"; }\n');
    write('etc/jail.conf.d/notes.txt', 'not a configuration');
    const texts = fromHost([{ glob: `${root}/etc/jail.conf ${root}/etc/jail.conf.d/*.conf` }, { glob: `${root}/bastille/*/jail.conf`, manager: 'bastille' }]);
    assert.deepEqual(texts.roots, [{ file: `${root}/etc/jail.conf`, manager: undefined }, { file: `${root}/etc/jail.conf.d/db.conf`, manager: undefined }]);
    assert.deepEqual([...texts.files.keys()].sort(), [`${root}/etc/jail.conf`, `${root}/etc/jail.conf.d/db.conf`, `${root}/etc/more/a.inc`, `${root}/etc/web.inc`]);
    assert.equal(texts.files.get(`${root}/etc/web.inc`), 'host.hostname = "web.example.org";\n.include "more/*.inc";');
    assert.deepEqual(texts.globs.get(`${root}/etc/more/*.inc`), [`${root}/etc/more/a.inc`]);

    const { jails, errors } = configuredFromTexts(`${root}/etc/jail.conf`, texts);
    assert.deepEqual(errors, []);
    assert.deepEqual(jails, [
      { name: 'db', parameters: { name: 'db', path: '/jails/db', 'exec.start': '/bin/sh /etc/rc' } },
      { name: 'web', parameters: { name: 'web', 'host.hostname': 'web.example.org', persist: true } },
    ]);
  });

  it('refuses a file jail(8) would refuse, naming its line, and a missing include', () => {
    write('etc/jail.conf', 'web {\n  persist;\n  path = "/jails/web;\n}\n');
    write('etc/other.conf', '.include "/nowhere/x.conf";\nweb { persist; }\n');
    const texts = fromHost([{ glob: `${root}/etc/*.conf` }]);
    assert.deepEqual(configuredFromTexts(`${root}/etc/jail.conf`, texts), { jails: [], errors: [`${root}/etc/jail.conf line 3: unterminated string`] });
    assert.deepEqual(configuredFromTexts(`${root}/etc/other.conf`, texts).errors, [`${root}/etc/other.conf line 1: /nowhere/x.conf: No such file or directory`]);
  });

  it('leaves out a jail it cannot evaluate, saying why, and keeps the others', () => {
    write('etc/jail.conf', 'good { persist; }\nbad { path = "/jails/$nothing"; }\n');
    const { jails, errors } = configuredFromTexts(`${root}/etc/jail.conf`, fromHost([{ glob: `${root}/etc/jail.conf` }]));
    assert.deepEqual(jails.map((j) => j.name), ['good']);
    assert.deepEqual(errors, ['bad: path: variable "nothing" not found']);
  });
});
