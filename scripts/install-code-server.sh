#!/usr/bin/env bash
# Installs code-server (VS Code in a browser, from the npm registry) into a cache folder outside the repo,
# keyed by version, so the extension and UI tests have a real VS Code on machines without desktop VS Code.
# The steps work around three install-time downloads/prompts; see shared/docs/testing-notes.md.
set -euo pipefail
version="${CODE_SERVER_VERSION:-4.100.3}"
cache="${JAILS_CACHE_DIR:-$HOME/.cache/freebsd-jails}"
dest="$cache/code-server-$version"
if [ -f "$dest/.complete" ]; then
  echo "$dest"
  exit 0
fi
for tool in rg pkg-config; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y ripgrep pkg-config libkrb5-dev" >&2; exit 1; }
done
[ -f /usr/include/gssapi/gssapi.h ] || { echo "missing gssapi headers: apt-get install -y libkrb5-dev" >&2; exit 1; }

rm -rf "$dest" "$dest.tmp"
mkdir -p "$dest.tmp"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "code-server@$version" >/dev/null)
tar -xzf "$work"/code-server-*.tgz -C "$dest.tmp" --strip-components=1
cd "$dest.tmp"
export npm_config_yes=true npm_config_audit=false npm_config_fund=false
# code-server's own postinstall would reinstall lib/vscode and so re-run @vscode/ripgrep's download: its steps
# (install lib/vscode, link node_modules.asar and the bin scripts, install the built-in extensions) are done
# here by hand instead, with Debian's rg put where @vscode/ripgrep looks so that its script has nothing to fetch.
npm install --omit=dev --ignore-scripts --no-package-lock >/dev/null
npm rebuild argon2 >/dev/null
cd lib/vscode
npm install --omit=dev --ignore-scripts --no-package-lock >/dev/null
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm rebuild >/dev/null
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --no-package-lock >/dev/null)
cd ../..
touch .complete
cd /
mv "$dest.tmp" "$dest"
echo "$dest"
