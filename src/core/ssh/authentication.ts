/**
 * User authentication in OpenSSH's order (PreferredAuthentications: publickey, keyboard-interactive,
 * password), as an ssh2 authHandler that picks the next method only when the server refused the last:
 *  1. the agent (IdentityAgent / SSH_AUTH_SOCK), limited to the configured identities under IdentitiesOnly;
 *  2. each identity file the agent did not already offer; an encrypted one asks for its passphrase;
 *  3. keyboard-interactive and 4. password, when the runner can ask a person (SshPrompts).
 * Secrets go straight to ssh2; only method names and file names reach the log and the error.
 */
import type { AnyAuthMethod, AuthenticationType, AuthHandlerMiddleware, BaseAgent, IdentityCallback, KnownPublicKeys, ParsedKey,
  SignCallback, SigningRequestOptions } from 'ssh2';
import { LocalSystem } from './localSystem';
import { SshPrompts } from './prompts';
import { ssh2 } from './ssh2Library';
import { IdentityFile, ResolvedSshConfig } from './sshConfig';

const maximumAttempts = 3;

export interface AuthenticationContext {
  config: ResolvedSshConfig;
  target: string;
  system: LocalSystem;
  prompts: SshPrompts;
  log(line: string): void;
}

type Agent = BaseAgent<ParsedKey>;

const firstKey = (parsed: ParsedKey | ParsedKey[] | Error) => (Array.isArray(parsed) ? parsed[0] : parsed);

/** The wire-format public key of an agent's identity (ssh2 hands them out parsed, or wrapped with a comment). */
function agentKeyBlob(key: KnownPublicKeys<ParsedKey>[number]): Buffer | undefined {
  const inner = 'pubKey' in key ? key.pubKey : key;
  const parsed = 'getPublicSSH' in inner ? inner : firstKey(ssh2().utils.parseKey(inner.pubKey));
  return parsed instanceof Error ? undefined : parsed.getPublicSSH();
}

/**
 * An agent that shows the server only the keys named by IdentityFile (IdentitiesOnly yes). ssh2 accepts only
 * instances of its own BaseAgent, so the class is made once ssh2 is loaded.
 */
function identityFilteredAgent(inner: Agent, allowed: Buffer[]): Agent {
  class IdentityFilteredAgent extends ssh2().BaseAgent<ParsedKey> {
    getIdentities(cb: IdentityCallback<ParsedKey>): void {
      inner.getIdentities((err, keys) => {
        if (err || !keys) return cb(err ?? new Error('agent returned no keys'));
        cb(undefined, keys.filter((key) => {
          const blob = agentKeyBlob(key);
          return blob !== undefined && allowed.some((one) => one.equals(blob));
        }));
      });
    }

    sign(pubKey: ParsedKey, data: Buffer, options: SigningRequestOptions | SignCallback, cb?: SignCallback): void {
      if (typeof options === 'function') inner.sign(pubKey, data, options);
      else inner.sign(pubKey, data, options, cb);
    }
  }
  return new IdentityFilteredAgent();
}

function agentKeys(agent: Agent): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    agent.getIdentities((err, keys) => (err ? reject(err) : resolve((keys ?? []).map(agentKeyBlob).filter((b): b is Buffer => b !== undefined))));
  });
}

const isEncryptedKeyError = (e: Error) => /encrypted|passphrase/i.test(e.message);

/** The public half of an identity: from FILE.pub, else from the private key when it is not encrypted. */
async function publicBlob(file: string, privateText: string, system: LocalSystem): Promise<Buffer | undefined> {
  const pub = await system.readTextFile(`${file}.pub`);
  const base64 = pub?.trim().split(/\s+/)[1];
  if (base64) return Buffer.from(base64, 'base64');
  const parsed = firstKey(ssh2().utils.parseKey(privateText));
  return parsed instanceof Error ? undefined : parsed.getPublicSSH();
}

class MethodSequence {
  readonly tried: string[] = [];
  /** Why configured credentials could not be offered (a missing key file, an unusable agent): for the error. */
  readonly unusable: string[] = [];
  private readonly steps: (() => Promise<AnyAuthMethod | undefined>)[] = [];
  private offeredByAgent: Buffer[] = [];
  private keyboardAttempts = 0;
  private passwordAttempts = 0;
  private methodsLeft: AuthenticationType[] | null = null;

  constructor(private readonly ctx: AuthenticationContext) {
    const { config } = ctx;
    if (config.identityAgent) this.steps.push(() => this.agent(config.identityAgent as string));
    for (const identity of config.identityFiles) this.steps.push(() => this.keyFile(identity));
    if (ctx.prompts.keyboardInteractive) this.steps.push(() => this.keyboardInteractive());
    if (ctx.prompts.password) this.steps.push(() => this.password());
  }

  private skip(reason: string): undefined {
    this.ctx.log(reason);
    this.unusable.push(reason);
    return undefined;
  }

  private get user(): string {
    return this.ctx.config.user;
  }

  private allows(type: AuthenticationType): boolean {
    return this.methodsLeft === null || this.methodsLeft.includes(type);
  }

