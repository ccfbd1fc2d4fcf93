// Tariff files: JSON in the wire shape, either one tariff object or a bundle `{suppliers, tariffs}`.
// A folder means every `.json` file under it, in name order. Everything is checked before anything is
// returned, so an import is all or nothing: one bad band in one file refuses the whole set.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LtdsError } from '../errors/index.js';
import { checkBundle, type TariffIssue } from './validate-tariff.js';
import type { RtiUser, Supplier, Tariff } from './wire.js';

/** What a set of tariff files holds, with the file each object came from. */
export interface TariffInputs {
  suppliers: Supplier[];
  tariffs: Tariff[];
  users: RtiUser[];
  files: string[];
  /** tariff_id / mpid → the file it came from. */
  source: Map<string, string>;
}

function jsonFiles(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new LtdsError('INPUT_NOT_FOUND', `${path} does not exist`, { path });
  }
  if (!st.isDirectory()) return [path];
  const out: string[] = [];
  for (const e of readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(path, e.name);
    if (e.isDirectory()) out.push(...jsonFiles(p));
    else if (e.isFile() && e.name.endsWith('.json')) out.push(p);
  }
  return out;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new LtdsError('INPUT_UNREADABLE', `${file} could not be read`, { path: file }, {}, err);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new LtdsError('TARIFF_INVALID', `${file} is not JSON: ${(err as Error).message}`, { file, issues: [{ field: '(root)', message: 'not JSON' }] }, { file }, err);
  }
}

/** The issues of many files as one failure naming every file and field. */
export function invalidTariffs(issues: (TariffIssue & { file?: string })[]): LtdsError {
  const shown = issues.slice(0, 20).map((i) => `${i.file === undefined ? '' : `${i.file}: `}${i.field}: ${i.message}`);
  const more = issues.length > 20 ? `; and ${issues.length - 20} more` : '';
  return new LtdsError('TARIFF_INVALID', `${issues.length === 1 ? 'a tariff is' : `${issues.length} problems make the tariffs`} not valid: ${shown.join('; ')}${more}`, { issues });
}

/** Reads and checks tariff files and folders; throws TARIFF_INVALID listing every problem in every file. */
export function readTariffInputs(paths: readonly string[], base = process.cwd()): TariffInputs {
  const files = paths.flatMap(jsonFiles);
  if (files.length === 0) throw new LtdsError('INPUT_NOT_FOUND', `no .json tariff files in ${paths.join(', ')}`, { paths });
  const out: TariffInputs = { suppliers: [], tariffs: [], users: [], files, source: new Map() };
  const issues: (TariffIssue & { file: string })[] = [];
  for (const file of files) {
    const name = relative(base, file) || file;
    const { bundle, issues: found } = checkBundle(readJson(file));
    for (const i of found) issues.push({ ...i, file: name });
    if (found.length > 0) continue;
    bundle.suppliers.forEach((s, i) => {
      const other = out.source.get(`mpid:${s.mpid}`);
      if (other !== undefined) issues.push({ file: name, field: `suppliers[${i}].mpid`, message: `supplier ${s.mpid} is also defined in ${other}` });
      out.source.set(`mpid:${s.mpid}`, name);
      out.suppliers.push(s);
    });
    bundle.tariffs.forEach((t, i) => {
      const other = out.source.get(t.tariff_id);
      if (other !== undefined) issues.push({ file: name, field: `tariffs[${i}].tariff_id`, message: `tariff ${t.tariff_id} is also defined in ${other}` });
      out.source.set(t.tariff_id, name);
      out.tariffs.push(t);
    });
    bundle.users.forEach((u, i) => {
      const other = out.source.get(u.user_id);
      if (other !== undefined) issues.push({ file: name, field: `users[${i}].user_id`, message: `RTI User ${u.user_id} is also defined in ${other}` });
      out.source.set(u.user_id, name);
      out.users.push(u);
    });
  }
  if (issues.length > 0) throw invalidTariffs(issues);
  return out;
}

/** The one tariff a file holds (a tariff object, or a bundle with exactly one tariff). */
export function readTariffFile(file: string): Tariff {
  const inputs = readTariffInputs([file]);
  if (inputs.tariffs.length !== 1) {
    throw new LtdsError('TARIFF_INVALID', `${file} holds ${inputs.tariffs.length} tariffs; give a file with exactly one, or a tariff id`, { file, tariffs: inputs.tariffs.length }, { file });
  }
  return inputs.tariffs[0]!;
}
