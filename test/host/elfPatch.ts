/**
 * Rewrites where a dynamically linked Linux program finds its loader and its library cache, so that node,
 * busybox and tcsh run inside the simulated FreeBSD tree with their libraries kept under /.simulator
 * instead of Linux-only paths such as /lib64 or /etc/ld.so.cache; and blanks a string a program would
 * print that no FreeBSD program prints (busybox's shell banner).
 */
import { readFileSync, writeFileSync } from 'node:fs';

const PT_INTERP = 3;

/** Replaces the ELF program interpreter (PT_INTERP) with `interpreter`, which must fit in the old slot. */
export function setElfInterpreter(file: string, interpreter: string): void {
  const image = readFileSync(file);
  const programHeaderOffset = Number(image.readBigUInt64LE(0x20));
  const programHeaderSize = image.readUInt16LE(0x36);
  const programHeaderCount = image.readUInt16LE(0x38);
  for (let index = 0; index < programHeaderCount; index++) {
    const header = programHeaderOffset + index * programHeaderSize;
    if (image.readUInt32LE(header) !== PT_INTERP) continue;
    const offset = Number(image.readBigUInt64LE(header + 8));
    const size = Number(image.readBigUInt64LE(header + 32));
    if (interpreter.length + 1 > size) throw new Error(`${file}: interpreter path ${interpreter} is too long`);
    const slot = Buffer.alloc(size);
    slot.write(interpreter, 'latin1');
    slot.copy(image, offset);
    writeFileSync(file, image);
    return;
  }
  throw new Error(`${file}: not a dynamically linked ELF program`);
}

/** Points glibc's loader at another library cache file; the new path must not be longer than the old. */
export function setLoaderCachePath(loaderFile: string, cachePath: string): void {
  const image = readFileSync(loaderFile);
  const original = Buffer.from('/etc/ld.so.cache\0', 'latin1');
  const at = image.indexOf(original);
  if (at < 0) throw new Error(`${loaderFile}: no /etc/ld.so.cache reference`);
  if (cachePath.length + 1 > original.length) throw new Error(`cache path ${cachePath} is too long`);
  const slot = Buffer.alloc(original.length);
  slot.write(cachePath, 'latin1');
  slot.copy(image, at);
  writeFileSync(loaderFile, image);
}

/**
 * Empties the one NUL-terminated string `text` in a program's read-only data (its first byte becomes NUL),
 * so that what the program prints with it as a format says nothing; a program without it is left alone.
 */
export function blankString(file: string, text: string): void {
  const image = readFileSync(file);
  const needle = Buffer.from(`\0${text}\0`, 'latin1');
  const at = image.indexOf(needle);
  if (at < 0 || image.indexOf(needle, at + 1) >= 0) return;
  image[at + 1] = 0;
  writeFileSync(file, image);
}
