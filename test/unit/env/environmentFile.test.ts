import { strict as assert } from 'node:assert';
import { parseEnvironmentFile } from '../../../src/core/env/environmentFile';

const valid = `version: 1
environments:
  php83:
    host: lab
    release: 14.3-RELEASE
    stack: apache-mod_php
    php: "8.3"
    phpExtensions: [mbstring, pdo_mysql]
    phpIni:
      memory_limit: 256M
      display_errors: true
    documentRoot: public
    sync:
      exclude: [node_modules/**, .git/**]
      watch: true
  static:
    host: lab
    stack: bare
    ports: [8080]
`;

describe('.jails.yaml', () => {
  it('reads environments with their defaults and where they stand', () => {
    const { environments, problems } = parseEnvironmentFile(valid);
    assert.deepEqual(problems, []);
    assert.deepEqual(environments.map((e) => [e.name, e.line, e.stack, e.php ?? '', e.ports]), [
      ['php83', 2, 'apache-mod_php', '8.3', [80]],
      ['static', 15, 'bare', '', [8080]],
    ]);
    const php83 = environments[0];
    assert.deepEqual(php83.phpIni, { memory_limit: '256M', display_errors: true });
    assert.deepEqual(php83.sync, { include: ['**/*'], exclude: ['node_modules/**', '.git/**'], watch: true });
    assert.equal(php83.documentRoot, 'public');
  });

  it('points a YAML syntax error at its line', () => {
    const { problems } = parseEnvironmentFile('environments:\n  a:\n    host: lab: x\n    stack: bare\n');
    assert.deepEqual(problems.map((p) => [p.message, p.line, p.column]), [['Nested mappings are not allowed in compact mappings', 2, 10]]);
  });

  it('points schema errors at the offending key or value', () => {
    const text = `environments:
  web:
    host: lab
    php: 8.3
    stack: lighttpd
    colour: blue
  bad name:
    host: lab
    php: "8.4"
`;
    const { problems, environments } = parseEnvironmentFile(text);
    assert.deepEqual(environments, []);
    const byMessage = Object.fromEntries(problems.map((p) => [p.message, [p.line, p.column]]));
    assert.deepEqual(byMessage['environments.web.php must be string'], [3, 9], 'an unquoted 8.3 is a number in YAML');
    assert.deepEqual(byMessage['environments.web.stack must be one of: apache-mod_php, apache-php-fpm, nginx-php-fpm, bare'], [4, 11]);
    assert.deepEqual(byMessage['"colour" is not a setting of environments.web'], [5, 4]);
    assert.deepEqual(byMessage['"bad name" is not a valid name (letters, digits, - and _, starting with a letter)'], [6, 2]);
  });

  it('asks for php unless the stack is bare, and refuses php on a bare one', () => {
    const missing = parseEnvironmentFile('environments:\n  web:\n    host: lab\n');
    assert.deepEqual(missing.problems.map((p) => [p.message, p.line]), [['environments.web needs "php"', 2]]);
    const bare = parseEnvironmentFile('environments:\n  web:\n    host: lab\n    stack: bare\n    php: "8.3"\n');
    assert.deepEqual(bare.problems.map((p) => p.message), ['environments.web: a bare stack has no PHP; remove "php" and "phpExtensions"']);
  });

  it('refuses a file without environments and duplicate keys', () => {
    assert.deepEqual(parseEnvironmentFile('version: 1\n').problems.map((p) => p.message), ['the file needs "environments"']);
    assert.match(parseEnvironmentFile('environments:\n  a:\n    host: x\n    host: y\n    stack: bare\n').problems[0].message, /unique/i);
  });
});
