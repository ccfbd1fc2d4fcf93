// The scan of the test run's server logs (the e2e global teardown runs it over every log): no
// secret key, token or credentials; no DAR access key, webhook secret, email or postcode; no portal
// session or magic-link/ceremony secret; and no
// meter point (MPAN core: 13 digits; MPRN: 6–10 digits) next to a person's name — a name field
// of a log line, or one of the demo names tests use for people. Numbers that are the value of the
// log's own numeric fields (time in ms since 1970 has 13 digits, pid, ms, port) are not meter points.

/** What the scan found: which kind of leak and where (the first characters only). */
export interface LogLeak {
  kind: 'secret' | 'dar' | 'portal' | 'mpxn-with-name';
  /** 1-based line of the text. */
  line: number;
  /** The start of what matched (never the whole secret). */
  sample: string;
}

/** Names the tests use for people (customers); a meter point beside one in a log is a leak. */
export const DEMO_PERSON_NAMES: readonly string[] = ['Jo Bloggs', 'Joe Bloggs', 'Jane Doe', 'John Smith', 'Alex Morgan'];

const SECRET = /sk_[A-Za-z0-9_-]{20,}|eyJ[A-Za-z0-9_-]{10,}\.eyJ|authorization|Basic [A-Za-z0-9+/=]{8,}/i;
// DAR: access keys, webhook signing secrets, emails and UK postcodes (addresses).
const DAR = /ak_[0-9a-f]{24}|whsec_[A-Za-z0-9_-]{20,}|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.-]+|\b[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2}\b/;
// Customer portal: session bearers and the secrets of magic links and passkey ceremonies.
const PORTAL = /pst_[0-9a-f]{48}|[#?&](?:link|ceremony)=[A-Za-z0-9_-]{20,}/;
/** An MPAN core or an MPRN: a run of 6–10 or 13 digits standing alone (not inside a word, an id or a decimal). */
const MPXN = /(?<![\w.])(?:\d{13}|\d{6,10})(?![\w.])/g;
/** A field that holds a person's name (JSON `"key":` or `key=`), as a person record or a verification could carry it. */
const NAME_FIELD = /(?:"|\b)(?:name|full[-_]?name|customer[-_]?name|first[-_]?name|last[-_]?name|given[-_]?name|family[-_]?name|surname|forename|account[-_]?holder|submitted|verified[-_]against)"?\s*[:=]/gi;
/** The log's own numeric fields, whose values are not meter points. */
const OWN_NUMBER = /"(?:time|pid|ms|port|attempt|attempts|status|statusCode|bytes|size|length|elapsed|responseTime)"\s*:\s*$/;
/** How close (characters, same line) a name and a meter point must be to count as together. */
const NEAR = 300;

function positions(re: RegExp, line: string): number[] {
  const out: number[] = [];
  for (const m of line.matchAll(re)) out.push(m.index);
  return out;
}

/** Where a line holds a meter point near a person's name, or undefined. */
export function mpxnNearName(line: string): string | undefined {
  const names = positions(NAME_FIELD, line);
  const lower = line.toLowerCase();
  for (const n of DEMO_PERSON_NAMES) for (let i = lower.indexOf(n.toLowerCase()); i !== -1; i = lower.indexOf(n.toLowerCase(), i + 1)) names.push(i);
  if (names.length === 0) return undefined;
  for (const m of line.matchAll(MPXN)) {
    if (OWN_NUMBER.test(line.slice(Math.max(0, m.index - 40), m.index))) continue;
    if (names.some((p) => Math.abs(p - m.index) <= NEAR)) return m[0];
  }
  return undefined;
}

/** The first leak in a log's text, or undefined when it is clean. */
export function scanLogText(text: string): LogLeak | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const s = SECRET.exec(lines[i]!);
    if (s) return { kind: 'secret', line: i + 1, sample: s[0].slice(0, 12) };
    const d = DAR.exec(lines[i]!);
    if (d) return { kind: 'dar', line: i + 1, sample: d[0].slice(0, 6) };
    const p = PORTAL.exec(lines[i]!);
    if (p) return { kind: 'portal', line: i + 1, sample: p[0].slice(0, 6) };
    const m = mpxnNearName(lines[i]!);
    if (m) return { kind: 'mpxn-with-name', line: i + 1, sample: `${m.slice(0, 4)}…` };
  }
  return undefined;
}

/** The teardown's message for a leak in log file `file`. */
export function leakMessage(file: string, leak: LogLeak): string {
  const what = { secret: 'a secret or token', dar: 'an access key, a webhook secret, an email or a postcode', portal: 'a portal session or a magic-link/passkey-ceremony secret', 'mpxn-with-name': "a meter point (MPAN/MPRN) next to a person's name" }[leak.kind];
  return `a server log of the test run (${file}, line ${leak.line}) holds ${what}: '${leak.sample}…'`;
}
