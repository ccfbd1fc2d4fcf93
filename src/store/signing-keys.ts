// JWT signing keys (Ed25519) with rotation: one active key signs; a retired key still verifies
// until every token it signed has expired, then it is dropped.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';

/** One signing key as stored. */
export interface SigningKey {
  kid: string;
  alg: 'EdDSA';
  privatePem: string;
  publicPem: string;
  createdAt: string;
  retiredAt: string | null;
  /** When a retired key stops verifying (retirement + the longest token lifetime). */
  verifyUntil: string | null;
}

interface Row {
  kid: string;
  alg: 'EdDSA';
  private_pem: string;
  public_pem: string;
  created_at: string;
  retired_at: string | null;
  verify_until: string | null;
}

const toKey = (r: Row): SigningKey => ({ kid: r.kid, alg: r.alg, privatePem: r.private_pem, publicPem: r.public_pem, createdAt: r.created_at, retiredAt: r.retired_at, verifyUntil: r.verify_until });

export class SigningKeyStore {
  constructor(private readonly db: Database.Database, private readonly now: () => Date) {}

  /** The key that signs new tokens; created on first use. */
  active(): SigningKey {
    const row = this.db.prepare('SELECT * FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1').get() as Row | undefined;
    return row ? toKey(row) : this.rotate(0);
  }

  /** Keys that may verify a token now (the active one and retired ones still in their grace period). */
  verifying(): SigningKey[] {
    const at = this.now().toISOString();
    return (this.db.prepare('SELECT * FROM signing_keys WHERE verify_until IS NULL OR verify_until > ? ORDER BY created_at DESC').all(at) as Row[]).map(toKey);
  }

  /**
   * Makes a new active key. The previous active key is retired but keeps verifying for
   * `graceSeconds` (the token lifetime), so tokens it signed stay valid until they expire.
   * Keys past their grace period are deleted.
   */
  rotate(graceSeconds: number): SigningKey {
    const now = this.now();
    const at = now.toISOString();
    const until = new Date(now.getTime() + graceSeconds * 1000).toISOString();
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const kid = `key_${randomBytes(8).toString('hex')}`;
    this.db.transaction(() => {
      this.db.prepare('UPDATE signing_keys SET retired_at = ?, verify_until = ? WHERE retired_at IS NULL').run(at, until);
      this.db.prepare('DELETE FROM signing_keys WHERE verify_until IS NOT NULL AND verify_until <= ?').run(at);
      this.db
        .prepare('INSERT INTO signing_keys (kid, alg, private_pem, public_pem, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(kid, 'EdDSA', privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, publicKey.export({ type: 'spki', format: 'pem' }) as string, at);
    })();
    return this.active();
  }
}
