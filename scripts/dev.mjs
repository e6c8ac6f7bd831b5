// `npm run dev`: the extension in a real VS Code, rebuilt on every change. Desktop VS Code when `code` is on
// PATH; otherwise code-server on a local URL that this prints. Runs until Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { MissingPrerequisite, developmentUrl, repoRoot, startCodeServer } from './lib/harness.mjs';

const workspace = process.env.JAILS_DEV_WORKSPACE ?? path.join(repoRoot, 'examples/demo-workspace');

function hasDesktopCode() {
  return spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function main() {
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const watcher = spawn(process.execPath, ['esbuild.mjs', '--watch'], { cwd: repoRoot, stdio: 'inherit' });
  const stopWatcher = () => watcher.kill();
  process.on('exit', stopWatcher);

  if (hasDesktopCode() && !process.env.JAILS_DEV_CODE_SERVER) {
    console.log('Starting desktop VS Code with the extension in development mode…');
    spawnSync('code', ['--new-window', `--extensionDevelopmentPath=${repoRoot}`, workspace], { stdio: 'inherit' });
    console.log('esbuild keeps rebuilding on changes; reload the window (Developer: Reload Window) to pick them up. Ctrl-C stops.');
    return;
  }

  console.log('No desktop VS Code (`code`) on PATH: starting code-server (installed on first use, about two minutes)…');
  const profile = path.join(process.env.JAILS_CACHE_DIR ?? path.join(homedir(), '.cache/freebsd-jails'), 'dev-profile');
  mkdirSync(profile, { recursive: true });
  const server = await startCodeServer({ workspace, keepProfile: profile, port: Number(process.env.PORT) || undefined });
  const stop = () => {
    server.stop();
    stopWatcher();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log('\nFreeBSD Jails is running in code-server. Open this URL in a browser on this machine:\n');
  console.log(`  ${developmentUrl(server, { workspace, extensionPath: repoRoot })}\n`);
  console.log('The extension is loaded from this folder and rebuilt on every change; reload the page to pick changes up.');
  console.log('With no FreeBSD host configured, the Jails view offers "Try the Demo Host". Ctrl-C stops.');
}

main().catch((error) => {
  console.error(error instanceof MissingPrerequisite ? error.message : error);
  process.exit(1);
});
