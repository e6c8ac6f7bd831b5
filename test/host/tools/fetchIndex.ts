/**
 * The directory pages of the fixture release mirror, as download.freebsd.org's nginx writes them
 * (ngx_http_autoindex_module, HTML format, exact sizes, UTC): a title and heading "Index of PATH", then in
 * a <pre> a "../" link and one line per entry, directories first, each group by name; the name padded to
 * 50 columns, the modification time as DD-Mon-YYYY HH:MM, and the size right-aligned in 19 columns ("-"
 * for a directory). Lines end in CRLF.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const NAME_COLUMNS = 50;
const SIZE_COLUMNS = 19;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface Entry {
  name: string;
  dir: boolean;
  size: number;
  mtime: Date;
}

const two = (n: number) => String(n).padStart(2, '0');

function time(date: Date): string {
  return `${two(date.getUTCDate())}-${MONTHS[date.getUTCMonth()]}-${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function line(entry: Entry): string {
  const shown = `${entry.name}${entry.dir ? '/' : ''}`;
  const name = shown.length > NAME_COLUMNS ? `${shown.slice(0, NAME_COLUMNS - 3)}..>` : shown;
  const link = `<a href="${encodeURI(shown)}">${escapeHtml(name)}</a>`;
  const size = entry.dir ? '-' : String(entry.size);
  return `${link}${' '.repeat(Math.max(NAME_COLUMNS - name.length, 0))} ${time(entry.mtime)} ${size.padStart(SIZE_COLUMNS)}`;
}

/** The page for `urlPath` listing the directory `dir` (dot files left out, as nginx does). */
export function autoindexPage(urlPath: string, dir: string): string {
  const entries: Entry[] = readdirSync(dir).filter((name) => !name.startsWith('.')).map((name) => {
    const info = statSync(join(dir, name));
    return { name, dir: info.isDirectory(), size: info.size, mtime: info.mtime };
  });
  entries.sort((a, b) => (a.dir === b.dir ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.dir ? -1 : 1));
  const title = `Index of ${escapeHtml(urlPath)}`;
  return [
    '<html>',
    `<head><title>${title}</title></head>`,
    '<body>',
    `<h1>${title}</h1><hr><pre><a href="../">../</a>`,
    ...entries.map(line),
    '</pre><hr></body>',
    '</html>',
    '',
  ].join('\r\n');
}
