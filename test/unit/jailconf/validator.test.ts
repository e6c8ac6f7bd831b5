import { strict as assert } from 'node:assert';
import { analyzeText, diagnosticCodes, ParameterCatalog } from '../../../src/core/jailconf';
import { diags, errors, messages } from './helpers';

const jail = (body: string) => `web {\n    persist;\n${body}\n}\n`;

describe('jail.conf validator', () => {
  it('finds nothing wrong in the Handbook example', () => {
    const text = `exec.start = "/bin/sh /etc/rc";
exec.stop = "/bin/sh /etc/rc.shutdown";
exec.clean;
mount.devfs;

classic {
    host.hostname = "classic.example.org";
    path = "/usr/local/jails/containers/classic";
    ip4.addr = "lo1|10.213.0.10/32";
    persist;
}
`;
    assert.deepEqual(diags(text), []);
  });

  describe('parameters', () => {
    it('refuses unknown parameters and suggests the meant one', () => {
      assert.deepEqual(messages(jail('    hostname = web;')), ['3:5 unknown-parameter: web: unknown parameter: hostname — did you mean "host.hostname"?']);
      assert.deepEqual(messages(jail('    alow.mount;')), ['3:5 unknown-parameter: web: unknown parameter: alow.mount — did you mean "allow.mount"?']);
      assert.deepEqual(messages(jail('    exec_start = x;')), ['3:5 unknown-parameter: web: unknown parameter: exec_start — did you mean "exec.start"?']);
      assert.deepEqual(messages('.include = "x";'), ['1:1 unknown-parameter: *: unknown parameter: .include — an include takes no \'=\': write .include "file";']);
    });

    it('accepts the no form of booleans on the last component, and only of booleans', () => {
      assert.deepEqual(diags(jail('    allow.nomount; allow.mount.nodevfs; mount.nodevfs; ip4.nosaddrsel; nopersist; exec.noclean;')), ['1:1 warning no-persist-or-command']);
      assert.deepEqual(errors(jail('    nopath = "/x"; noallow.mount;')), ['3:5 unknown-parameter', '3:20 unknown-parameter']);
    });

    it('accepts allow.mount.<fs> for other file systems with a note, since libjail loads the module', () => {
      assert.deepEqual(messages(jail('    allow.mount.ext2fs;')), ['3:5 module-parameter: allow.mount.ext2fs exists only if FreeBSD can load a kernel module named "ext2fs"']);
    });

    it('accepts keys of meta and env', () => {
      assert.deepEqual(diags(jail('    meta.owner = "ops"; env.TZ = "UTC";')), []);
    });

    it('refuses read-only parameters', () => {
      assert.deepEqual(messages(jail('    children.cur = 1;')), ['3:5 read-only-parameter: web: children.cur is read-only: the kernel refuses it (unknown parameter: children.cur)']);
    });

    it('warns about deprecated parameters and those the targeted release lacks', () => {
      assert.deepEqual(messages(jail('    allow.dying;')), ['3:5 deprecated-parameter: allow.dying is deprecated: it does nothing since FreeBSD 15.0 (dying jails are handled automatically)']);
      assert.deepEqual(messages(jail('    meta = "x";'), { targetVersion: '14.3' }), ['3:5 unsupported-in-version: meta needs FreeBSD 15.0 or later; this file targets 14.3']);
      assert.deepEqual(diags(jail('    meta = "x";'), { targetVersion: '15.0' }), []);
    });

    it("uses a host's own parameter list when given", () => {
      const catalog = new ParameterCatalog(['persist', 'host.hostname', 'allow.mount', 'linux.osname', 'jid', 'name', 'path']);
      assert.deepEqual(messages(jail('    host.hostname = w; allow.raw_sockets; linux.osname = x;'), { catalog }), [
        "3:24 unknown-parameter: web: unknown parameter: allow.raw_sockets — the host's kernel does not have it",
      ]);
      const extra = new ParameterCatalog(['persist', 'name', 'allow.newthing']);
      assert.deepEqual(diags(jail('    allow.newthing;'), { catalog: extra }), []);
    });
  });

  describe('values', () => {
    it('refuses booleans that are not true, false or a number', () => {
      assert.deepEqual(messages(jail('    exec.clean = yes;')), ['3:18 unknown-boolean: web: exec.clean: unknown boolean value "yes"']);
      assert.deepEqual(messages(jail('    allow.mount = on;')), ['3:19 unknown-boolean: web: allow.mount: unknown boolean value "on"']);
      assert.deepEqual(diags(jail('    exec.clean = TRUE; allow.mount = 0; mount.devfs = false; path = "/j";')), []);
    });

    it('refuses integers that are not, for jail(8) and kernel parameters', () => {
      assert.deepEqual(messages(jail('    exec.timeout = 10s;')), ['3:20 non-integer: web: exec.timeout: non-integer value "10s"']);
      assert.deepEqual(messages(jail('    stop.timeout = "";')), ['3:20 non-integer: web: stop.timeout: non-integer value ""']);
      assert.deepEqual(messages(jail('    securelevel = high;')), ['3:19 non-integer: web: securelevel: non-integer value "high"']);
      assert.deepEqual(diags(jail('    exec.timeout = 30; securelevel = -1; children.max = " 4";')), []);
    });

    it('checks only the last value of a parameter that takes one, and warns about the others', () => {
      assert.deepEqual(messages(jail('    securelevel = x, 2;')), ['3:22 scalar-list: web: securelevel takes one value; FreeBSD keeps only the last ("2")']);
    });

    it('checks ranges the kernel enforces, and warns about meaningless values', () => {
      assert.deepEqual(messages(jail('    enforce_statfs = 3;')), ['3:22 out-of-range: web: enforce_statfs: 3 is outside 0..2 (jail_set: Invalid argument)']);
      assert.deepEqual(messages(jail('    securelevel = 7;')), ['3:19 unusual-value: web: securelevel: 7 acts like 3; the meaningful values are -1..3']);
      assert.deepEqual(messages(jail('    osreldate = 0;')), ['3:17 osreldate-zero: web: osreldate cannot be 0']);
    });

    it('checks jailsys values and which of them the kernel takes', () => {
      assert.deepEqual(messages(jail('    ip4 = shared;')), ['3:11 unknown-jailsys: web: ip4: unknown jailsys value "shared"']);
      assert.deepEqual(messages(jail('    host = disable;')), ['3:12 value-not-allowed: web: host: the kernel refuses "disable" (jail_set: Invalid argument); use new or inherit']);
      assert.deepEqual(diags(jail('    ip4 = inherit; ip6 = disable; sysvshm = new; host = 1;')), []);
    });

    it('checks string lengths', () => {
      assert.deepEqual(messages(jail(`    osrelease = "${'1'.repeat(32)}";`)), ['3:17 value-too-long: web: osrelease string must be 1-31 bytes long']);
      assert.deepEqual(messages(jail(`    host.hostname = "${'h'.repeat(256)}";`)), ['3:21 value-too-long: web: host.hostname is longer than 255 bytes (jail_set: File name too long)']);
    });

    it('refuses a relative path, console log or mount point', () => {
      assert.deepEqual(messages(jail('    path = "jails/web";')), ['3:12 relative-path: web: path jails/web: not an absolute pathname']);
      assert.deepEqual(messages(jail('    path = "/j"; exec.consolelog = "log";')), ['3:36 relative-path: web: exec.consolelog: log: not an absolute pathname']);
      assert.deepEqual(messages(jail('    mount = "/src jail/src nullfs ro 0 0";')), ['3:13 relative-path: web: mount: jail/src: not an absolute pathname']);
    });

    it('refuses mount lines with fewer than three fields, and mounts without path', () => {
      assert.deepEqual(messages(jail('    mount = "/src /j/src";')), ['3:13 mount-missing-information: web: mount: /src /j/src: missing information']);
      assert.deepEqual(messages(jail('    mount.devfs;')), ['3:5 mount-no-path: web: mount.devfs: no path']);
      assert.deepEqual(diags(jail('    mount.nodevfs;')), []);
    });
  });

  describe('addresses', () => {
    it('accepts the forms jail(8) takes', () => {
      assert.deepEqual(diags(jail('    ip4.addr = 192.0.2.1, "em0|192.0.2.2/24", "lo1|10.0.0.1 netmask 255.255.255.255"; ip6.addr = "em0|2001:db8::1/64", ::ffff:192.0.2.7, fe80::1;')), []);
    });

    it('refuses what inet_pton refuses', () => {
      assert.deepEqual(messages(jail('    ip4.addr = 10.0.0.256, 010.0.0.1, "em0|10.1";')), [
        '3:16 invalid-ipv4: web: ip4.addr: not an IPv4 address: 10.0.0.256',
        '3:28 invalid-ipv4: web: ip4.addr: not an IPv4 address: 010.0.0.1',
        '3:39 invalid-ipv4: web: ip4.addr: not an IPv4 address: 10.1',
      ]);
      assert.deepEqual(messages(jail('    ip6.addr = "2001:db8::1::2", fe80::1%em0;')), [
        '3:16 invalid-ipv6: web: ip6.addr: not an IPv6 address: 2001:db8::1::2',
        '3:34 invalid-ipv6: web: ip6.addr: not an IPv6 address: fe80::1%em0',
      ]);
    });

    it('refuses a bad mask, an empty interface, and addresses the kernel refuses', () => {
      assert.deepEqual(messages(jail('    ip4.addr = "em0|10.0.0.1/33", "|10.0.0.2", 0.0.0.0, 10.0.0.1;')), [
        '3:16 invalid-address-mask: web: ip4.addr: "/33" is not a prefix length (0..32) ifconfig accepts',
        '3:35 invalid-interface: web: ip4.addr: "|10.0.0.2" has no interface before "|"',
        '3:48 forbidden-address: web: ip4.addr: the kernel refuses the address 0.0.0.0 (jail_set: Invalid argument)',
        '3:57 forbidden-address: web: ip4.addr: 10.0.0.1 is listed twice; the kernel refuses duplicates (jail_set: Invalid argument)',
      ]);
      assert.deepEqual(diags(jail('    ip6.addr = 2001:db8::1, 2001:0db8:0:0::1;')), ['3:29 error forbidden-address']);
    });

    it('warns about interface names longer than 15 characters', () => {
      assert.deepEqual(diags(jail('    ip4.addr = "averyveryverylongif0|10.0.0.1";')), ['3:16 warning interface-name-too-long']);
    });

    it('refuses vnet with IP restrictions', () => {
      assert.deepEqual(messages(jail('    vnet;\n    ip4.addr = 10.0.0.1;')), ['4:5 vnet-ip-conflict: web: vnet jails cannot have IP address restrictions: remove ip4.addr or vnet']);
      assert.deepEqual(diags(jail('    vnet;\n    vnet.interface = "epair0b";')), []);
    });
  });

  describe('jails', () => {
    it('refuses numeric names that are not the jid', () => {
      assert.deepEqual(messages('007 { persist; }\n0 { persist; }'), ['1:1 numeric-name: 007: name cannot be numeric (unless it is the jid)', '2:1 numeric-name: 0: name cannot be numeric (unless it is the jid)']);
      assert.deepEqual(diags('5 { persist; }\n12 { persist; }\nweb { persist; jid = 7; }'), []);
      assert.deepEqual(messages('12 { persist; jid = 12; }'), ['1:15 redefined-parameter: 12: cannot redefine parameter "jid".']);
    });

    it('warns about a jail with neither persist nor a command', () => {
      assert.deepEqual(messages('web { path = "/j"; }'), ['1:1 no-persist-or-command: web: neither persist nor exec.start is set, so "jail -c" cannot create this jail (new jail must persist or attach)']);
      assert.deepEqual(diags('web { exec.start = "/bin/sh /etc/rc"; }\ndb { command = "/bin/true"; }\nx { persist = 1; }'), []);
      assert.deepEqual(diags('web { persist = false; }'), ['1:1 warning no-persist-or-command']);
    });

    it('warns about a child whose parent allows no children', () => {
      assert.deepEqual(messages('web { persist; db { persist; } }'), ['1:16 parent-children-max: web.db: its parent "web" does not set children.max above 0, so creating it fails (prison limit exceeded)']);
      assert.deepEqual(diags('web { persist; children.max = 1; db { persist; } }'), []);
    });

    it('refuses dependencies on unknown jails and in a loop', () => {
      assert.deepEqual(messages('web { persist; depend = db, cache; }\ndb { persist; }'), ['1:29 undefined-dependency: web: depends on undefined jail "cache"']);
      assert.deepEqual(messages('a { persist; depend = b; }\nb { persist; depend = a; }\nc { persist; depend = a; }'), ['1:14 dependency-loop: a: dependency loop', '2:14 dependency-loop: b: dependency loop']);
    });

    it('makes unknown variables, dependencies and parents less severe in a file another one includes', () => {
      assert.deepEqual(diags('web { persist; path = "$root/web"; depend = db; }', { fragment: true }), ['1:24 warning variable-not-found', '1:45 warning undefined-dependency']);
      assert.deepEqual(diags('web.db { persist; }', { fragment: true }), ['1:1 info parent-not-defined']);
    });

    it('checks wildcard blocks no jail uses, for values without variables', () => {
      assert.deepEqual(diags('"dev.*" { securelevel = x; path = "$nope"; }'), ['1:25 error non-integer']);
    });
  });

  describe('unquoted comment characters', () => {
    it('explains the syntax error an unquoted // causes and offers to quote the value', () => {
      const analysis = analyzeText('web {\n    path = /usr/jails//web;\n    persist;\n}\n');
      assert.deepEqual(analysis.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}: ${d.message}`), [
        '2:12 missing-semicolon: persist: syntax error — the unquoted "//" in the value before it starts a comment that hides the rest of the line: put the value in quotes',
      ]);
      assert.deepEqual(analysis.diagnostics[0].data, { kind: 'quote', start: 17, end: 32, text: '"/usr/jails//web"' });
    });

    it('warns where the comment did not break the syntax', () => {
      assert.deepEqual(messages(jail('    exec.start = /bin/sh#x\n    ;')), ['3:25 unsafe-unquoted-value: the unquoted "#" starts a comment, so the value stops before it: put the value in quotes']);
    });
  });

  describe('syntax of the targeted release', () => {
    it('warns about .include before 14.0 and nested blocks before 15.0', () => {
      assert.deepEqual(messages('.include "/etc/jail.conf.d/*.conf";\nweb { persist; children.max = 1; db { persist; } }', { targetVersion: '13.2' }), [
        '1:1 unsupported-in-version: .include needs FreeBSD 14.0 or later; this file targets 13.2',
        '2:34 unsupported-in-version: nested blocks are read by jail(8) of FreeBSD 15 only; this file targets 13.2: write "web.db" at the top level',
      ]);
    });
  });

  it('documents every code it can report', () => {
    for (const [code, info] of Object.entries(diagnosticCodes)) {
      assert.ok(info.meaning.length > 20, code);
      assert.ok(['error', 'warning', 'info'].includes(info.severity), code);
    }
  });
});
