/** The matrix panel's page: one row per PHP version; buttons post messages back to the extension. */
import type { MatrixRow } from '../../core/provision/matrix/phpMatrix';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function problemsCell(row: MatrixRow): string {
  if (row.problems.length === 0) return row.state === 'ready' ? '<span class="ok">none</span>' : '';
  return `<ul>${row.problems.map((p) => `<li class="${/error/i.test(p.level) ? 'error' : 'warning'}"><b>${escapeHtml(p.level)}</b>: ${escapeHtml(p.message)}`
    + `${p.file ? ` <span class="where">${escapeHtml(p.file)}:${p.line}</span>` : ''}</li>`).join('')}</ul>`;
}

function statusCell(row: MatrixRow): string {
  if (row.state === 'failed') return `<span class="error">failed: ${escapeHtml(row.message ?? '')}</span>`;
  if (row.state !== 'ready') return escapeHtml(row.state);
  return `<span class="${row.status !== undefined && row.status < 400 ? 'ok' : 'error'}">${row.status} ${escapeHtml(row.statusText ?? '')}</span>`;
}

export function matrixHtml(rows: MatrixRow[], cspSource: string): string {
  const body = rows.map((row) => `<tr>
  <td>PHP ${escapeHtml(row.php)}<div class="where">${escapeHtml(row.jailName)}</div></td>
  <td>${statusCell(row)}</td>
  <td>${row.ms !== undefined && row.state === 'ready' ? `${row.ms} ms` : ''}</td>
  <td>${problemsCell(row)}</td>
  <td>${row.state === 'ready' ? `<button data-command="open" data-php="${escapeHtml(row.php)}">Open</button>` : ''}</td>
</tr>`).join('\n');
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline'; script-src 'unsafe-inline';">
<style>
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--vscode-panel-border); }
  .ok { color: var(--vscode-testing-iconPassed); } .error { color: var(--vscode-errorForeground); }
  .warning { color: var(--vscode-editorWarning-foreground); } .where { opacity: 0.7; font-size: 90%; }
  ul { margin: 0; padding-left: 1em; }
  button { margin-right: 6px; padding: 4px 12px; border: none; cursor: pointer;
    color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
  button:hover { background: var(--vscode-button-hoverBackground); }
</style></head>
<body>
<p><button data-command="rerun">Re-run</button><button data-command="destroyAll">Destroy All</button></p>
<table><thead><tr><th>Version</th><th>HTTP</th><th>Time</th><th>New PHP errors and warnings</th><th></th></tr></thead>
<tbody>
${body}
</tbody></table>
<script>
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', (event) => {
    const button = event.target.closest('button');
    if (button) vscode.postMessage({ command: button.dataset.command, php: button.dataset.php });
  });
</script>
</body></html>`;
}
