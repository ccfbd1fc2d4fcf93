// Inverting a Difference Model: forward and reverse swap; the inverse supersedes the model the
// original produces (named by the original's id) and takes the base back.

import type { CimModel, CimObject } from '../cim-xml/model.js';
import { LtdsError } from '../errors/index.js';
import { derivedUuid, differenceHeader } from './compute.js';

/** The inverse of a Difference Model. */
export function invertDifference(diff: CimModel, options: { id?: string; created?: string } = {}): CimModel {
  const h = diff.header;
  if (h?.kind !== 'DifferenceModel') throw new LtdsError('DIFF_NOT_DIFFERENCE', `the model to invert is not a Difference Model (its header is ${h?.kind ?? 'missing'})`, { kind: h?.kind ?? null });
  const id = options.id ?? derivedUuid(`ltds-invert\u0000${h.id}`);
  const created = options.created ?? h.created ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const header = differenceHeader(id, created, { ...h, id: h.id }, { ...h, dependentOn: h.dependentOn });
  const swapped = (o: CimObject): CimObject => ({
    ...o,
    section: o.section === 'forwardDifferences' ? 'reverseDifferences' : o.section === 'reverseDifferences' ? 'forwardDifferences' : o.section,
  });
  return { header, objects: diff.objects.map(swapped), namespaces: diff.namespaces, ...(diff.base !== undefined ? { base: diff.base } : {}) };
}
