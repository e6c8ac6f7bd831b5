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
export npm_config_unsafe_perm=true npm_config_yes=true npm_config_audit=false npm_config_fund=false
npm install --omit=dev --ignore-scripts --no-package-lock >/dev/null
(cd lib/vscode && npm install --omit=dev --ignore-scripts --no-package-lock >/dev/null)
mkdir -p lib/vscode/node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" lib/vscode/node_modules/@vscode/ripgrep/bin/rg
(cd lib/vscode && npm rebuild >/dev/null)
npm rebuild >/dev/null
ln -sfn node_modules lib/vscode/node_modules.asar
(cd lib/vscode/extensions && npm install --omit=dev --no-package-lock >/dev/null)
touch .complete
cd /
mv "$dest.tmp" "$dest"
echo "$dest"
