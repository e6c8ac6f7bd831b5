import { strict as assert } from 'node:assert';
import { formatJailConf, minimalEdit, parse } from '../../../src/core/jailconf';

const messy = `# Jails of this host
exec.start="/bin/sh /etc/rc" ;   # how jails start
exec.clean;;
  mount.devfs;



web{ host.hostname=web; // the web server
ip4.addr = "em0|192.0.2.10/24",
    "em0|192.0.2.11/24" ;
   /* a block
      comment */
 path = "/usr/local/jails/web" ; persist;
db { allow.raw_sockets = 1 /* ping */, 0; }
}
.include "/etc/jail.conf.d/*.conf";
$x
  = y;
exec.poststart "echo started";
# end
`;

const tidy = `# Jails of this host
exec.start = "/bin/sh /etc/rc"; # how jails start
exec.clean;
mount.devfs;

web {
    host.hostname = web; // the web server
    ip4.addr = "em0|192.0.2.10/24",
        "em0|192.0.2.11/24";
    /* a block
      comment */
    path = "/usr/local/jails/web";
    persist;
    db {
        allow.raw_sockets = 1 /* ping */, 0;
    }
}
.include "/etc/jail.conf.d/*.conf";
$x = y;
exec.poststart "echo started";
# end
`;

const commentsOf = (text: string) => parse(text).comments.map((c) => text.slice(c.start, c.end));

describe('jail.conf formatter', () => {
  it('normalises indentation and spacing', () => {
    assert.equal(formatJailConf(messy), tidy);
  });

  it('is idempotent', () => {
    assert.equal(formatJailConf(tidy), tidy);
    assert.equal(formatJailConf(formatJailConf(messy) ?? ''), tidy);
  });

  it('keeps every comment', () => {
    assert.deepEqual(commentsOf(formatJailConf(messy) ?? ''), commentsOf(messy));
  });

  it('keeps what FreeBSD reads: the same tokens in the same order', () => {
    const values = (text: string) => parse(text).tokens.map((t) => `${t.kind}:${t.value}`).filter((t) => t !== ';:;');
    assert.deepEqual(values(formatJailConf(messy) ?? ''), values(messy));
  });

  it('uses the indentation it is given', () => {
    assert.equal(formatJailConf('web {\npersist;\n}', { indent: '\t' }), 'web {\n\tpersist;\n}\n');
  });

  it('leaves a file with syntax errors alone', () => {
    assert.equal(formatJailConf('web { persist }'), undefined);
    assert.equal(formatJailConf('web { "x'), undefined);
  });

  it('keeps line comments inside a value list on their own lines', () => {
    const text = 'exec.start = "a", # first\n  "b";\n';
    const once = formatJailConf(text) ?? '';
    assert.equal(once, 'exec.start = "a", # first\n    "b";\n');
    assert.equal(formatJailConf(once), once);
  });

  it('computes one edit covering only the text that changed', () => {
    assert.deepEqual(minimalEdit('a;\nb ;\nc;\n', 'a;\nb;\nc;\n'), { start: 3, end: 5, newText: 'b' });
    assert.equal(minimalEdit('a;\n', 'a;\n'), undefined);
  });
});
