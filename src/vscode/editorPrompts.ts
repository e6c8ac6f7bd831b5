import * as vscode from 'vscode';
import type { SshPrompts } from '../core/ssh/prompts';

/** The SSH layer's questions as modals and input boxes; answers are passed on once and never kept here. */
export const editorPrompts: SshPrompts = {
  async confirmUnknownHostKey(fingerprint, details) {
    const other = details.otherKnownKeyTypes.length > 0 ? ` (known_hosts has a ${details.otherKnownKeyTypes.join(', ')} key for it already)` : '';
    const answer = await vscode.window.showWarningMessage(
      `The authenticity of host ${details.target} can't be established.`,
      {
        modal: true,
        detail: `${details.keyType} key fingerprint is ${fingerprint}${other}.\n\nCompare it with \`ssh-keygen -lf /etc/ssh/ssh_host_${details.keyType.replace(/^ssh-/, '')}_key.pub\` on the host. Trusting it adds it to known_hosts as ${details.knownHostsName}.`,
      },
      'Trust and Connect',
    );
    return answer === 'Trust and Connect';
  },
  passphrase: (keyFile, attempt) =>
    Promise.resolve(
      vscode.window.showInputBox({
        title: attempt > 1 ? `Wrong passphrase; try again for ${keyFile}` : `Passphrase for ${keyFile}`,
        password: true,
        ignoreFocusOut: true,
      }),
    ),
  password: (target, user, attempt) =>
    Promise.resolve(
      vscode.window.showInputBox({
        title: attempt > 1 ? `Permission denied; password for ${user}@${target} again` : `Password for ${user}@${target}`,
        password: true,
        ignoreFocusOut: true,
      }),
    ),
  async keyboardInteractive(target, request) {
    const answers: string[] = [];
    for (const prompt of request.prompts) {
      const answer = await vscode.window.showInputBox({
        title: request.name || `SSH login to ${target}`,
        prompt: [request.instructions, prompt.prompt].filter(Boolean).join(' — '),
        password: !prompt.echo,
        ignoreFocusOut: true,
      });
      if (answer === undefined) return undefined;
      answers.push(answer);
    }
    return answers;
  },
};
