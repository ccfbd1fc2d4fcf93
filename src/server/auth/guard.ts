// The bearer-token hook every protected route uses (the DAR and tariff APIs reuse it): a valid,
// unexpired token of an active account, and one of the route's roles when it names any.

import type { FastifyRequest } from 'fastify';
import type { Guard } from '../context.js';
import { httpError } from '../errors.js';
import type { Principal, TokenService } from './tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the bearer guard: who the token says the caller is. */
    principal?: Principal;
  }
}

/** The token of an `Authorization: Bearer <token>` header (401 AUTH001 when missing or malformed). */
export function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (!header) throw httpError('HTTP_UNAUTHORIZED', 'a bearer token is required (Authorization: Bearer <token>; get one from GET /dar/v1/auth/token)', { darCode: 'AUTH001', scheme: 'Bearer' });
  const m = /^Bearer +([A-Za-z0-9_.~+/-]+=*) *$/i.exec(header);
  if (!m) throw httpError('HTTP_UNAUTHORIZED', 'the Authorization header is not "Bearer <token>"', { darCode: 'AUTH001', scheme: 'Bearer' });
  return m[1]!;
}

/** A guard that needs a valid bearer token and, when `roles` is given, one of those roles. */
export function bearerGuard(tokens: TokenService, roles?: readonly string[]): Guard {
  return async (request) => {
    const principal = await tokens.verify(bearerToken(request));
    if (roles && !roles.includes(principal.role)) {
      throw httpError('HTTP_FORBIDDEN', `role '${principal.role}' may not use this operation (allowed: ${roles.join(', ')})`, { role: principal.role, allowed: [...roles] });
    }
    request.principal = principal;
  };
}
