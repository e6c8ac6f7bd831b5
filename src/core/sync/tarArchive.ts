/**
 * A POSIX ustar archive of regular files, built in memory, for one `tar -xf -` on the host: one exec carries
 * any number of files. Paths longer than ustar's name and prefix fields get a pax header (bsdtar and
 * busybox tar both read them). Owner and group are root's, so that root extracting it (which keeps the
 * archive's owners) makes files the jail's services can read and only root can change.
 */

export interface ArchiveFile {
  /** Relative, `/`-separated, no `..`. */
  path: string;
  data: Buffer;
  /** Seconds since the epoch. */
  mtime: number;
  executable?: boolean;
}

const block = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function writeText(header: Buffer, offset: number, width: number, text: string): void {
  header.write(text, offset, Math.min(width, Buffer.byteLength(text)), 'utf8');
}

/** ustar keeps a name in `prefix/name` (155 + 100 bytes), split at a slash. */
function splitName(path: string): { name: string; prefix: string } | undefined {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  for (let at = path.indexOf('/'); at >= 0; at = path.indexOf('/', at + 1)) {
    const prefix = path.slice(0, at);
    const name = path.slice(at + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== '') return { name, prefix };
  }
  return undefined;
}

function header(name: string, prefix: string, size: number, mode: number, mtime: number, type: '0' | 'x'): Buffer {
  const h = Buffer.alloc(block);
  writeText(h, 0, 100, name);
  writeText(h, 100, 8, octal(mode, 8));
  writeText(h, 108, 8, octal(0, 8));
  writeText(h, 116, 8, octal(0, 8));
  writeText(h, 124, 12, octal(size, 12));
  writeText(h, 136, 12, octal(Math.max(0, Math.floor(mtime)), 12));
  h.fill(' ', 148, 156);
  writeText(h, 156, 1, type);
  writeText(h, 257, 6, 'ustar\0');
  writeText(h, 263, 2, '00');
  writeText(h, 265, 32, 'root');
  writeText(h, 297, 32, 'wheel');
  writeText(h, 345, 155, prefix);
  let sum = 0;
  for (const byte of h) sum += byte;
  writeText(h, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return h;
}

function padding(size: number): Buffer {
  return Buffer.alloc((block - (size % block)) % block);
}

/** A pax record "LEN path=VALUE\n", where LEN counts itself. */
function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body);
  return Buffer.from(`${length}${body}`);
}

function entry(file: ArchiveFile): Buffer[] {
  const mode = file.executable ? 0o755 : 0o644;
  const split = splitName(file.path);
  const parts: Buffer[] = [];
  let name = file.path;
  let prefix = '';
  if (split) ({ name, prefix } = split);
  else {
    const record = paxRecord('path', file.path);
    parts.push(header('PaxHeader', '', record.length, 0o644, file.mtime, 'x'), record, padding(record.length));
    name = file.path.slice(-100).replace(/^[^/]*\//, '');
  }
  parts.push(header(name, prefix, file.data.length, mode, file.mtime, '0'), file.data, padding(file.data.length));
  return parts;
}

/** The archive, with its two zero blocks at the end. */
export function tarArchive(files: readonly ArchiveFile[]): Buffer {
  return Buffer.concat([...files.flatMap(entry), Buffer.alloc(2 * block)]);
}

/** An archive with no files: what a waiting `tar -xf -` is given to end quietly. */
export const emptyArchive = Buffer.alloc(2 * block);
