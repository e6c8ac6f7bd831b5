import { strict as assert } from 'node:assert';
import { analyzeConfig, ConfigFileSystem, loadConfig } from '../../../src/core/jailconf';
import { expandGlob, hasGlobMagic } from '../../../src/core/jailconf/glob';
import { resolveIncludePath } from '../../../src/core/jailconf/includes';
import { analyzeFiles, effectiveOf, memoryFileSystem } from './helpers';

const at = (d: { file: string; range: { start: { line: number; character: number } }; code: string }) => `${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`;

describe('jail.conf includes (config.c include_config)', () => {
  it('resolves relative paths against the including file, absolute ones as they are', () => {
    assert.equal(resolveIncludePath('/etc/jail.conf', 'jail.conf.d/web.conf'), '/etc/jail.conf.d/web.conf');
    assert.equal(resolveIncludePath('/etc/jail.conf', '/usr/local/etc/jail.conf'), '/usr/local/etc/jail.conf');
    assert.equal(resolveIncludePath('jail.conf', 'x.conf'), 'x.conf');
  });

  it('knows glob(3) patterns', () => {
    assert.equal(hasGlobMagic('/etc/jail.conf.d/*.conf'), true);
    assert.equal(hasGlobMagic('/usr/local/etc/jail[.]conf'), true);
    assert.equal(hasGlobMagic('/etc/jail.conf'), false);
    assert.equal(hasGlobMagic('/etc/jail\\*.conf'), false);
  });

  it('expands globs sorted, skipping dot files, matching nothing without complaint', async () => {
    const fs = memoryFileSystem({ '/etc/jail.conf.d/b.conf': '', '/etc/jail.conf.d/a.conf': '', '/etc/jail.conf.d/.hidden.conf': '', '/etc/jail.conf.d/notes.txt': '', '/etc/jail.conf.d/sub/c.conf': '' });
    assert.deepEqual(await expandGlob(fs, '/etc/jail.conf.d/*.conf'), ['/etc/jail.conf.d/a.conf', '/etc/jail.conf.d/b.conf']);
    assert.deepEqual(await expandGlob(fs, '/etc/jail.conf.d/[!a]*.conf'), ['/etc/jail.conf.d/b.conf']);
    assert.deepEqual(await expandGlob(fs, '/etc/jail.conf.d/?.conf'), ['/etc/jail.conf.d/a.conf', '/etc/jail.conf.d/b.conf']);
    assert.deepEqual(await expandGlob(fs, '/etc/*/sub/*.conf'), ['/etc/jail.conf.d/sub/c.conf']);
    assert.deepEqual(await expandGlob(fs, '/usr/local/etc/jail.conf.d/*.conf'), []);
  });

  it('evaluates included jails where the .include stands, with the globals of the includer', async () => {
    const analysis = await analyzeFiles('/etc/jail.conf', {
      '/etc/jail.conf': 'exec.clean;\npath = "/jails/$name";\n.include "/etc/jail.conf.d/*.conf";\n',
      '/etc/jail.conf.d/web.conf': 'web { persist; }\n',
      '/etc/jail.conf.d/db.conf': 'db { persist; depend = web; }\n',
    });
    assert.deepEqual(analysis.diagnostics, []);
    assert.deepEqual(Object.keys(effectiveOf(analysis)), ['db', 'web']);
    assert.deepEqual(effectiveOf(analysis).web.path, ['/jails/web']);
  });

  it('puts what an include inside a block holds into that block', async () => {
    const analysis = await analyzeFiles('/etc/jail.conf', { '/etc/jail.conf': 'web {\n  .include "web.params";\n}\n', '/etc/web.params': 'persist;\nsecurelevel = 2;\n' });
    assert.deepEqual(effectiveOf(analysis), { web: { name: ['web'], persist: [], securelevel: ['2'] } });
  });

  it('makes a block of a file included inside a block a child jail, as the newest jailparse.y does', async () => {
    // parse_config() parses the included file with a parser of its own, while current_jail still names
    // the enclosing block: its parameters join that jail and its blocks become children of it.
    const analysis = await analyzeFiles('/etc/jail.conf', {
      '/etc/jail.conf': 'web {\n  children.max = 1;\n  persist;\n  .include "web.d/*.conf";\n}\n',
      '/etc/web.d/db.conf': 'securelevel = 2;\ndb { persist; }\n',
    });
    assert.deepEqual(analysis.diagnostics, []);
    assert.deepEqual(analysis.configJails.map((j) => j.name), ['web', 'web.db']);
    assert.deepEqual(effectiveOf(analysis).web.securelevel, ['2']);
  });

  it('does not let an included file close the block its .include stands in', async () => {
    // Each included file is parsed on its own, so its stray '}' is its own syntax error.
    const analysis = await analyzeFiles('/etc/jail.conf', { '/etc/jail.conf': 'web {\n  .include "close.conf";\n  persist;\n}\n', '/etc/close.conf': '}\n' });
    assert.deepEqual(analysis.diagnostics.map(at), ['/etc/close.conf:1:1 syntax-error']);
    assert.deepEqual(effectiveOf(analysis).web.persist, []);
  });

  it('includes a file only if it exists with the jail[.]conf trick', async () => {
    const analysis = await analyzeFiles('/etc/jail.conf', { '/etc/jail.conf': '.include "/usr/local/etc/jail[.]conf";\nweb { persist; }\n' });
    assert.deepEqual(analysis.diagnostics, []);
  });

  it('refuses a plain path that does not exist, and variables in the path', async () => {
    const analysis = await analyzeFiles('/etc/jail.conf', { '/etc/jail.conf': '.include "/etc/missing.conf";\n.include "$dir/x.conf";\nweb { persist; }\n' });
    assert.deepEqual(analysis.diagnostics.map((d) => `${at(d)}: ${d.message}`), [
      '/etc/jail.conf:1:10 include-not-found: /etc/missing.conf: No such file or directory',
      "/etc/jail.conf:2:10 include-variable: variables not permitted in '.include' filename",
    ]);
  });

  it('reports an included file it cannot read with the reason', async () => {
    const fs = memoryFileSystem({ '/etc/jail.conf': '.include "/etc/secret.conf";\nweb { persist; }\n' });
    const denied: ConfigFileSystem = { ...fs, readFile: async (path) => (path === '/etc/secret.conf' ? Promise.reject(Object.assign(new Error('EACCES'), { code: 'EACCES' })) : fs.readFile(path)) };
    const analysis = await analyzeConfig(await loadConfig('/etc/jail.conf', '.include "/etc/secret.conf";\nweb { persist; }\n', denied));
    assert.deepEqual(analysis.diagnostics.map((d) => `${at(d)}: ${d.message}`), ['/etc/jail.conf:1:10 include-unreadable: /etc/secret.conf: Permission denied']);
  });

  it('stops at 32 nested includes', async () => {
    const analysis = await analyzeFiles('/etc/jail.conf', { '/etc/jail.conf': '.include "/etc/jail.conf";\nweb { persist; }\n' });
    assert.deepEqual(analysis.diagnostics.map((d) => `${at(d)}: ${d.message}`), ['/etc/jail.conf:1:10 include-depth: maximum include depth exceeded']);
  });

  it('reports diagnostics of included files in those files', async () => {
    const analysis = await analyzeFiles('/etc/jail.conf', { '/etc/jail.conf': '.include "jail.conf.d/*.conf";\n', '/etc/jail.conf.d/web.conf': 'web {\n  persist;\n  hostname = web;\n}\n' });
    assert.deepEqual(analysis.diagnostics.map(at), ['/etc/jail.conf.d/web.conf:3:3 unknown-parameter']);
  });

  it('reads every file once through the injected file system', async () => {
    const fs = memoryFileSystem({ '/etc/jail.conf': '.include "a.conf";\n.include "a.conf";\n', '/etc/a.conf': 'a { persist; }\n' });
    const config = await loadConfig('/etc/jail.conf', '.include "a.conf";\n.include "a.conf";\n', fs);
    assert.deepEqual(fs.reads, ['/etc/a.conf']);
    assert.equal(config.files.size, 2);
  });
});
