/** The bytes a log on the host gained after `offset` (the whole log when it is now shorter: rotated). */
import type { RemoteCommand } from '../../ssh/remoteCommand';

export function logTailCommand(path: string, offset: number): RemoteCommand<Buffer> {
  const script = 'f=$1; o=$2; [ -f "$f" ] || exit 0; s=$(wc -c < "$f"); if [ $s -lt "$o" ]; then cat "$f"; else tail -c +$((o + 1)) "$f"; fi';
  return {
    argv: ['/bin/sh', '-c', script, 'jails-log', path, String(Math.max(0, Math.floor(offset)))],
    privileged: true,
    parse(stdout, stderr, exitCode) {
      if (exitCode !== 0) throw new Error(`Reading ${path} on the host: ${stderr.trim() || `exit status ${exitCode}`}`);
      return Buffer.from(stdout, 'utf8');
    },
  };
}
