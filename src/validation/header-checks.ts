// Checks of the model header: present, fields present and typed, profiles declared and known.

import type { ModelHeader } from '../cim-xml/model.js';
import type { ProfileEntry, ProfileRegistry } from '../profiles/registry.js';
import type { Finding } from './types.js';
import { isLexicallyValid, XSD } from './xsd.js';

/** ISO-8601 UTC timestamp as CGMES writes Model.created. */
const UTC_TIMESTAMP = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|\+00:00)$/;

/** Checks a header; returns the registry entries of the profiles it declares. */
export function checkHeader(h: ModelHeader, file: string, registry: ProfileRegistry, out: Finding[]): ProfileEntry[] {
  const at = { file, line: h.object.line, column: h.object.column };
  const propAt = (local: string): { line: number; column: number } => {
    const p = h.object.properties.find((x) => x.local === local || x.local.endsWith(`.${local}`));
    return p ? { line: p.line, column: p.column } : { line: at.line, column: at.column };
  };
  const missing = (field: string): void => {
    out.push({ severity: 'error', rule: 'header-field-missing', message: `the header has no ${field}`, ...at, property: `md:${field}` });
  };
  if (h.created === undefined) missing('Model.created');
  else if (!UTC_TIMESTAMP.test(h.created.trim())) {
    // A valid xsd:dateTime without a UTC designator is a local time: a warning; anything else an error.
    const local = isLexicallyValid(XSD + 'dateTime', h.created.trim());
    out.push({
      severity: local ? 'warning' : 'error',
      rule: 'header-created',
      message: local
        ? `Model.created '${h.created}' has no UTC designator (expected YYYY-MM-DDThh:mm:ss[.fff]Z)`
        : `Model.created '${h.created}' is not an ISO-8601 UTC timestamp (expected YYYY-MM-DDThh:mm:ss[.fff]Z)`,
      file,
      ...propAt(h.style === 'dcat' ? 'issued' : 'Model.created'),
      property: 'md:Model.created',
      value: h.created,
    });
  }
  if (h.scenarioTime === undefined) missing('Model.scenarioTime');
  else if (!isLexicallyValid(XSD + 'dateTime', h.scenarioTime.trim())) {
    out.push({
      severity: 'error',
      rule: 'header-scenario-time',
      message: `Model.scenarioTime '${h.scenarioTime}' is not an xsd:dateTime`,
      file,
      ...propAt(h.style === 'dcat' ? 'startDate' : 'Model.scenarioTime'),
      property: 'md:Model.scenarioTime',
      value: h.scenarioTime,
    });
  }
  if (h.modelingAuthoritySet === undefined) missing('Model.modelingAuthoritySet');
  if (h.profiles.length === 0) {
    out.push({ severity: 'error', rule: 'header-no-profile', message: 'the header declares no profile (Model.profile); the file cannot be checked against a vocabulary', ...at, property: 'md:Model.profile' });
  }
  const entries: ProfileEntry[] = [];
  const profileProps = h.object.properties.filter((p) => p.local === 'Model.profile' || p.local === 'conformsTo');
  h.profiles.forEach((iri, i) => {
    const r = registry.resolve(iri);
    for (const e of r.entries) if (!entries.includes(e)) entries.push(e);
    const p = profileProps[i];
    for (const unknown of r.unknown) {
      // A warning: the file is still read, and its classes are checked against the vocabularies that define them.
      out.push({
        severity: 'warning',
        rule: 'header-profile-unknown',
        message: `profile IRI '${unknown}' is not in the profile registry: no shapes of it are checked (use --profiles <dir> to add its vocabulary and shapes)`,
        file,
        line: p?.line ?? at.line,
        column: p?.column ?? at.column,
        property: 'md:Model.profile',
        value: unknown,
      });
    }
  });
  return entries;
}
