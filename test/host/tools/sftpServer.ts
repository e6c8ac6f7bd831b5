/**
 * /usr/libexec/sftp-server, sshd's sftp subsystem: OpenSSH's own sftp-server (the runtime's copy) behind
 * a filter that knows the disk-full switch, since the kernel under it is Linux's. A request that needs
 * room on a full file system gets the answer sftp-server gives for ENOSPC (errno_to_portable() maps it to
 * SSH2_FX_FAILURE, sent with the message "Failure"): OPEN that creates a file, WRITE to a file opened for
 * writing, MKDIR. Every other packet passes through unchanged, in both directions.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { ToolExit } from './runtime/exit';
import { diskFullAt } from './runtime/faults';

const OPENSSH_SFTP_SERVER = '/.simulator/bin/sftp-server';
const FXP_OPEN = 3;
const FXP_CLOSE = 4;
const FXP_WRITE = 6;
const FXP_MKDIR = 14;
const FXP_STATUS = 101;
const FXP_HANDLE = 102;
const FXF_WRITE = 0x02;
const FXF_APPEND = 0x04;
const FXF_CREAT = 0x08;
const FX_FAILURE = 4;

/** Splits a byte stream into SFTP packets (uint32 length, then that many bytes), each returned whole. */
class PacketSplitter {
  private pending = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.pending = Buffer.concat([this.pending, chunk]);
    const packets: Buffer[] = [];
    while (this.pending.length >= 4 && this.pending.length >= 4 + this.pending.readUInt32BE(0)) {
      const size = 4 + this.pending.readUInt32BE(0);
      packets.push(this.pending.subarray(0, size));
      this.pending = this.pending.subarray(size);
    }
    return packets;
  }
}

const typeOf = (packet: Buffer) => packet[4];
const idOf = (packet: Buffer) => packet.readUInt32BE(5);
/** The first string field after the request id (a path or a handle), and where the packet goes on after it. */
function firstString(packet: Buffer): { value: Buffer; end: number } {
  const length = packet.readUInt32BE(9);
  return { value: packet.subarray(13, 13 + length), end: 13 + length };
}

function failureStatus(id: number): Buffer {
  const message = Buffer.from('Failure');
  const packet = Buffer.alloc(4 + 1 + 4 + 4 + 4 + message.length + 4);
  let at = packet.writeUInt32BE(packet.length - 4, 0);
  at = packet.writeUInt8(FXP_STATUS, at);
  at = packet.writeUInt32BE(id, at);
  at = packet.writeUInt32BE(FX_FAILURE, at);
  at = packet.writeUInt32BE(message.length, at);
  at += message.copy(packet, at);
  packet.writeUInt32BE(0, at);
  return packet;
}

/** Decides, packet by packet, which requests a full file system refuses. */
class DiskFullFilter {
  /** Requests to open a file for writing, by id, until the server answers with a handle. */
  private readonly opening = new Map<number, string>();
  /** Paths of the files open for writing, by handle (hex). */
  private readonly writing = new Map<string, string>();

  /** The refusal to send back instead of forwarding `packet`, if any. */
  refusal(packet: Buffer): Buffer | undefined {
    const type = typeOf(packet);
    if (type !== FXP_OPEN && type !== FXP_WRITE && type !== FXP_MKDIR && type !== FXP_CLOSE) return undefined;
    const { value, end } = firstString(packet);
    if (type === FXP_CLOSE) {
      this.writing.delete(value.toString('hex'));
      return undefined;
    }
    if (type === FXP_WRITE) {
      const path = this.writing.get(value.toString('hex'));
      return path !== undefined && diskFullAt(path) ? failureStatus(idOf(packet)) : undefined;
    }
    const path = resolve(value.toString());
    if (type === FXP_MKDIR) return !existsSync(path) && diskFullAt(path) ? failureStatus(idOf(packet)) : undefined;
    const flags = packet.readUInt32BE(end);
    if ((flags & FXF_CREAT) !== 0 && !existsSync(path) && diskFullAt(path)) return failureStatus(idOf(packet));
    if ((flags & (FXF_WRITE | FXF_APPEND)) !== 0) this.opening.set(idOf(packet), path);
    return undefined;
  }

  /** Notes the handle of a file opened for writing from the server's answer. */
  answered(packet: Buffer): void {
    const path = this.opening.get(idOf(packet));
    if (path === undefined) return;
    this.opening.delete(idOf(packet));
    if (typeOf(packet) === FXP_HANDLE) this.writing.set(firstString(packet).value.toString('hex'), path);
  }
}

/** Forwards with back-pressure: the source pauses while the destination's buffer is full. */
function forward(source: Readable, destination: Writable, packet: Buffer): void {
  if (!destination.write(packet)) {
    source.pause();
    destination.once('drain', () => source.resume());
  }
}

export function runSftpServer(argv: string[]): Promise<void> {
  const server = spawn(OPENSSH_SFTP_SERVER, argv, { stdio: ['pipe', 'pipe', 'inherit'] });
  const filter = new DiskFullFilter();
  const requests = new PacketSplitter();
  const answers = new PacketSplitter();
  process.stdin.on('data', (chunk: Buffer) => {
    for (const packet of requests.push(chunk)) {
      const refusal = filter.refusal(packet);
      if (refusal) process.stdout.write(refusal);
      else forward(process.stdin, server.stdin, packet);
    }
  });
  process.stdin.on('end', () => server.stdin.end());
  server.stdout.on('data', (chunk: Buffer) => {
    for (const packet of answers.push(chunk)) {
      filter.answered(packet);
      forward(server.stdout, process.stdout, packet);
    }
  });
  return new Promise((done, failed) => {
    server.on('error', failed);
    server.on('close', (status) => {
      process.stdin.destroy();
      if (status === 0) done();
      else failed(new ToolExit(status ?? 1));
    });
  });
}
