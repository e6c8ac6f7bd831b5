/**
 * What the SSH layer may ask the person at the keyboard, injected by whoever runs it: the editor shows
 * modals and input boxes, the CLI refuses. A missing callback means "cannot ask", and the method it would
 * serve is not tried. Answers are used once and never logged or put into errors.
 */

export interface UnknownHostKey {
  /** The host as the user named it, and the name it would be filed under in known_hosts. */
  target: string;
  knownHostsName: string;
  keyType: string;
  /** `SHA256:…`, as `ssh-keygen -l` prints it. */
  fingerprint: string;
  /** Key types already on file for this host (a server now presenting another type is worth a word). */
  otherKnownKeyTypes: string[];
}

export interface KeyboardInteractiveRequest {
  name: string;
  instructions: string;
  prompts: { prompt: string; echo: boolean }[];
}

export interface SshPrompts {
  /** Trust a host key seen for the first time? Only an explicit yes connects. */
  confirmUnknownHostKey(fingerprint: string, details: UnknownHostKey): Promise<boolean>;
  /**
   * The passphrase of an encrypted key file, or undefined to skip that key. `attempt` counts from 1; a
   * second call for the same file means the previous answer was wrong (drop it if it was remembered).
   */
  passphrase?(keyFile: string, attempt: number): Promise<string | undefined>;
  /** A password for user@target, or undefined to stop trying passwords. */
  password?(target: string, user: string, attempt: number): Promise<string | undefined>;
  /** Answers to the server's keyboard-interactive prompts, one per prompt, or undefined to give up. */
  keyboardInteractive?(target: string, request: KeyboardInteractiveRequest): Promise<string[] | undefined>;
}

/** For non-interactive use (the `jails` CLI, scripts): unknown host keys are refused, nothing is asked. */
export const nonInteractivePrompts: SshPrompts = {
  confirmUnknownHostKey: async () => false,
};
