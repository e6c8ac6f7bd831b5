import { strict as assert } from 'node:assert';
import { analyzeText } from '../../../src/core/jailconf';
import { effective, jailDashE, messages } from './helpers';

describe('jail.conf evaluation (config.c load_config)', () => {
  it('gives every jail its name first, then the global parameters placed before it, then its own', () => {
    assert.deepEqual(effective('exec.clean;\npath = "/jails/$name";\nweb { persist; }\n'), {
      web: { name: ['web'], 'exec.clean': [], path: ['/jails/web'], persist: [] },
    });
  });

  it('prints what `jail -f FILE -e "|"` prints for the 5BSD test configuration', () => {
    const text = 'path = "/srv/$name";\n$empty = "";\na {\n    host.hostname = "pre${empty}post";\n    exec.start = "${empty}";\n    child {\n        host.hostname = "child";\n    }\n}\n';
    assert.deepEqual(jailDashE(analyzeText(text)), ['name=a|path=/srv/a|host.hostname=prepost|exec.start=""', 'name=a.child|path=/srv/a.child|host.hostname=child']);
  });

  it('lets a wildcard block placed after a jail override it, and one placed before give defaults', () => {
    const text = '* { securelevel = 1; }\nweb { securelevel = 2; persist; }\ndb { persist; }\n"*" { devfs_ruleset = 5; }\nweb2 { devfs_ruleset = 4; persist; }';
    const e = effective(text);
    assert.deepEqual(e.web.securelevel, ['2']);
    assert.deepEqual(e.db.securelevel, ['1']);
    assert.deepEqual(e.web.devfs_ruleset, ['5']);
    assert.deepEqual(e.web2.devfs_ruleset, ['4']);
  });

  it('puts all top-level parameters in one global pseudo-jail at the position of the first one (newest parser)', () => {
    const e = effective('securelevel = 1;\nweb { securelevel = 2; persist; }\nsecurelevel = 3;\n');
    assert.deepEqual(e.web.securelevel, ['2']);
  });

  it('applies "foo.*" to foo.bar and foo.bar.baz but not to foo, and `*.x` component by component', () => {
    const text = 'foo { persist; children.max = 2; }\nfoo.bar { persist; children.max = 1; }\nfoo.bar.baz { persist; }\n"foo.*" { allow.raw_sockets; }\n"*.bar" { allow.chflags; }';
    const e = effective(text);
    assert.equal('allow.raw_sockets' in e.foo, false);
    assert.equal('allow.raw_sockets' in e['foo.bar'], true);
    assert.equal('allow.raw_sockets' in e['foo.bar.baz'], true);
    assert.equal('allow.chflags' in e['foo.bar'], true);
    assert.equal('allow.chflags' in e['foo.bar.baz'], false);
  });

  it('names nested blocks parent.child', () => {
    assert.deepEqual(Object.keys(effective('web { persist; children.max = 1; db { persist; } }')), ['web', 'web.db']);
  });

  it('replaces with = and appends with +=, across wildcard and jail', () => {
    const e = effective('exec.prestart = "a";\nweb { exec.prestart += "b"; exec.prestart += "c", "d"; persist; }\ndb { exec.prestart = "x"; persist; }');
    assert.deepEqual(e.web['exec.prestart'], ['a', 'b', 'c', 'd']);
    assert.deepEqual(e.db['exec.prestart'], ['x']);
  });

  it('matches a `no` form with its boolean, the later one winning under its own name', () => {
    const e = effective('allow.mount;\nweb { allow.nomount; persist; }');
    assert.deepEqual(Object.keys(e.web), ['name', 'allow.nomount', 'persist']);
  });

  it('sets jid, not name, from a block named by a non-zero number, and fills name in after', () => {
    assert.deepEqual(effective('5 { persist; }'), { '5': { jid: ['5'], persist: [], name: ['5'] } });
    assert.deepEqual(effective('5 { name = web; persist; }')['5'], { jid: ['5'], name: ['web'], persist: [] });
  });

  it('substitutes $var, ${var} and ${parameter} of the same jail, also in values from wildcards', () => {
    const text = '$root = "/usr/local/jails";\npath = "$root/${name}";\nhost.hostname = "${name}.example.org";\nexec.consolelog = "/var/log/jail_${host.hostname}.log";\nweb { persist; }';
    const e = effective(text);
    assert.deepEqual(e.web.path, ['/usr/local/jails/web']);
    assert.deepEqual(e.web['exec.consolelog'], ['/var/log/jail_web.example.org.log']);
  });

  it('resolves a variable defined later in the file or through another variable', () => {
    const e = effective('web { path = "$dir/web"; $dir = "$base/jails"; $base = /usr/local; persist; }');
    assert.deepEqual(e.web.path, ['/usr/local/jails/web']);
  });

  it('expands a bare list variable into several values, and empty variables to nothing', () => {
    const e = effective('$addrs = "10.0.0.1", "10.0.0.2";\n$empty = "";\nweb { ip4.addr = $addrs; host.hostname = "pre${empty}post"; persist; }');
    assert.deepEqual(e.web['ip4.addr'], ['10.0.0.1', '10.0.0.2']);
    assert.deepEqual(e.web['host.hostname'], ['prepost']);
  });

  it('reads $host.hostname as variable host and text .hostname', () => {
    assert.deepEqual(messages('web { host.hostname = w; path = "/j/$host.hostname"; persist; }'), ['1:37 variable-not-found: web: path: variable "host" not found']);
  });

  it('reports variable not found, variable loop and array inline as jail(8) does', () => {
    assert.deepEqual(messages('web { path = "/j/$nope"; persist; }'), ['1:18 variable-not-found: web: path: variable "nope" not found']);
    assert.deepEqual(messages('web { $a = "$b"; $b = "$a"; path = "/$a"; persist; }'), ['1:24 variable-loop: web: a: variable loop']);
    assert.deepEqual(messages('web { $l = a, b; exec.start = "echo $l"; persist; }'), ['1:37 array-inline: web: exec.start: array cannot be substituted inline']);
  });

  it('reports a shared wildcard problem once, naming the jails', () => {
    assert.deepEqual(messages('path = "/j/$nope";\na { persist; }\nb { persist; }'), ['1:12 variable-not-found: a, b: path: variable "nope" not found']);
  });

  it('refuses a variable named like a parameter, and redefining name or jid', () => {
    assert.deepEqual(messages('web { $path = x; persist; }'), ['1:7 variable-shadows-parameter: web: variable "$path" cannot have the same name as a parameter.']);
    assert.deepEqual(messages('web { host.hostname = h; ${host.hostname} = x; persist; }'), ['1:26 variable-shadows-parameter: web: variable "$host.hostname" cannot have the same name as a parameter.']);
    assert.deepEqual(messages('web { $host.hostname = x; persist; }'), ['1:12 syntax-error: .hostname: syntax error — a variable name cannot continue here: write ${host.hostname}']);
    assert.deepEqual(messages('web { name = other; persist; }'), ['1:7 redefined-parameter: web: cannot redefine parameter "name".']);
    assert.deepEqual(messages('web { jid = 3; persist; }\ndb { jid = 4; jid = 5; persist; }'), ['2:15 redefined-parameter: db: cannot redefine parameter "jid".']);
  });

  it('drops variables from the parameters handed on', () => {
    const jail = analyzeText('web { $v = 1; securelevel = $v; persist; }').jails[0];
    assert.deepEqual(jail.params.map((p) => p.name), ['name', 'securelevel', 'persist']);
    assert.deepEqual(jail.variables.map((v) => [v.name, v.values.map((x) => x.text)]), [['v', ['1']]]);
  });
});
