/** sha256(1) (md5(1) family): "SHA256 (file) = digest", or the digest alone with -q; -r reverses. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ToolExit } from './runtime/exit';
import { hasFlag, parseOptions } from './runtime/getopt';

export function runSha256(argv: string[]): void {
  const parsed = parseOptions('sha256', argv, 'c:pqrs:tx', 'usage: sha256 [-pqrtx] [-c string] [-s string] [files ...]');
  let status = 0;
  const inputs = parsed.operands.length > 0 ? parsed.operands : ['-'];
  for (const file of inputs) {
    let data: Buffer;
    try {
      data = readFileSync(file === '-' ? 0 : file);
    } catch {
      process.stderr.write(`sha256: ${file}: No such file or directory\n`);
      status = 1;
      continue;
    }
    const digest = createHash('sha256').update(data).digest('hex');
    if (hasFlag(parsed, 'q') || file === '-') process.stdout.write(`${digest}\n`);
    else if (hasFlag(parsed, 'r')) process.stdout.write(`${digest} ${file}\n`);
    else process.stdout.write(`SHA256 (${file}) = ${digest}\n`);
  }
  if (status !== 0) throw new ToolExit(status);
}
