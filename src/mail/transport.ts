// Mail for the customer portal (magic links): one interface, two transports. SMTP through
// nodemailer for deployments; by default a local outbox folder, one `.eml` file per message, so a
// newcomer's `npm start` works with nothing installed. Neither ever logs a message's body.

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LtdsError } from '../errors/index.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Where a message went: an id, and for the outbox the file it was written to. */
export interface MailReceipt {
  id: string;
  path?: string;
}

export interface MailTransport {
  /** What the log may say about the transport (never a credential). */
  readonly describe: string;
  send(message: MailMessage): Promise<MailReceipt>;
  close?(): Promise<void>;
}

const DEFAULT_FROM = 'LTDS portal <no-reply@localhost>';

/** A header value with line breaks removed (no header injection). */
const header = (v: string) => v.replace(/[\r\n]+/g, ' ');

/** Writes each message as `<dir>/<time>-<id>.eml` (written to a temporary name, then renamed). */
export class OutboxMail implements MailTransport {
  readonly dir: string;
  readonly describe: string;
  private seq = 0;

  constructor(dir: string, private readonly from = DEFAULT_FROM) {
    this.dir = resolve(dir);
    this.describe = `outbox ${this.dir}`;
  }

  async send(message: MailMessage): Promise<MailReceipt> {
    const id = randomBytes(8).toString('hex');
    const at = new Date();
    // Time, then a per-process sequence (two mails in one millisecond still sort in order), then the id.
    const name = `${at.toISOString().replace(/[:.]/g, '-')}-${String(this.seq++ % 1e6).padStart(6, '0')}-${id}.eml`;
    const body = [`From: ${header(this.from)}`, `To: ${header(message.to)}`, `Subject: ${header(message.subject)}`, `Date: ${at.toUTCString()}`, `Message-ID: <${id}@ltds.outbox>`, 'Content-Type: text/plain; charset=utf-8', '', message.text, ''].join('\r\n');
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      const path = join(this.dir, name);
      writeFileSync(`${path}.tmp`, body, { mode: 0o600 });
      renameSync(`${path}.tmp`, path);
      return { id, path };
    } catch (err) {
      throw new LtdsError('MAIL_FAILED', `could not write the mail to the outbox folder ${this.dir}: ${(err as Error).message}`, { dir: this.dir }, {}, err);
    }
  }
}

/** Sends by SMTP (nodemailer); `url` like `smtp://host:587` or `smtps://user:pass@host:465`. */
export class SmtpMail implements MailTransport {
  readonly describe: string;
  private transport: Promise<{ sendMail(m: object): Promise<{ messageId: string }>; close(): void }>;

  constructor(url: string, private readonly from = DEFAULT_FROM) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new LtdsError('USAGE', `--smtp-url must be a URL like smtp://mail.example.com:587, got '${url.replace(/\/\/[^@/]*@/, '//***@')}'`, { option: '--smtp-url' });
    }
    if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') throw new LtdsError('USAGE', `--smtp-url must start smtp:// or smtps://, got '${parsed.protocol}'`, { option: '--smtp-url' });
    this.describe = `smtp ${parsed.protocol}//${parsed.hostname}:${parsed.port || (parsed.protocol === 'smtps:' ? 465 : 587)}`;
    this.transport = import('nodemailer').then((m) => m.default.createTransport(url) as never);
  }

  async send(message: MailMessage): Promise<MailReceipt> {
    try {
      const info = await (await this.transport).sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text });
      return { id: info.messageId };
    } catch (err) {
      throw new LtdsError('MAIL_FAILED', `the SMTP server (${this.describe}) did not take the mail: ${(err as Error).message}`, {}, {}, err);
    }
  }

  async close(): Promise<void> {
    (await this.transport).close();
  }
}

/** A mail read back from an outbox folder (tests, and people following the README). */
export interface OutboxEntry {
  path: string;
  to: string;
  subject: string;
  text: string;
  /** The first portal link in the text, if any. */
  link: string | undefined;
}

/** Finds the first `…/portal#…` link in a mail's text. */
export function portalLinkIn(text: string): string | undefined {
  return /https?:\/\/\S+\/portal#\S+/.exec(text)?.[0];
}

/** The messages in an outbox folder, newest first. */
export function readOutbox(dir: string): OutboxEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.eml'));
  } catch {
    return [];
  }
  return names
    .sort()
    .reverse()
    .map((n) => {
      const path = join(dir, n);
      const raw = readFileSync(path, 'utf8');
      const split = raw.indexOf('\r\n\r\n');
      const head = raw.slice(0, split);
      const text = raw.slice(split + 4);
      const field = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1] ?? '';
      return { path, to: field('To'), subject: field('Subject'), text, link: portalLinkIn(text) };
    });
}
