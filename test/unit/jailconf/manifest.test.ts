import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnosticCodes } from '../../../src/core/jailconf';

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));
const settings = manifest.contributes.configuration.properties;

describe('jail.conf contributions in package.json', () => {
  it('lets every diagnostic code be overridden, with its documented meaning', () => {
    const severity = settings['jails.jailconf.severity'];
    assert.deepEqual(Object.keys(severity.properties).sort(), Object.keys(diagnosticCodes).sort());
    for (const [code, info] of Object.entries(diagnosticCodes)) {
      assert.ok(severity.properties[code].description.startsWith(info.meaning), code);
      assert.deepEqual(severity.properties[code].enum, ['error', 'warning', 'information', 'hint', 'off']);
    }
  });

  it('declares the language for jail.conf, jail.*.conf and jail.conf.d files', () => {
    const language = manifest.contributes.languages.find((l: { id: string }) => l.id === 'jailconf');
    assert.ok(language.filenames.includes('jail.conf'));
    assert.deepEqual(language.filenamePatterns, ['jail.*.conf', '*.jail.conf', '**/jail.conf.d/*.conf']);
    assert.ok(manifest.contributes.grammars.some((g: { scopeName: string; path: string }) => g.scopeName === 'source.jailconf' && g.path === './syntaxes/jailconf.tmLanguage.json'));
  });

  it('has the settings the editor glue reads', () => {
    assert.equal(settings['jails.jailconf.targetVersion'].default, '');
    assert.equal(settings['jails.jailconf.followIncludes'].default, true);
  });
});
