// Bundles the extension and every command-line entry into dist/. `vscode` is provided by the editor.
// ssh2's optional native parts are left out so the bundle is plain JavaScript on every platform;
// ssh2 falls back to its JavaScript implementations when they are absent.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');

const entries = [
  { in: 'src/extension.ts', out: 'extension' },
  { in: 'src/cli/jailconf-lint.ts', out: 'jailconf-lint' },
  { in: 'src/cli/jails.ts', out: 'jails' },
].filter((e) => existsSync(e.in));

const options = {
  entryPoints: entries,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode', 'cpu-features', '*/sshcrypto.node'],
  minify: !watch,
  sourcemap: watch ? 'linked' : false,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
  console.log('esbuild: watching src/ for changes');
} else {
  const result = await esbuild.build(options);
  const outputs = Object.entries(result.metafile.outputs).map(([file, o]) => `${file} ${(o.bytes / 1024).toFixed(0)} KiB`);
  console.log(`esbuild: ${outputs.join(', ')}`);
}
