// What the host's plugins share: options, the catalog, the zip cache, the store and the auth guard.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../store/index.js';
import type { Catalog } from './ltds/catalog.js';
import type { PublishedZips } from './ltds/zips.js';

/** A request hook that lets the request through or throws a 401/403. */
export type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** Mount points of the APIs (each configurable for deployments behind a reverse proxy). */
export interface Prefixes {
  gridModelling: string;
  heatmap: string;
  dar: string;
  tariff: string;
}

export interface ServerContext {
  outDir: string;
  catalog: Catalog;
  zips: PublishedZips;
  store: Store;
  prefixes: Prefixes;
  /** Guard for the publications (LTDS, heatmap, static): open by default, bearer when `requireToken`. */
  publicationGuard: Guard | undefined;
  /** Makes a guard that needs a valid bearer token and, when given, one of `roles`. */
  bearer: (roles?: readonly string[]) => Guard;
}
