/** A setting in ~/.ssh/config (or given by the user) that OpenSSH itself would refuse. */
export class SshConfigError extends Error {}
