/**
 * The host key check that runs inside ssh2's hostVerifier, before any credential is sent: known keys pass,
 * changed and revoked keys are always refused (no "continue anyway"), and a new key is trusted only as
 * StrictHostKeyChecking allows: asked about (ask, the default), accepted and recorded (accept-new, no), or
 * refused (yes). A trusted new key is appended to the first UserKnownHostsFile.
 */
import { hostKeyFromBlob, preferredHostKeyAlgorithms } from './hostKey';
import { KnownHosts, recordHostKey } from './hostKeyVerdict';
import { knownHostsName } from './knownHostsFile';
import { LocalSystem } from './localSystem';
import { SshPrompts } from './prompts';
import { SshError } from './sshError';
import { ResolvedSshConfig } from './sshConfig';

export type HostKeyLog = (line: string) => void;

/** HostKeyAlias when set (OpenSSH then files the key under it, port and all), else the host and port. */
function filedUnder(config: ResolvedSshConfig): string {
  return config.hostKeyAlias ?? knownHostsName(config.hostName, config.port);
}

function knownHostsFiles(config: ResolvedSshConfig): string[] {
  return [...config.userKnownHostsFiles, ...config.globalKnownHostsFiles];
}

export class HostKeyCheck {
  readonly target: string;
  readonly name: string;

  private constructor(private readonly config: ResolvedSshConfig, private readonly system: LocalSystem, private readonly knownTypes: string[]) {
    this.target = config.label;
    this.name = filedUnder(config);
  }

  static async prepare(config: ResolvedSshConfig, system: LocalSystem): Promise<HostKeyCheck> {
    const known = await KnownHosts.load(knownHostsFiles(config), system);
    return new HostKeyCheck(config, system, known.knownKeyTypes(filedUnder(config)));
  }

  /** Host key algorithms to offer, those already on file for this host first. */
  get algorithms(): string[] {
    return preferredHostKeyAlgorithms(this.knownTypes);
  }

  /** Resolves when the key may be used, rejects with the reason it may not. */
  async verify(blob: Buffer, prompts: SshPrompts, log: HostKeyLog): Promise<void> {
    const key = hostKeyFromBlob(blob);
    // Read again: another connection may have recorded this host while this one was being set up.
    const verdict = (await KnownHosts.load(knownHostsFiles(this.config), this.system)).verdict(this.name, key);
    const { target } = this;
    switch (verdict.kind) {
      case 'known':
        log(`host key of ${target} matches ${verdict.file}:${verdict.line}`);
        return;
      case 'revoked':
        throw new SshError('host-key-revoked', target, `the host key of ${target} (${verdict.keyType} ${verdict.fingerprint}) is marked @revoked `
          + `in ${verdict.file} line ${verdict.line}; not connecting`);
      case 'changed':
        throw new SshError('host-key-changed', target, `the host key of ${target} has CHANGED: the server now presents ${verdict.keyType} `
          + `${verdict.fingerprint}, but ${verdict.file} line ${verdict.line} holds ${verdict.knownFingerprint}. Someone could be intercepting `
          + `the connection, or the host was reinstalled; not connecting. If the change is expected, remove the old key `
          + `(ssh-keygen -R '${this.name}' -f ${verdict.file}) and connect again`);
      case 'unknown':
        break;
    }
    const { fingerprint, keyType, otherKnownKeyTypes } = verdict;
    const policy = this.config.strictHostKeyChecking;
    if (policy === 'yes') {
      throw new SshError('host-key-unknown', target, `the host key of ${target} (${keyType} ${fingerprint}) is not in known_hosts, `
        + 'and StrictHostKeyChecking is yes; not connecting');
    }
    if (policy === 'ask') {
      const trusted = await prompts.confirmUnknownHostKey(fingerprint, { target, knownHostsName: this.name, keyType, fingerprint, otherKnownKeyTypes });
      if (!trusted) {
        throw new SshError('host-key-declined', target, `the host key of ${target} (${keyType} ${fingerprint}) was not trusted; not connecting`);
      }
    }
    const file = this.config.userKnownHostsFiles[0];
    if (file === undefined) {
      log(`host key of ${target} trusted for this connection only: UserKnownHostsFile is none`);
      return;
    }
    await recordHostKey(this.system, file, this.name, key, this.config.hashKnownHosts);
    log(`host key of ${target} (${keyType} ${fingerprint}) added to ${file}`);
  }
}
