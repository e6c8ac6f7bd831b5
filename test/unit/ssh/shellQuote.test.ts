import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { needsStandardInput, shellCommandLine, shellQuote, UnquotableError } from '../../../src/core/ssh/shellQuote';

/** Runs `shell -c line` locally and returns the words printf hands back, one per NUL. */
function wordsBack(shell: string, line: string): string[] {
  const result = spawnSync(shell, ['-c', line], { encoding: 'utf8' });
  assert.equal(result.status, 0, `${shell} failed: ${result.stderr}`);
  assert.equal(result.stderr, '');
  return result.stdout.split('\0').slice(0, -1);
}

const tricky = ["'", '"', '!', '$', '`', '\\', '*', '?', '[', ']', '{', '}', '~', '#', ';', '&', '|', '<', '>', '(', ')', '%', '^', ' ', '\t', '\r',
  '\x01', '\x1b', '\x7f', 'é', 'ß', '中', '😀', '\u00a0', '\u200b', 'a', 'Z', '0', '-', '=', ':', ',', '.', '/', '@', '+'];

function randomWord(alphabet: string[]): string {
  const length = randomInt(0, 12);
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

const printfWords = (words: string[]) => shellCommandLine(['printf', '%s\\0', ...words]);

describe('shellQuote', () => {
  it('quotes every word in single quotes', () => {
    assert.equal(shellQuote('plain'), "'plain'");
    assert.equal(shellQuote(''), "''");
    assert.equal(shellQuote('two words'), "'two words'");
    assert.equal(shellQuote('$HOME `id` *.conf'), "'$HOME `id` *.conf'");
  });

  it("writes ' and ! outside the quotes, backslash-escaped", () => {
    assert.equal(shellQuote("it's"), "'it'\\''s'");
    assert.equal(shellQuote('wow!'), "'wow'\\!''");
  });

  it('refuses a NUL, which no argv can carry', () => {
    assert.throws(() => shellQuote('a\0b'), UnquotableError);
    assert.throws(() => shellCommandLine([]), UnquotableError);
  });

  it('tells which command lines must travel on standard input', () => {
    assert.equal(needsStandardInput("'a' 'b'"), false);
    assert.equal(needsStandardInput("'a\nb'"), true);
  });

  it('gives sh back the very bytes of hand-picked words', () => {
    const words = ['', ' ', "'", "''", '"', '!', '!!', '!$', '$HOME', '${x}', '$(id)', '`id`', '*', '?', '[a]', '~', '~root', '\\', '\\n',
      'a\nb', '\n', 'tab\there', 'cr\rhere', '-n', '--', '%s', 'héllo wörld', '日本語', '😀', "'\\''", 'x=1', '#comment', '; rm -rf /'];
    assert.deepEqual(wordsBack('/bin/sh', printfWords(words)), words);
  });

  it('gives sh back random words byte for byte (newlines included)', () => {
    for (let round = 0; round < 20; round++) {
      const words = Array.from({ length: 50 }, () => randomWord([...tricky, '\n']));
      assert.deepEqual(wordsBack('/bin/sh', printfWords(words)), words);
    }
  });

  it('survives a tcsh login shell: /bin/sh -c wrapping keeps random words byte for byte', () => {
    for (let round = 0; round < 20; round++) {
      const words = Array.from({ length: 50 }, () => randomWord(tricky));
      // What sshd does with a csh user: `tcsh -c "<the command line we send>"`.
      const commandLine = shellCommandLine(['/bin/sh', '-c', printfWords(words)]);
      assert.deepEqual(wordsBack('/usr/bin/tcsh', commandLine), words);
    }
  });

  it('keeps long words intact through tcsh', () => {
    const words = ['x'.repeat(20000), "'!".repeat(3000)];
    assert.deepEqual(wordsBack('/usr/bin/tcsh', shellCommandLine(['/bin/sh', '-c', printfWords(words)])), words);
  });
});
