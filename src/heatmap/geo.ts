// Coordinates for the heatmap: Ordnance Survey National Grid (OSGB36, EPSG:27700) eastings and
// northings to WGS84 latitude/longitude, and the outline drawn around a licence area's substations.
//
// The grid conversion follows the Ordnance Survey's published method ("A guide to coordinate
// systems in Great Britain"): the inverse transverse Mercator projection on the Airy 1830
// ellipsoid (National Grid parameters), then a seven-parameter Helmert transformation
// (OSGB36 → WGS84) through geocentric Cartesian coordinates. The Helmert step is good to about
// 5 m across Great Britain (the OS's own statement); OSTN15 would be needed for better.

const DEG = Math.PI / 180;

interface Ellipsoid {
  a: number;
  b: number;
}

const AIRY_1830: Ellipsoid = { a: 6377563.396, b: 6356256.909 };
const WGS84: Ellipsoid = { a: 6378137, b: 6356752.314245 };

/** National Grid projection constants (OS guide, Annex A). */
const NG = { f0: 0.9996012717, lat0: 49 * DEG, lon0: -2 * DEG, e0: 400000, n0: -100000 };

/** OSGB36 → WGS84 Helmert parameters (the published WGS84 → OSGB36 set with signs reversed). */
const HELMERT = { tx: 446.448, ty: -125.157, tz: 542.06, s: -20.4894e-6, rx: 0.1502, ry: 0.247, rz: 0.8421 };

/** Latitude and longitude in decimal degrees. */
export interface LatLon {
  lat: number;
  lon: number;
}

/** Meridional arc M from the true origin's latitude to `lat` (OS guide, formula C3). */
function meridionalArc(lat: number): number {
  const { a, b } = AIRY_1830;
  const n = (a - b) / (a + b);
  const n2 = n * n;
  const n3 = n2 * n;
  const d = lat - NG.lat0;
  const s = lat + NG.lat0;
  return (
    b *
    NG.f0 *
    ((1 + n + 1.25 * n2 + 1.25 * n3) * d -
      (3 * n + 3 * n2 + (21 / 8) * n3) * Math.sin(d) * Math.cos(s) +
      ((15 / 8) * n2 + (15 / 8) * n3) * Math.sin(2 * d) * Math.cos(2 * s) -
      (35 / 24) * n3 * Math.sin(3 * d) * Math.cos(3 * s))
  );
}

/** National Grid easting/northing (m) → latitude/longitude on the OSGB36 datum (Airy 1830). */
export function gridToOsgb36(easting: number, northing: number): LatLon {
  const { a, b } = AIRY_1830;
  const e2 = 1 - (b * b) / (a * a);
  let lat = (northing - NG.n0) / (a * NG.f0) + NG.lat0;
  let m = meridionalArc(lat);
  // Iterate until N − N0 − M is below 0.01 mm.
  for (let i = 0; i < 20 && Math.abs(northing - NG.n0 - m) >= 1e-5; i++) {
    lat += (northing - NG.n0 - m) / (a * NG.f0);
    m = meridionalArc(lat);
  }
  const sin = Math.sin(lat);
  const cos = Math.cos(lat);
  const tan = Math.tan(lat);
  const nu = (a * NG.f0) / Math.sqrt(1 - e2 * sin * sin);
  const rho = (a * NG.f0 * (1 - e2)) / Math.pow(1 - e2 * sin * sin, 1.5);
  const eta2 = nu / rho - 1;
  const t2 = tan * tan;
  const t4 = t2 * t2;
  const t6 = t4 * t2;
  const sec = 1 / cos;
  const vii = tan / (2 * rho * nu);
  const viii = (tan / (24 * rho * nu ** 3)) * (5 + 3 * t2 + eta2 - 9 * t2 * eta2);
  const ix = (tan / (720 * rho * nu ** 5)) * (61 + 90 * t2 + 45 * t4);
  const x = sec / nu;
  const xi = (sec / (6 * nu ** 3)) * (nu / rho + 2 * t2);
  const xii = (sec / (120 * nu ** 5)) * (5 + 28 * t2 + 24 * t4);
  const xiia = (sec / (5040 * nu ** 7)) * (61 + 662 * t2 + 1320 * t4 + 720 * t6);
  const de = easting - NG.e0;
  const outLat = lat - vii * de ** 2 + viii * de ** 4 - ix * de ** 6;
  const outLon = NG.lon0 + x * de - xi * de ** 3 + xii * de ** 5 - xiia * de ** 7;
  return { lat: outLat / DEG, lon: outLon / DEG };
}

