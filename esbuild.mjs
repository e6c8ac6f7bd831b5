// Bundles the extension and every command-line entry into dist/. `vscode` is provided by the editor.
// ssh2's optional native parts are left out so the bundle is plain JavaScript on every platform;
// ssh2 falls back to its JavaScript implementations when they are absent.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import path from 'node:path';

const watch = process.argv.includes('--watch');

const entries = [
  { in: 'src/extension.ts', out: 'extension' },
  { in: 'src/cli/jailconf-lint.ts', out: 'jailconf-lint' },
  { in: 'src/cli/jails.ts', out: 'jails' },
  // "Try the Demo Host" runs the simulated FreeBSD host of test/host from here, in the packaged extension too.
  { in: 'test/host/cli.ts', out: 'demo-host' },
].filter((e) => existsSync(e.in));

/** The simulator compiles its FreeBSD tools when it starts (with esbuild, absent from the .vsix): compile them now, into its bundle. */
const embedSimulatorTools = {
  name: 'embed-simulator-tools',
  setup(build) {
    build.onResolve({ filter: /^\.\/toolsBundle$/ }, (args) => ({ path: path.join(args.resolveDir, 'tools/main.ts'), namespace: 'simulator-tools' }));
    build.onLoad({ filter: /.*/, namespace: 'simulator-tools' }, async (args) => {
      const tools = await esbuild.build({ entryPoints: [args.path], bundle: true, platform: 'node', target: 'node20', format: 'cjs', write: false, minify: true, logLevel: 'error', metafile: true });
      const watchFiles = Object.keys(tools.metafile.inputs).map((input) => path.resolve(input));
      return { contents: `export const toolsBundleSource = () => ${JSON.stringify(tools.outputFiles[0].text)};`, loader: 'js', watchFiles };
    });
  },
};

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
  plugins: [embedSimulatorTools],
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
