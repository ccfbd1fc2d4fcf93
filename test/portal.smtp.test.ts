// A real SMTP round trip: the host's SMTP transport (nodemailer) hands the magic link to an SMTP
// server this test runs on loopback (smtp-server); the test reads the link out of the received
// message (decoding its transfer encoding) and the link works: exchanging it gives a portal session
// that lists the meter point's records.

import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { darApi, type DarApi } from './helpers/dar-api.js';
import { consentRecord, identityBody } from './helpers/dar-fixtures.js';
import { SmtpMail, portalLinkIn } from '../src/mail/transport.js';

const B = '/dar/v1';
const MPXN = '1312345678907';

interface Received {
  from: string | undefined;
  to: string[];
  raw: string;
}

/** The text body of a raw RFC 5322 message, with quoted-printable or base64 transfer encoding undone. */
function textOf(raw: string): string {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split);
  const body = raw.slice(split + 4);
  const encoding = /^Content-Transfer-Encoding:\s*(\S+)/im.exec(head)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

let smtp: SMTPServer;
let port: number;
const inbox: Received[] = [];
let delivered: (() => void) | undefined;
let api: DarApi;
let transport: SmtpMail;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        inbox.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
        delivered?.();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  port = (smtp.server.address() as AddressInfo).port;
  transport = new SmtpMail(`smtp://127.0.0.1:${port}`, 'Register <portal@register.example.org>');
  api = await darApi('portal-smtp', 'sqlite', { portal: { mail: transport, origin: 'https://portal.example.test' } });
});

afterAll(async () => {
  await api.close();
  await transport.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

test('the magic link goes out by SMTP, arrives, and opening it gives a session that lists the records', async () => {
  const ir = (await api.call('du1', 'POST', `${B}/identity-records`, identityBody(MPXN, 'sam.smith@example.com'))).json.ir;
  await api.call('du1', 'POST', `${B}/access-records`, consentRecord(ir));
  const arrived = new Promise<void>((resolve) => (delivered = resolve));
  const started = await api.call('du1', 'POST', `${B}/identity-records/${ir}/re-identify`, { method: 'magic-link' });
  expect(started.status).toBe(201);
  await arrived;
  expect(inbox).toHaveLength(1);
  expect(inbox[0]!.to).toEqual(['sam.smith@example.com']);
  expect(inbox[0]!.from).toBe('portal@register.example.org');
  const text = textOf(inbox[0]!.raw);
  const link = portalLinkIn(text);
  expect(link).toMatch(/^https:\/\/portal\.example\.test\/portal#link=[A-Za-z0-9_-]{43}$/);
  // The log says the SMTP transport took it, and nothing of the link or the address.
  const logs = api.s.logs.join('');
  expect(logs).toContain(`smtp smtp://127.0.0.1:${port}`);
  expect(logs).not.toContain(link!.split('#link=')[1]);
  expect(logs).not.toContain('sam.smith');

  const s = await api.s.app.inject({ method: 'POST', url: `${B}/portal/session`, payload: { link: link!.split('#link=')[1] } });
  expect(s.statusCode).toBe(201);
  const records = await api.s.app.inject({ url: `${B}/portal/records`, headers: { authorization: `Bearer ${s.json().session.token}` } });
  expect(records.statusCode).toBe(200);
  expect(records.json()['access-records']).toEqual([expect.objectContaining({ state: 'ACTIVE', organisation: 'Octo Flex Ltd', withdrawable: true })]);
});

test('an SMTP server that is not there is a MAIL_FAILED error naming the transport', async () => {
  const dead = new SmtpMail('smtp://127.0.0.1:1');
  await expect(dead.send({ to: 'x@example.com', subject: 's', text: 't' })).rejects.toMatchObject({ code: 'MAIL_FAILED', message: expect.stringContaining('smtp smtp://127.0.0.1:1') });
});
