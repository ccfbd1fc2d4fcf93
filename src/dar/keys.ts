// The register's secrets at rest: the ak's keyed hash (lookup and constant-time compare), the
// email's keyed hash (lookup) and AES-256-GCM for what must be read back (PII, email, webhook
// secrets). All keys derive from one 32-byte master key by HKDF, each for one purpose.

import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

const derive = (master: Buffer, purpose: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `ltds-dar/${purpose}`, 32));

/** Keys derived from the master key; the master key itself is not kept. */
export class DarKeys {
  private readonly akKey: Buffer;
  private readonly emailKey: Buffer;
  private readonly sealKey: Buffer;
  private readonly discoveredKey: Buffer;
  private readonly portalKey: Buffer;

  constructor(master: Buffer) {
    if (master.length !== 32) throw new Error('the DAR master key is 32 bytes');
    this.akKey = derive(master, 'access-key-hash');
    this.emailKey = derive(master, 'email-hash');
    this.sealKey = derive(master, 'seal');
    this.discoveredKey = derive(master, 'discovered-ak');
    this.portalKey = derive(master, 'portal-secret');
  }

  /** The keyed hash an ak is stored and looked up by (hex). */
  akHash(ak: string): string {
    return createHmac('sha256', this.akKey).update(ak).digest('hex');
  }

  /** True when `ak` hashes to `stored`, compared in constant time. */
  akMatches(ak: string, stored: string): boolean {
    return this.hashesMatch(this.akHash(ak), stored);
  }

  /** True when two keyed hashes (hex) are the same, compared in constant time. */
  hashesMatch(computed: string, stored: string): boolean {
    const a = Buffer.from(computed, 'hex');
    const b = Buffer.from(stored, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /**
   * The ak of a discovered record: derived from its meter point and organisation reference, so the
   * DCC's update of it answers with the same ak while the register stores only the ak's hash.
   */
  discoveredAk(mpxnKey: string, organisationReference: string): string {
    return `ak_${createHmac('sha256', this.discoveredKey).update(`${mpxnKey}\u0000${organisationReference}`).digest('hex').slice(0, 24)}`;
  }

  /** The keyed hash a portal secret (magic link, ceremony, session) is stored and looked up by (hex). */
  secretHash(purpose: string, secret: string): string {
    return createHmac('sha256', this.portalKey).update(`${purpose}\u0000${secret}`).digest('hex');
  }

  /** The keyed hash of an email for lookup (case-insensitive, trimmed). */
  emailHash(email: string): string {
    return createHmac('sha256', this.emailKey).update(email.trim().toLowerCase()).digest('hex');
  }

  /** Encrypts `text` (AES-256-GCM, fresh IV): `v1.<iv>.<tag>.<ciphertext>` in base64url. */
  seal(text: string, context: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.sealKey, iv);
    c.setAAD(Buffer.from(context));
    const ct = Buffer.concat([c.update(text, 'utf8'), c.final()]);
    return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
  }

  /** Decrypts what `seal` wrote for the same `context` (throws when tampered with or moved). */
  open(sealed: string, context: string): string {
    const [v, iv, tag, ct] = sealed.split('.');
    if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('not a sealed value');
    const d = createDecipheriv('aes-256-gcm', this.sealKey, Buffer.from(iv, 'base64url'));
    d.setAAD(Buffer.from(context));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
  }
}

/** An email shown masked: first letter of the local part and of the domain, the top-level domain. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : '';
  return `${local[0]}***@${host[0] ?? ''}***${tld}`;
}

/** A master key from `LTDS_DAR_KEY` (64 hex or 44 base64 characters), when set. */
export function masterKeyFromEnv(env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  const v = env.LTDS_DAR_KEY?.trim();
  if (!v) return undefined;
  const key = /^[0-9a-f]{64}$/i.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64');
  if (key.length !== 32) throw new Error('LTDS_DAR_KEY must be 32 bytes as 64 hex or base64 characters');
  return key;
}