/** Geodetic → geocentric Cartesian (height 0). */
function toCartesian(p: LatLon, el: Ellipsoid): [number, number, number] {
  const e2 = 1 - (el.b * el.b) / (el.a * el.a);
  const lat = p.lat * DEG;
  const lon = p.lon * DEG;
  const nu = el.a / Math.sqrt(1 - e2 * Math.sin(lat) ** 2);
  return [nu * Math.cos(lat) * Math.cos(lon), nu * Math.cos(lat) * Math.sin(lon), (1 - e2) * nu * Math.sin(lat)];
}

/** Geocentric Cartesian → geodetic (iterative, to well below a millimetre). */
function fromCartesian([x, y, z]: [number, number, number], el: Ellipsoid): LatLon {
  const e2 = 1 - (el.b * el.b) / (el.a * el.a);
  const p = Math.hypot(x, y);
  let lat = Math.atan2(z, p * (1 - e2));
  for (let i = 0; i < 10; i++) {
    const nu = el.a / Math.sqrt(1 - e2 * Math.sin(lat) ** 2);
    const next = Math.atan2(z + e2 * nu * Math.sin(lat), p);
    if (Math.abs(next - lat) < 1e-12) {
      lat = next;
      break;
    }
    lat = next;
  }
  return { lat: lat / DEG, lon: Math.atan2(y, x) / DEG };
}

/** Seven-parameter Helmert transformation (position vector convention, small-angle form). */
function helmert([x, y, z]: [number, number, number]): [number, number, number] {
  const h = HELMERT;
  const sec = DEG / 3600;
  const rx = h.rx * sec;
  const ry = h.ry * sec;
  const rz = h.rz * sec;
  const s1 = 1 + h.s;
  return [h.tx + s1 * x - rz * y + ry * z, h.ty + rz * x + s1 * y - rx * z, h.tz - ry * x + rx * y + s1 * z];
}

/** OSGB36 latitude/longitude (Airy 1830) → WGS84 latitude/longitude. */
export function osgb36ToWgs84(p: LatLon): LatLon {
  return fromCartesian(helmert(toCartesian(p, AIRY_1830)), WGS84);
}

/** National Grid easting/northing (EPSG:27700, metres) → WGS84 latitude/longitude (degrees). */
export function gridToWgs84(easting: number, northing: number): LatLon {
  return osgb36ToWgs84(gridToOsgb36(easting, northing));
}

/** Great-circle distance in metres (mean Earth radius), for tests and sanity checks. */
export function distanceMetres(a: LatLon, b: LatLon): number {
  const dLat = (b.lat - a.lat) * DEG;
  const dLon = (b.lon - a.lon) * DEG;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * DEG) * Math.cos(b.lat * DEG) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}

/** The coordinate reference systems a GL file may declare, as the heatmap reads them. */
export type CrsKind = 'lonlat' | 'osgb';

/**
 * Classifies a `CoordinateSystem.crsUrn`: EPSG:4326 (WGS84), EPSG:4258 (ETRS89, within a metre of
 * WGS84 in GB) and OGC CRS84 are longitude/latitude (CIM puts longitude in xPosition); EPSG:27700
 * is the National Grid (xPosition easting, yPosition northing). Anything else is `undefined`.
 */
export function crsKind(urn: string): CrsKind | undefined {
  const u = urn.trim().toUpperCase();
  if (/EPSG(::?|\/0\/|:)27700$/.test(u) || /\/27700$/.test(u)) return 'osgb';
  if (/EPSG(::?|\/0\/|:)(4326|4258|4979|4937)$/.test(u) || /CRS:?84$/.test(u) || /\/(4326|4258)$/.test(u)) return 'lonlat';
  return undefined;
}

/** A point on a plane (x east, y north). */
export interface Point {
  x: number;
  y: number;
}

/**
 * The convex hull of the points (Andrew's monotone chain), counter-clockwise, without repeating the
 * first point. Fewer than three distinct points give those points back.
 */
export function convexHull(points: readonly Point[]): Point[] {
  const ps = [...points].sort((p, q) => p.x - q.x || p.y - q.y);
  const uniq: Point[] = [];
  for (const p of ps) {
    const last = uniq[uniq.length - 1];
    if (last === undefined || last.x !== p.x || last.y !== p.y) uniq.push(p);
  }
  if (uniq.length < 3) return uniq;
  const cross = (o: Point, a: Point, b: Point): number => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  const lower: Point[] = [];
  for (const p of uniq) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = uniq.length - 1; i >= 0; i--) {
    const p = uniq[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}
