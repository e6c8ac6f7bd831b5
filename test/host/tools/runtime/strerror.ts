/** strerror(3)'s FreeBSD texts for the errno names Node reports. */
const MESSAGES: Record<string, string> = {
  ENOENT: 'No such file or directory', EPERM: 'Operation not permitted', EACCES: 'Permission denied',
  ENOTEMPTY: 'Directory not empty', EBUSY: 'Device busy', EISDIR: 'Is a directory', ENOTDIR: 'Not a directory',
  EROFS: 'Read-only file system', EINVAL: 'Invalid argument', ENOSPC: 'No space left on device', EEXIST: 'File exists',
  ELOOP: 'Too many levels of symbolic links',
};

export function strerror(code: string): string {
  return MESSAGES[code] ?? code;
}
