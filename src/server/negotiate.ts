// Content negotiation on the Accept header (RFC 9110 §12.5.1): media ranges with q-values.

interface Range {
  type: string;
  subtype: string;
  q: number;
}

function parseAccept(header: string): Range[] {
  return header
    .split(',')
    .map((part) => {
      const [media = '', ...params] = part.trim().split(';');
      const [type = '', subtype = ''] = media.trim().toLowerCase().split('/');
      let q = 1;
      for (const p of params) {
        const [k, v] = p.trim().split('=');
        if (k?.trim() === 'q') q = Number(v);
      }
      return { type, subtype, q: Number.isFinite(q) ? q : 0 };
    })
    .filter((r) => r.type !== '' && r.subtype !== '');
}

function quality(ranges: Range[], candidate: string): number {
  const [type, subtype] = candidate.split('/');
  let best = -1;
  let q = 0;
  for (const r of ranges) {
    const specificity = r.type === type && r.subtype === subtype ? 2 : r.type === type && r.subtype === '*' ? 1 : r.type === '*' && r.subtype === '*' ? 0 : -1;
    if (specificity > best) {
      best = specificity;
      q = r.q;
    }
  }
  return best < 0 ? 0 : q;
}

/**
 * The candidate the client prefers (ties go to the earlier candidate), or `undefined` when the
 * client accepts none. Each candidate may list aliases: `[name, ...media types]`.
 */
export function negotiate<T extends string>(accept: string | undefined, candidates: readonly (readonly [T, ...string[]])[]): T | undefined {
  if (!accept || accept.trim() === '') return candidates[0]?.[0];
  const ranges = parseAccept(accept);
  let chosen: T | undefined;
  let bestQ = 0;
  for (const [name, ...types] of candidates) {
    const q = Math.max(...types.map((t) => quality(ranges, t)));
    if (q > bestQ) {
      bestQ = q;
      chosen = name;
    }
  }
  return chosen;
}
