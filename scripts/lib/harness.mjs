// What every test layer that needs a real VS Code shares: prerequisites, free loopback ports, code-server and
// Chromium. Each start returns a stop() that the caller runs in `finally`, so nothing outlives a run.
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const chromiumPath = process.env.JAILS_CHROMIUM ?? '/usr/bin/chromium';

export class MissingPrerequisite extends Error {}

/** Fails with one line naming what to install. */
export function requireFile(file, installHint) {
  if (!existsSync(file)) throw new MissingPrerequisite(`${file} is missing: ${installHint}`);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function makeTempDir(prefix) {
  return mkdtempSync(path.join(tmpdir(), `freebsd-jails-${prefix}-`));
}

/** A throwaway copy of a fixture workspace, so that tests may edit files freely. */
export function copyWorkspace(fixture) {
  const dir = makeTempDir('workspace');
  cpSync(path.join(repoRoot, fixture), dir, { recursive: true });
  return dir;
}

/** Installs code-server into the cache on first use (see scripts/install-code-server.sh); returns its folder. */
export function ensureCodeServer() {
  for (const [file, hint] of [
    ['/usr/bin/rg', 'apt-get install -y ripgrep'],
    ['/usr/include/gssapi/gssapi.h', 'apt-get install -y libkrb5-dev pkg-config'],
  ]) requireFile(file, hint);
  const out = execFileSync('bash', [path.join(repoRoot, 'scripts/install-code-server.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return out.trim().split('\n').pop();
}

/** A fresh profile without the walkthrough and prompts that would cover what tests look at. */
const quietWorkbench = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'telemetry.telemetryLevel': 'off',
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
};

async function waitForHttp(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with status ${child.exitCode} before it answered`);
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer at ${url} within ${timeoutMs / 1000} s`);
}

/**
 * Starts code-server on a free loopback port with its own profile. `vsix` installs a packaged extension first,
 * as a user would. `env` reaches the extension host, which inherits the server's environment.
 * @param {{ workspace: string, vsix?: string, env?: Record<string, string>, settings?: Record<string, unknown>,
 *   log?: boolean, keepProfile?: string, port?: number }} options
 */
export async function startCodeServer({ workspace, vsix, env = {}, settings = {}, log = false, keepProfile, port: wantedPort }) {
  const home = ensureCodeServer();
  const profile = keepProfile ?? makeTempDir('code-server');
  const userDataDir = path.join(profile, 'user-data');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  const settingsFile = path.join(userDataDir, 'User/settings.json');
  if (!keepProfile || !existsSync(settingsFile)) writeFileSync(settingsFile, JSON.stringify({ ...quietWorkbench, ...settings }, null, 2));
  const extensionsDir = path.join(profile, 'extensions');
  const entry = path.join(home, 'out/node/entry.js');
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--disable-telemetry', '--disable-update-check'];
  if (vsix) {
    execFileSync(process.execPath, [entry, ...common, '--install-extension', vsix], { stdio: log ? 'inherit' : 'ignore' });
  }
  const port = wantedPort ?? (await freePort());
  const child = spawn(
    process.execPath,
    [entry, ...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-workspace-trust', '--disable-getting-started-override', workspace],
    { env: { ...process.env, ...env }, stdio: ['ignore', log ? 'inherit' : 'ignore', log ? 'inherit' : 'pipe'], detached: true },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    if (!keepProfile) rmSync(profile, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`${url}/healthz`, child, 60000);
  } catch (e) {
    stop();
    throw new Error(`${e.message}\n${stderr}`);
  }
  return { url, port, userDataDir, stop };
}

/** Headless Debian Chromium driven by playwright-core; never a downloaded browser. */
export async function launchChromium() {
  requireFile(chromiumPath, 'apt-get install -y chromium');
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

/** The URL that makes code-server load a folder as a development extension and run a tests module in it. */
export function developmentUrl(server, { workspace, extensionPath, testsPath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [['extensionDevelopmentPath', remote(extensionPath)]];
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  return `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
