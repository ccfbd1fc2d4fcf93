// The checks a case must pass before it is packaged (spec cases.md, contracts.md §2): exactly the
// case's file set; each file's declared profile matches its name; Full or Difference Models as the
// case requires; the files agree on modelingAuthoritySet and scenarioTime; every DependentOn link
// resolves within the case; the GB demand date-time and SYSCAP year agree with the case token.

import { caseDateTime, type ResolvedCase } from './naming.js';
import type { CaseFile } from './case-file.js';
import type { CaseRuleId } from '../findings/index.js';
import type { CaseFinding } from './findings.js';
import { profileOfName } from './profiles.js';

/** What the checks compare headers against. */
export interface CaseCheckOptions {
  /** Licence area code. */
  area: string;
  /** The configured modelingAuthoritySet URI; default: any URI naming the area (`…/DEMO`, or `DEMO`). */
  authority?: string;
  /** The case token used in messages. */
  token: string;
}

/** True when a modelingAuthoritySet names the licence area: equal to it, or a URI whose last segment it is. */
export function authorityNamesArea(mas: string, area: string): boolean {
  const last = mas.replace(/[/#]+$/, '').split(/[/#:]/).pop() ?? '';
  return mas === area || last.toUpperCase() === area.toUpperCase();
}

/** Runs every check; returns the findings (errors stop the packaging). */
export function checkCase(resolved: ResolvedCase, files: readonly CaseFile[], o: CaseCheckOptions): CaseFinding[] {
  const out: CaseFinding[] = [];
  const def = resolved.definition;
  const err = (rule: CaseRuleId, message: string, file?: string): void => {
    out.push({ severity: 'error', rule, message, case: o.token, ...(file === undefined ? {} : { file }) });
  };
  const warn = (rule: CaseRuleId, message: string, file?: string): void => {
    out.push({ severity: 'warning', rule, message, case: o.token, ...(file === undefined ? {} : { file }) });
  };

  // The file set, by the names the files have in the case.
  const expected = def.files.map((p) => `${p}.xml`);
  const seen = new Map<string, CaseFile>();
  for (const f of files) {
    if (seen.has(f.name)) err('case-file-duplicate', `two files are named ${f.name} (${seen.get(f.name)?.path} and ${f.path})`, f.path);
    else seen.set(f.name, f);
    if (!expected.includes(f.name)) err('case-file-extra', `${f.name} is not part of the ${def.title} case, which holds exactly ${expected.join(', ')}`, f.path);
  }
  for (const name of expected) if (!seen.has(name)) err('case-file-missing', `${name} is missing: the ${def.title} case holds exactly ${expected.join(', ')}`);

  const kind = def.kind === 'Full' ? 'FullModel' : 'DifferenceModel';
  for (const f of files) {
    const claimed = profileOfName(f.name);
    if (!f.header) {
      err('case-header-missing', `${f.name} has no model header (md:FullModel or dm:DifferenceModel)`, f.path);
      continue;
    }
    if (f.profile === undefined) {
      err('case-profile-unknown', `${f.name} declares no profile the cases use (declared: ${f.header.profiles.join(', ') || 'none'})`, f.path);
    } else if (claimed !== undefined && claimed !== f.profile) {
      err('case-profile-name', `${f.name} is named as ${claimed} but its header declares the ${f.profile} profile (${f.header.profiles.join(', ')})`, f.path);
    } else if (claimed === undefined) {
      err('case-profile-name', `the name ${f.name} does not say which profile it holds (expected <PROFILE>.xml, e.g. ${f.profile}.xml)`, f.path);
    }
    if (f.header.kind !== kind) err('case-model-kind', `${f.name} is a ${f.header.kind}; the ${def.title} case holds ${def.kind} Models (${kind})`, f.path);
  }

  const headed = files.filter((f) => f.header !== undefined);
  // modelingAuthoritySet: the same everywhere, and the licence area's.
  const authorities = new Map<string, string[]>();
  for (const f of headed) {
    const mas = f.header?.modelingAuthoritySet ?? '(none)';
    authorities.set(mas, [...(authorities.get(mas) ?? []), f.name]);
  }
  if (authorities.size > 1) {
    err('case-authority', `the files disagree on modelingAuthoritySet: ${[...authorities].map(([m, n]) => `${n.join(', ')}: ${m}`).join('; ')}`);
  }
  for (const [mas, names] of authorities) {
    const ok = o.authority !== undefined ? mas === o.authority : authorityNamesArea(mas, o.area);
    if (!ok) err('case-authority', `modelingAuthoritySet ${mas} of ${names.join(', ')} is not ${o.authority ?? `the licence area ${o.area} (its code, or a URI ending in /${o.area})`}`);
  }

  // scenarioTime: one instant for the whole case.
  const times = new Map<string, string[]>();
  for (const f of headed) {
    const t = f.header?.scenarioTime ?? '(none)';
    times.set(t, [...(times.get(t) ?? []), f.name]);
  }
  if (times.size > 1) err('case-scenario-time', `the files disagree on scenarioTime: ${[...times].map(([t, n]) => `${n.join(', ')}: ${t}`).join('; ')}`);
  if (resolved.dateTime !== undefined && times.size === 1) {
    const t = [...times.keys()][0]!;
    if (t === '(none)' || caseDateTime(t) !== resolved.dateTime) {
      err('case-date-time', `the case is named for ${resolved.dateTime} but its scenarioTime is ${t}`);
    }
  }

  // DependentOn resolves within the case (EQ may depend on a boundary set outside it).
  const ids = new Map(headed.map((f) => [f.header?.id ?? '', f]));
  for (const f of headed) {
    for (const dep of f.header?.dependentOn ?? []) {
      if (ids.has(dep)) continue;
      if (f.profile === 'EQ') warn('case-dependent-on', `${f.name} depends on model ${dep}, which is not in the case (a boundary set?)`, f.path);
      else err('case-dependent-on', `${f.name} depends on model ${dep}, which is not in the case (models: ${[...ids.keys()].join(', ')})`, f.path);
    }
  }
  const eq = headed.find((f) => f.profile === 'EQ');
  for (const f of headed) {
    if (f === eq || eq === undefined) continue;
    if (!dependsOn(f, eq.header?.id ?? '', ids)) warn('case-dependent-on', `${f.name} does not depend (directly or through other files) on the case's EQ model ${eq.header?.id}`, f.path);
  }

  // SYSCAP year.
  if (def.yearOffset !== undefined) {
    for (const f of files) {
      if (f.profile !== 'SYSCAP') continue;
      const wrong = f.yearOffsets.filter((y) => y !== def.yearOffset);
      if (f.yearOffsets.length === 0) err('case-year-offset', `${f.name} holds no SubstationCapacity records`, f.path);
      else if (wrong.length > 0) err('case-year-offset', `${f.name} holds SubstationCapacity.yearOffset ${wrong.join(', ')}; the ${o.token} case is year offset ${def.yearOffset}`, f.path);
    }
  }
  return out;
}

function dependsOn(f: CaseFile, target: string, ids: ReadonlyMap<string, CaseFile>, seen = new Set<string>()): boolean {
  for (const dep of f.header?.dependentOn ?? []) {
    if (dep === target) return true;
    if (seen.has(dep)) continue;
    seen.add(dep);
    const next = ids.get(dep);
    if (next && dependsOn(next, target, ids, seen)) return true;
  }
  return false;
}
