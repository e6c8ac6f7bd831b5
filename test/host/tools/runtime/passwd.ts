/** getpwnam(3) on a passwd(5) file: the entry of `name`, undefined when the file or the user is missing. */
import { existsSync, readFileSync } from 'node:fs';

export interface PasswdEntry { name: string; uid: number; gid: number; home: string; shell: string }

export function lookupUser(passwdFile: string | undefined, name: string): PasswdEntry | undefined {
  if (passwdFile === undefined || !existsSync(passwdFile)) return undefined;
  for (const line of readFileSync(passwdFile, 'utf8').split('\n')) {
    const fields = line.split(':');
    if (fields[0] === name && fields.length >= 7) {
      return { name, uid: Number(fields[2]), gid: Number(fields[3]), home: fields[5], shell: fields[6] };
    }
  }
  return undefined;
}
