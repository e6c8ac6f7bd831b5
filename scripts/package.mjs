// `npm run package`: a production build, then the .vsix a user installs. The extension is bundled, so vsce
// packs no node_modules; .vscodeignore keeps only what the installed extension reads. The file list is
// checked here so that sources, tests or maps never ship.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './lib/harness.mjs';

const { name, version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
export const vsixPath = path.join(repoRoot, `${name}-${version}.vsix`);

export function packageExtension({ quiet = false } = {}) {
  const stdio = quiet ? 'ignore' : 'inherit';
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio });
  execFileSync(
    path.join(repoRoot, 'node_modules/.bin/vsce'),
    ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsixPath],
    { cwd: repoRoot, stdio },
  );
  const listing = execFileSync(path.join(repoRoot, 'node_modules/.bin/vsce'), ['ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  const forbidden = listing.filter((f) => /\.(ts|map)$/.test(f) && !f.endsWith('.d.ts') || /^(src|test|scripts|bench|node_modules)\//.test(f));
  if (forbidden.length > 0) throw new Error(`the .vsix would ship files it must not: ${forbidden.join(', ')}`);
  return { vsixPath, bytes: statSync(vsixPath).size, files: listing };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { bytes, files } = packageExtension();
  console.log(`${path.basename(vsixPath)}: ${(bytes / 1024).toFixed(0)} KiB, ${files.length} files`);
  if (bytes >= 1024 * 1024) {
    console.error(`the .vsix is ${bytes} bytes; the budget is under 1 MB`);
    process.exitCode = 1;
  }
}
