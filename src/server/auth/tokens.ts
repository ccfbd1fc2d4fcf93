// Bearer tokens: short-lived JWTs (EdDSA, `kid` in the header, algorithm pinned) signed with the
// store's active key; verification accepts the active key and retired keys in their grace period.

import { createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { SignJWT, errors as joseErrors, exportJWK, jwtVerify, type JWTPayload } from 'jose';
import type { Account, Role, SigningKey, Store } from '../../store/index.js';
import { httpError } from '../errors.js';

export interface TokenOptions {
  /** Token lifetime in seconds (default 7200). */
  ttlSeconds: number;
  issuer: string;
  audience: string;
  /** Clock (tests move it). */
  now: () => Date;
}

/** Who a valid token says the caller is. */
export interface Principal {
  accountId: string;
  role: Role;
  duid: string | null;
  tokenId: string;
}

export class TokenService {
  private keys = new Map<string, KeyObject>();
  /** The active key parsed once (PEM parsing costs more than the signature), by kid. */
  private signer: { kid: string; key: KeyObject } | undefined;

  constructor(private readonly store: Store, readonly options: TokenOptions) {}

  /** Issues a token for an active account. */
  async issue(account: Account): Promise<{ token: string; expires: number }> {
    const key = await this.store.signingKeys.active();
    const iat = Math.floor(this.options.now().getTime() / 1000);
    const token = await new SignJWT({ role: account.role, duid: account.duid })
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
      .setSubject(account.accountId)
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.options.ttlSeconds)
      .setJti(randomBytes(12).toString('hex'))
      .sign(this.signingKey(key.kid, key.privatePem));
    return { token, expires: this.options.ttlSeconds };
  }

  private signingKey(kid: string, pem: string): KeyObject {
    if (this.signer?.kid !== kid) this.signer = { kid, key: createPrivateKey(pem) };
    return this.signer.key;
  }

  private publicKey(kid: string, verifying: SigningKey[]): KeyObject | undefined {
    const cached = this.keys.get(kid);
    if (cached) return cached;
    const key = verifying.find((k) => k.kid === kid);
    if (!key) return undefined;
    const obj = createPublicKey(key.publicPem);
    this.keys.set(kid, obj);
    return obj;
  }

  /** Verifies a token and the account behind it; throws a 401 (AUTH003) naming why it was refused. */
  async verify(token: string): Promise<Principal> {
    const refuse = (why: string) => httpError('HTTP_UNAUTHORIZED', `bearer token refused: ${why}`, { darCode: 'AUTH003', scheme: 'Bearer' });
    let payload: JWTPayload;
    try {
      const keys = await this.store.signingKeys.verifying();
      const verifying = new Set(keys.map((k) => k.kid));
      ({ payload } = await jwtVerify(
        token,
        (header) => {
          const kid = header.kid;
          const key = kid && verifying.has(kid) ? this.publicKey(kid, keys) : undefined;
          if (!key) throw refuse('signed with an unknown or retired key');
          return key;
        },
        { algorithms: ['EdDSA'], issuer: this.options.issuer, audience: this.options.audience, currentDate: this.options.now(), requiredClaims: ['sub', 'exp', 'iat'] },
      ));
    } catch (err) {
      if ((err as { code?: string }).code === 'HTTP_UNAUTHORIZED') throw err;
      if (err instanceof joseErrors.JWTExpired) throw refuse('expired');
      if (err instanceof joseErrors.JWSSignatureVerificationFailed) throw refuse('signature does not verify');
      if (err instanceof joseErrors.JWTClaimValidationFailed) throw refuse(`claim '${err.claim}' is invalid`);
      throw refuse('malformed');
    }
    const account = await this.store.accounts.get(String(payload.sub));
    if (!account) throw refuse('unknown account');
    if (account.status !== 'active') throw httpError('HTTP_UNAUTHORIZED', `account ${account.accountId} is suspended`, { darCode: 'AUTH005', scheme: 'Bearer' });
    return { accountId: account.accountId, role: account.role, duid: account.duid, tokenId: String(payload.jti ?? '') };
  }

  /** Rotates the signing key; the previous key keeps verifying for one token lifetime. */
  async rotate(): Promise<string> {
    return (await this.store.signingKeys.rotate(this.options.ttlSeconds)).kid;
  }

  /** The public keys that verify tokens now, as a JWK Set. */
  async jwks(): Promise<{ keys: Record<string, unknown>[] }> {
    const keys = [];
    for (const k of await this.store.signingKeys.verifying()) keys.push({ ...(await exportJWK(createPublicKey(k.publicPem))), kid: k.kid, alg: 'EdDSA', use: 'sig' });
    return { keys };
  }
}
