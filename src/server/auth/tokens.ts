// Bearer tokens: short-lived JWTs (EdDSA, `kid` in the header, algorithm pinned) signed with the
// store's active key; verification accepts the active key and retired keys in their grace period.

import { createHash, createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
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

/** How far a token's `iat` may be ahead of this server's clock (clocks of issuers drift a little). */
export const CLOCK_SKEW_SECONDS = 60;

/** Who a valid token says the caller is. */
export interface Principal {
  accountId: string;
  role: Role;
  duid: string | null;
  tokenId: string;
}

/** Tokens whose signature and claims were verified, kept at most this many (the oldest dropped). */
const VERIFIED_TOKENS = 10_000;
/** The longest a verified token is trusted without checking its key again. */
export const VERIFIED_TOKEN_SECONDS = 60;

/** What a verified token said, and until when that verification holds. */
interface Verified {
  sub: string;
  jti: string;
  /** Epoch ms: the token's `iat` minus the allowed skew (before this the token is not valid). */
  from: number;
  /** Epoch ms: the token's expiry, its key's end of verification or the cache bound, the earliest. */
  until: number;
}

export class TokenService {
  /**
   * Verified tokens by the SHA-256 of the token (the token itself is not kept): a bearer check is
   * one signature verification and two store reads, and the same token comes back on every request.
   * Only the signature and claims are remembered — the account is read on every request, so a
   * suspended account is refused at once. A signing key leaves the store only after every token it
   * signed has expired (rotation keeps it for the token lifetime), so a remembered verification
   * cannot outlive its key; the {@link VERIFIED_TOKEN_SECONDS} bound covers a key removed by hand.
   */
  private verified = new Map<string, Verified>();
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

  /**
   * Verifies a token and the account behind it; throws a 401 (AUTH003) naming why it was refused.
   * Besides signature, issuer, audience and expiry, the lifetime is bounded: a token whose
   * `exp − iat` is longer than this service issues, or whose `iat` is in the future (beyond
   * {@link CLOCK_SKEW_SECONDS}), is refused even when signed with a real key.
   */
  async verify(token: string): Promise<Principal> {
    const refuse = (why: string) => httpError('HTTP_UNAUTHORIZED', `bearer token refused: ${why}`, { darCode: 'AUTH003', scheme: 'Bearer' });
    const nowMs = this.options.now().getTime();
    const digest = createHash('sha256').update(token).digest('base64');
    let claims = this.verified.get(digest);
    if (claims === undefined || nowMs < claims.from || nowMs >= claims.until) {
      if (claims !== undefined) this.verified.delete(digest);
      claims = await this.verifySigned(token, refuse);
      if (this.verified.size >= VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value as string);
      this.verified.set(digest, claims);
    }
    const account = await this.store.accounts.get(claims.sub);
    if (!account) throw refuse('unknown account');
    if (account.status !== 'active') throw httpError('HTTP_UNAUTHORIZED', `account ${account.accountId} is suspended`, { darCode: 'AUTH005', scheme: 'Bearer' });
    return { accountId: account.accountId, role: account.role, duid: account.duid, tokenId: claims.jti };
  }

  /** The signature, issuer, audience, expiry and lifetime checks of {@link verify}. */
  private async verifySigned(token: string, refuse: (why: string) => Error): Promise<Verified> {
    let payload: JWTPayload;
    let keyUntil = Infinity;
    try {
      const keys = await this.store.signingKeys.verifying();
      const verifying = new Set(keys.map((k) => k.kid));
      ({ payload } = await jwtVerify(
        token,
        (header) => {
          const kid = header.kid;
          const key = kid && verifying.has(kid) ? this.publicKey(kid, keys) : undefined;
          if (!key) throw refuse('signed with an unknown or retired key');
          const until = keys.find((k) => k.kid === kid)?.verifyUntil;
          if (until) keyUntil = Date.parse(until);
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
    const iat = Number(payload.iat);
    const nowMs = this.options.now().getTime();
    if (iat > nowMs / 1000 + CLOCK_SKEW_SECONDS) throw refuse("claim 'iat' is in the future");
    if (Number(payload.exp) - iat > this.options.ttlSeconds) throw refuse(`lifetime (exp - iat) is longer than the ${this.options.ttlSeconds} s this service issues`);
    return {
      sub: String(payload.sub),
      jti: String(payload.jti ?? ''),
      from: (iat - CLOCK_SKEW_SECONDS) * 1000,
      until: Math.min(Number(payload.exp) * 1000, keyUntil, nowMs + VERIFIED_TOKEN_SECONDS * 1000),
    };
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
