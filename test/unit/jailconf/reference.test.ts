// Every example and message of shared/docs/freebsd-reference.md §1 that can be decided from a file,
// section by section, with the exact diagnostic (line:column code) or evaluation FreeBSD would give.
import { strict as assert } from 'node:assert';
import { analyzeText } from '../../../src/core/jailconf';
import { analyzeFiles, diags, effective, messages } from './helpers';

const ok = (text: string) => assert.deepEqual(diags(text), []);

describe('freebsd-reference.md §1, example by example', () => {
  describe('§1.2 lexical tokens', () => {
    it('"abc"def is abcdef; /var/jail/$name is one value', () => {
      assert.deepEqual(effective('web { persist; host.hostname = "abc"def; path = /var/jail/$name; }').web, { name: ['web'], persist: [], 'host.hostname': ['abcdef'], path: ['/var/jail/web'] });
    });

    it('path = /a//b; loses //b; (and the ; with it)', () => {
      assert.deepEqual(diags('web {\n    persist;\n    path = /a//b;\n}\n'), ['3:12 error missing-semicolon']);
    });

    it('single quotes process escapes but not variables; double quotes do both', () => {
      assert.deepEqual(effective("web { persist; $v = x; host.hostname = '$v\\t'; exec.start = \"$v\\t\"; }").web['host.hostname'], ['$v\t']);
      assert.deepEqual(effective("web { persist; $v = x; exec.start = \"$v\\t\"; }").web['exec.start'], ['x\t']);
    });

    it('$host.hostname is variable host followed by .hostname; ${host.hostname} is the parameter', () => {
      assert.deepEqual(effective('web { persist; host.hostname = h; exec.start = "echo ${host.hostname}"; }').web['exec.start'], ['echo h']);
    });

    it('reports unterminated string, comment and variable', () => {
      assert.deepEqual(messages('web { persist; host.hostname = "h; }'), ['1:32 unterminated-string: unterminated string']);
      assert.deepEqual(messages('web { persist; } /*'), ['1:18 unterminated-comment: unterminated comment']);
      assert.deepEqual(messages('web { persist; path = "/j/${name"; }'), ['1:27 unterminated-variable: unterminated variable']);
    });
  });

  describe('§1.3 grammar', () => {
    it('accepts param value; without =, extra ;, and $x = … definitions', () => {
      ok('web { persist;; exec.start "/bin/sh /etc/rc"; $x = 1; securelevel = $x; };');
    });

    it('says FILE line N: TOKEN: syntax error, or unexpected EOF', () => {
      assert.deepEqual(messages('web { persist; = 1; }'), ['1:16 syntax-error: =: syntax error — a parameter name is missing before it']);
      assert.deepEqual(diags('web { persist;'), ['1:5 error unexpected-eof']);
    });

    it('leaves parameter names to libjail: unknown parameter: foo', () => {
      assert.deepEqual(messages('web { persist; foo; }'), ['1:16 unknown-parameter: web: unknown parameter: foo']);
    });
  });

  describe('§1.4 values', () => {
    it('takes persist;, nopersist;, persist = true|false and integers as booleans', () => {
      ok('a { persist; }\nb { persist = true; }\nc { persist = 1; }\nd { nopersist; exec.start = x; }\ne { persist = false; exec.start = x; }');
    });

    it('puts the no prefix on the last dotted component', () => {
      ok('web { persist; allow.nomount; allow.mount.nodevfs; mount.nodevfs; ip4.nosaddrsel; }');
      assert.deepEqual(effective('allow.mount;\nweb { persist; allow.nomount; }').web['allow.nomount'], []);
    });

    it('NAME: PARAM: unknown boolean value "X" and non-integer value "X"', () => {
      assert.deepEqual(messages('web { persist; mount.devfs = sometimes; path = /j; }'), ['1:30 unknown-boolean: web: mount.devfs: unknown boolean value "sometimes"']);
      assert.deepEqual(messages('web { persist; exec.timeout = soon; }'), ['1:31 non-integer: web: exec.timeout: non-integer value "soon"']);
      assert.deepEqual(messages('web { persist; stop.timeout = 1.5; }'), ['1:31 non-integer: web: stop.timeout: non-integer value "1.5"']);
      assert.deepEqual(messages('web { persist; exec.fib = x; }'), ['1:27 non-integer: web: exec.fib: non-integer value "x"']);
    });

    it('a = x, y, z; and a = x; a += y; make lists; a later = replaces', () => {
      const e = effective('web { persist; exec.start = x, y, z; exec.stop = x; exec.stop += y; exec.prestart = a; exec.prestart = b; }').web;
      assert.deepEqual([e['exec.start'], e['exec.stop'], e['exec.prestart']], [['x', 'y', 'z'], ['x', 'y'], ['b']]);
    });

    it('name and jid cannot be redefined', () => {
      assert.deepEqual(messages('web { persist; name = w; }'), ['1:16 redefined-parameter: web: cannot redefine parameter "name".']);
    });
  });

  describe('§1.5 variables', () => {
    it('substitutes $parentdir and parameters of the same jail after wildcards are merged', () => {
      const e = effective('$parentdir = "/var/jail";\npath = "$parentdir/$name";\nweb { persist; host.hostname = "${name}.example.org"; exec.start = "echo ${path}"; }');
      assert.deepEqual([e.web.path, e.web['host.hostname'], e.web['exec.start']], [['/var/jail/web'], ['web.example.org'], ['echo /var/jail/web']]);
    });

    it('gives the catalogue messages for variables', () => {
      assert.deepEqual(messages('web { persist; $path = x; }'), ['1:16 variable-shadows-parameter: web: variable "$path" cannot have the same name as a parameter.']);
      assert.deepEqual(messages('web { persist; path = "/$v"; }'), ['1:25 variable-not-found: web: path: variable "v" not found']);
      assert.deepEqual(messages('web { persist; $v = "$v"; }'), ['1:22 variable-loop: web: v: variable loop']);
      assert.deepEqual(messages('web { persist; $l = a, b; path = "/$l"; }'), ['1:36 array-inline: web: path: array cannot be substituted inline']);
    });

    it('expands a bare $list into several values, and empty variables to nothing', () => {
      const e = effective('web { persist; $l = a, b; $empty = ""; exec.start = $l; host.hostname = "pre${empty}post"; exec.stop = "${empty}"; }').web;
      assert.deepEqual([e['exec.start'], e['host.hostname'], e['exec.stop']], [['a', 'b'], ['prepost'], ['']]);
    });
  });

  describe('§1.6 wildcards and precedence', () => {
    it('reads * { } unquoted and "foo.*" quoted; unquoted foo.* is a syntax error at the *', () => {
      ok('* { persist; }\n"foo.*" { allow.mount; }\nfoo { children.max = 1; }\nfoo.bar { }');
      assert.deepEqual(diags('foo.* { allow.mount; }'), ['1:5 error syntax-error']);
    });

    it('gives foo.* to foo.bar and foo.bar.baz; a non-final * matches one component', () => {
      const e = effective('x { persist; }\n"*.y" { securelevel = 1; }\nx.y { persist; }\nx.y.z { persist; }\n"x.*" { devfs_ruleset = 5; }');
      assert.deepEqual([e['x.y'].securelevel, e['x.y.z'].securelevel, e['x.y'].devfs_ruleset, e['x.y.z'].devfs_ruleset, e.x.devfs_ruleset], [['1'], undefined, ['5'], ['5'], undefined]);
    });

    it('lets a wildcard above a jail give defaults and one below force values', () => {
      const e = effective('* { securelevel = 1; }\nweb { securelevel = 2; devfs_ruleset = 4; persist; }\n* { devfs_ruleset = 5; }');
      assert.deepEqual([e.web.securelevel, e.web.devfs_ruleset], [['2'], ['5']]);
    });
  });

  describe('§1.7 nested blocks', () => {
    it('defines web and web.db; parameters after the inner block belong to web', () => {
      const e = effective('web { host.hostname = web; children.max = 1; db { persist; } persist; }');
      assert.deepEqual(Object.keys(e), ['web', 'web.db']);
      assert.deepEqual(e.web.persist, []);
    });
  });

  describe('§1.8 .include', () => {
    it('reads .include "path"; and treats .include = "x"; as an unknown parameter', async () => {
      const a = await analyzeFiles('/etc/jail.conf', { '/etc/jail.conf': '.include "a.conf";\n.include = "a.conf";\n', '/etc/a.conf': 'web { persist; }\n' });
      assert.deepEqual(a.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`), ['2:1 unknown-parameter']);
    });

    it("refuses variables: variables not permitted in '.include' filename", () => {
      assert.deepEqual(messages('.include "$dir/a.conf";'), ["1:10 include-variable: variables not permitted in '.include' filename"]);
    });

    it('refuses a missing plain file but not an empty glob, as in the jail[.]conf trick', async () => {
      const a = await analyzeFiles('/etc/jail.conf', { '/etc/jail.conf': '.include "/usr/local/etc/jail[.]conf";\n.include "/usr/local/etc/jail.conf.d/*.conf";\n.include "/etc/nope.conf";\n' });
      assert.deepEqual(a.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}: ${d.message}`), ['3:10 include-not-found: /etc/nope.conf: No such file or directory']);
    });
  });

  describe('§1.9 jail names', () => {
    it('sets jid from a non-zero numeric block name and refuses other numeric names', () => {
      assert.deepEqual(effective('7 { persist; }')['7'].jid, ['7']);
      assert.deepEqual(diags('0 { persist; }\n08 { persist; }'), ['1:1 error numeric-name', '2:1 error numeric-name']);
    });
  });

  describe('§1.10 what jail -e prints', () => {
    it('evaluates the 5BSD test configuration to the documented lines', () => {
      const text = 'path = "/srv/$name";\n$empty = "";\na {\n    host.hostname = "pre${empty}post";\n    exec.start = "${empty}";\n    child { host.hostname = child; }\n}\n';
      const jails = analyzeText(text).jails.map((j) => j.params.map((p) => `${p.name}=${p.values.map((v) => (v.text === '' ? '""' : v.text)).join(',')}`).join('|'));
      assert.deepEqual(jails, ['name=a|path=/srv/a|host.hostname=prepost|exec.start=""', 'name=a.child|path=/srv/a.child|host.hostname=child']);
    });
  });

  describe('§1.11 catalogue, the messages a file alone decides', () => {
    it('path P: not an absolute pathname; mount.devfs: no path; mount: LINE: missing information', () => {
      assert.deepEqual(messages('web { persist; path = j; }'), ['1:23 relative-path: web: path j: not an absolute pathname']);
      assert.deepEqual(messages('web { persist; mount.devfs; }'), ['1:16 mount-no-path: web: mount.devfs: no path']);
      assert.deepEqual(messages('web { persist; mount = "tmpfs /tmp"; }'), ['1:24 mount-missing-information: web: mount: tmpfs /tmp: missing information']);
    });

    it('name cannot be numeric, vnet jails cannot have IP address restrictions, osreldate cannot be 0', () => {
      assert.deepEqual(messages('00 { persist; }'), ['1:1 numeric-name: 00: name cannot be numeric (unless it is the jid)']);
      assert.deepEqual(messages('web { persist; vnet; ip6.addr = ::1; }'), ['1:22 vnet-ip-conflict: web: vnet jails cannot have IP address restrictions: remove ip6.addr or vnet']);
      assert.deepEqual(messages('web { persist; osreldate = 0; }'), ['1:28 osreldate-zero: web: osreldate cannot be 0']);
    });

    it('jail "X" already exists, jail N already exists: a second block with the same name or jid', () => {
      assert.deepEqual(messages('web { persist; }\nweb { securelevel = 2; persist; }'), ['2:1 duplicate-jail: web: an earlier block already defines this jail; jail(8) does not merge the two, so creating the second fails (jail "web" already exists)']);
      assert.deepEqual(messages('5 { persist; }\ndb { persist; jid = 5; }'), ['2:21 duplicate-jail: db: jail "5" has jid 5 too, so creating the second fails (jail 5 already exists)']);
      assert.deepEqual(diags('web { persist; }\n"web.*" { securelevel = 2; }\nweb.db { persist; }', {}).filter((d) => d.endsWith('duplicate-jail')), []);
    });

    it('unknown parameter for a no prefix on a parameter that is not a boolean (libjail never says "mismatched boolean" for a file)', () => {
      assert.deepEqual(messages('web { persist; nosecurelevel; }'), ['1:16 unknown-parameter: web: unknown parameter: nosecurelevel — did you mean "securelevel"?']);
    });

    it('jail "a" not found: a child jail whose parent the file does not define', () => {
      assert.deepEqual(messages('a.b { persist; }'), ['1:1 parent-not-defined: a.b: its parent "a" is not defined in this file, so creating it fails unless "a" already runs (jail "a" not found)']);
      ok('a { persist; children.max = 1; }\na.b { persist; }');
    });

    it('a name longer than 255 bytes: jail_set: File name too long', () => {
      assert.deepEqual(messages(`${'w'.repeat(256)} { persist; }`), [`1:1 value-too-long: ${'w'.repeat(256)}: name is longer than 255 bytes (jail_set: File name too long)`]);
      ok(`${'w'.repeat(255)} { persist; }`);
    });

    it('IPv4/IPv6 addresses clash: a shared address when one of the jails has several', () => {
      assert.deepEqual(messages('a { persist; ip4.addr = 10.0.0.1, 10.0.0.2; }\nb { persist; ip4.addr = "lo0|10.0.0.2/24"; }'), ['2:25 address-clash: b: 10.0.0.2 is also an address of jail "a"; jails may share an address only when each has just one, so the kernel refuses to run both (IPv4 addresses clash)']);
      assert.deepEqual(messages('a { persist; ip6.addr = ::1, fd00::1; }\nb { persist; ip6.addr = "0:0::0001"; }'), ['2:25 address-clash: b: 0:0::0001 is also an address of jail "a"; jails may share an address only when each has just one, so the kernel refuses to run both (IPv6 addresses clash)']);
      ok('a { persist; ip4.addr = 10.0.0.1; }\nb { persist; ip4.addr = 10.0.0.1; }');
      ok('a { persist; children.max = 1; ip4.addr = 10.0.0.1, 10.0.0.2; }\na.b { persist; ip4.addr = 10.0.0.1, 10.0.0.2; }\nc { persist; vnet; }');
    });

    it('too many IPv4 addresses: more than security.jail.jail_max_af_ips (255) by default', () => {
      const addresses = Array.from({ length: 256 }, (_, i) => `10.0.${i >> 8}.${i & 255}`).join(', ');
      assert.deepEqual(diags(`web { persist; ip4.addr = ${addresses}; }`), [`1:${27 + addresses.lastIndexOf(' ') + 1} warning too-many-addresses`]);
    });

    it('depends on undefined jail and dependency loop (jail(8) state.c)', () => {
      assert.deepEqual(messages('web { persist; depend = db; }'), ['1:25 undefined-dependency: web: depends on undefined jail "db"']);
      assert.deepEqual(messages('web { persist; depend = web; }'), ['1:16 dependency-loop: web: dependency loop']);
    });
  });
});
