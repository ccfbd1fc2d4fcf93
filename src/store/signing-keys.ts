// JWT signing keys (Ed25519) with rotation: one active key signs; a retired key still verifies
// until every token it signed has expired, then it is dropped. Rotation is one transaction, so two
// hosts rotating at once leave exactly one active key and every retired one in its grace period.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { StoreCore } from './core.js';
import type { SigningKeysTable } from './tables.js';

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

type Row = Selectable<SigningKeysTable>;

const toKey = (r: Row): SigningKey => ({ kid: r.kid, alg: r.alg, privatePem: r.private_pem, publicPem: r.public_pem, createdAt: r.created_at, retiredAt: r.retired_at, verifyUntil: r.verify_until });

function newKeyRow(at: string): Row {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    kid: `key_${randomBytes(8).toString('hex')}`,
    alg: 'EdDSA',
    private_pem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    public_pem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    created_at: at,
    retired_at: null,
    verify_until: null,
  };
}

export class SigningKeyStore {
  constructor(private readonly store: StoreCore) {}

  /** The key that signs new tokens; created on first use (once, however many hosts ask at once). */
  async active(): Promise<SigningKey> {
    const row = await this.store.db.selectFrom('signing_keys').selectAll().where('retired_at', 'is', null).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
    if (row) return toKey(row);
    const fresh = newKeyRow(this.store.now().toISOString());
    return this.store.transaction(async (trx) => {
      const other = await trx.selectFrom('signing_keys').selectAll().where('retired_at', 'is', null).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
      if (other) return toKey(other);
      await trx.insertInto('signing_keys').values(fresh).execute();
      return toKey(fresh);
    });
  }

  /** Keys that may verify a token now (the active one and retired ones still in their grace period). */
  async verifying(): Promise<SigningKey[]> {
    const at = this.store.now().toISOString();
    const rows = await this.store.db
      .selectFrom('signing_keys')
      .selectAll()
      .where((eb) => eb.or([eb('verify_until', 'is', null), eb('verify_until', '>', at)]))
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(toKey);
  }

  /**
   * Makes a new active key. The previous active key is retired but keeps verifying for
   * `graceSeconds` (the token lifetime), so tokens it signed stay valid until they expire.
   * Keys past their grace period are deleted.
   */
  async rotate(graceSeconds: number): Promise<SigningKey> {
    return (await this.rotateWhen(graceSeconds, () => true)) as SigningKey;
  }

  /**
   * Rotates only when the active key is at least `maxAgeMs` old (or there is none). The age is
   * checked inside the rotation's transaction, so hosts whose timers fire together rotate once.
   * Returns the new key, or undefined when the active key was young enough.
   */
  rotateIfOlder(maxAgeMs: number, graceSeconds: number): Promise<SigningKey | undefined> {
    return this.rotateWhen(graceSeconds, (active, now) => !active || now.getTime() - Date.parse(active.created_at) >= maxAgeMs);
  }

  private async rotateWhen(graceSeconds: number, due: (active: Row | undefined, now: Date) => boolean): Promise<SigningKey | undefined> {
    const now = this.store.now();
    const at = now.toISOString();
    const until = new Date(now.getTime() + graceSeconds * 1000).toISOString();
    const fresh = newKeyRow(at);
    return this.store.transaction(async (trx) => {
      const active = await trx.selectFrom('signing_keys').selectAll().where('retired_at', 'is', null).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
      if (!due(active, now)) return undefined;
      await trx.updateTable('signing_keys').set({ retired_at: at, verify_until: until }).where('retired_at', 'is', null).execute();
      await trx.deleteFrom('signing_keys').where('verify_until', 'is not', null).where('verify_until', '<=', at).execute();
      await trx.insertInto('signing_keys').values(fresh).execute();
      return toKey(fresh);
    });
  }
}