  async next(methodsLeft: AuthenticationType[] | null): Promise<AnyAuthMethod | false> {
    this.methodsLeft = methodsLeft;
    while (this.steps.length > 0) {
      const step = this.steps.shift() as () => Promise<AnyAuthMethod | undefined>;
      const method = await step().catch((error: Error) => this.skip(`an authentication method failed: ${error.message}`));
      if (method) return method;
    }
    return false;
  }

  private async agent(socket: string): Promise<AnyAuthMethod | undefined> {
    if (!this.allows('publickey')) return undefined;
    let agent: Agent = new (ssh2().OpenSSHAgent)(socket);
    if (this.ctx.config.identitiesOnly) {
      const allowed: Buffer[] = [];
      for (const identity of this.ctx.config.identityFiles) {
        const text = await this.ctx.system.readTextFile(identity.path);
        const blob = text === undefined ? undefined : await publicBlob(identity.path, text, this.ctx.system);
        if (blob) allowed.push(blob);
      }
      agent = identityFilteredAgent(agent, allowed);
    }
    try {
      this.offeredByAgent = await agentKeys(agent);
    } catch (error) {
      return this.skip(`the agent at ${socket} is not usable (${(error as Error).message})`);
    }
    if (this.offeredByAgent.length === 0) {
      return this.skip(this.ctx.config.identitiesOnly ? `the agent at ${socket} holds none of the IdentityFile keys` : `the agent at ${socket} holds no keys`);
    }
    this.tried.push('agent');
    return { type: 'agent', username: this.user, agent };
  }

  private async keyFile(identity: IdentityFile): Promise<AnyAuthMethod | undefined> {
    if (!this.allows('publickey')) return undefined;
    const { system } = this.ctx;
    const text = await system.readTextFile(identity.path);
    if (text === undefined) return identity.explicit ? this.skip(`identity file ${identity.path} does not exist`) : undefined;
    const blob = await publicBlob(identity.path, text, system);
    if (blob && this.offeredByAgent.some((offered) => offered.equals(blob))) return undefined;
    let parsed = firstKey(ssh2().utils.parseKey(text));
    for (let attempt = 1; parsed instanceof Error && isEncryptedKeyError(parsed) && attempt <= maximumAttempts; attempt++) {
      if (!this.ctx.prompts.passphrase) return this.skip(`identity file ${identity.path} is encrypted and there is no way to ask for its passphrase`);
      const passphrase = await this.ctx.prompts.passphrase(identity.path, attempt);
      if (passphrase === undefined) return undefined;
      parsed = firstKey(ssh2().utils.parseKey(text, passphrase));
    }
    if (parsed instanceof Error) return this.skip(`identity file ${identity.path} not used: ${isEncryptedKeyError(parsed) ? 'wrong passphrase' : parsed.message}`);
    this.tried.push(`key ${identity.path}`);
    return { type: 'publickey', username: this.user, key: parsed };
  }

  private async keyboardInteractive(): Promise<AnyAuthMethod | undefined> {
    const ask = this.ctx.prompts.keyboardInteractive;
    if (!ask || !this.allows('keyboard-interactive') || this.keyboardAttempts >= maximumAttempts) return undefined;
    this.keyboardAttempts++;
    if (this.keyboardAttempts === 1) this.tried.push('keyboard-interactive');
    let gaveUp = false;
    const ctx = this.ctx;
    const method: AnyAuthMethod = {
      type: 'keyboard-interactive',
      username: this.user,
      prompt(name, instructions, _lang, prompts, finish) {
        // One answer per prompt even when giving up: sshd drops a connection whose reply has the wrong count.
        const blank = prompts.map(() => '');
        if (gaveUp) return finish(blank);
        const request = { name, instructions, prompts: prompts.map((p) => ({ prompt: p.prompt, echo: p.echo ?? false })) };
        ask(ctx.target, request).then(
          (answers) => {
            gaveUp = answers === undefined;
            finish(answers ?? blank);
          },
          () => finish(blank),
        );
      },
    };
    // Another round only if the person answered this one; giving up ends keyboard-interactive.
    this.steps.unshift(async () => (gaveUp ? undefined : this.keyboardInteractive()));
    return method;
  }

  private async password(): Promise<AnyAuthMethod | undefined> {
    const ask = this.ctx.prompts.password;
    if (!ask || !this.allows('password') || this.passwordAttempts >= maximumAttempts) return undefined;
    this.passwordAttempts++;
    const password = await ask(this.ctx.target, this.user, this.passwordAttempts);
    if (password === undefined) return undefined;
    if (this.passwordAttempts === 1) this.tried.push('password');
    this.steps.unshift(() => this.password());
    return { type: 'password', username: this.user, password };
  }
}

/** The handler for ssh2's `authHandler`, and the methods tried and credentials not usable (for the error message). */
export function authenticationHandler(ctx: AuthenticationContext): { handler: AuthHandlerMiddleware; tried: string[]; unusable: string[] } {
  const sequence = new MethodSequence(ctx);
  const handler: AuthHandlerMiddleware = (methodsLeft, _partialSuccess, next) => {
    // ssh2 takes `false` as "no method left" (it then fails with level client-authentication); its types omit it.
    void sequence.next(methodsLeft).then((method) => next(method as AnyAuthMethod));
  };
  return { handler, tried: sequence.tried, unusable: sequence.unusable };
}
