// Coordinates for generated substations: a licence-area centre in GB and points scattered around it,
// kept inside the GB bounding box and within a fixed radius of the centre (WGS84 degrees).

import type { Prng } from './prng.js';

/** A WGS84 position in decimal degrees. */
export interface LonLat {
  lon: number;
  lat: number;
}

/** The GB box the generated coordinates stay in. */
export const GB_BOX = { minLon: -5.5, maxLon: 1.7, minLat: 50.0, maxLat: 57.5 } as const;

/** How far (km) any generated point may lie from its area centre. */
export const AREA_RADIUS_KM = 100;

const KM_PER_DEG_LAT = 111.32;

// Inland centres, so that an area (GSPs within ~45 km, their children a further ~30 km) stays
// mostly on land rather than only inside the GB box.
const CENTRES: readonly LonLat[] = [
  { lon: -1.25, lat: 52.85 }, // East Midlands
  { lon: -2.0, lat: 52.45 }, // West Midlands
  { lon: -1.55, lat: 53.7 }, // West and South Yorkshire
  { lon: -2.35, lat: 53.1 }, // Cheshire and Staffordshire
  { lon: -1.05, lat: 51.65 }, // Thames Valley
  { lon: -0.65, lat: 52.2 }, // Northamptonshire and Bedfordshire
  { lon: -1.75, lat: 51.25 }, // Wiltshire and Hampshire
  { lon: -2.55, lat: 52.05 }, // Herefordshire and Worcestershire
];

/** A centre for the area. */
export function areaCentre(rnd: Prng): LonLat {
  return rnd.pick(CENTRES);
}

/** The point `km` away from `from` on a bearing (radians from north), flat-earth (fine below 200 km). */
export function offset(from: LonLat, km: number, bearing: number): LonLat {
  const lat = from.lat + (km * Math.cos(bearing)) / KM_PER_DEG_LAT;
  const lon = from.lon + (km * Math.sin(bearing)) / (KM_PER_DEG_LAT * Math.cos((from.lat * Math.PI) / 180));
  return { lon, lat };
}

/** A point at a random distance in [minKm, maxKm] and random bearing from `from`. */
export function scatter(rnd: Prng, from: LonLat, minKm: number, maxKm: number): LonLat {
  return offset(from, rnd.range(minKm, maxKm), rnd.range(0, 2 * Math.PI));
}

/** Great-circle distance in km. */
export function distanceKm(a: LonLat, b: LonLat): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Pulls a point back within the area radius of the centre, then into the GB box. */
export function confine(p: LonLat, centre: LonLat): LonLat {
  let q = p;
  const d = distanceKm(centre, p);
  if (d > AREA_RADIUS_KM * 0.98) {
    const k = (AREA_RADIUS_KM * 0.98) / d;
    q = { lon: centre.lon + (p.lon - centre.lon) * k, lat: centre.lat + (p.lat - centre.lat) * k };
  }
  return {
    lon: Math.min(GB_BOX.maxLon, Math.max(GB_BOX.minLon, q.lon)),
    lat: Math.min(GB_BOX.maxLat, Math.max(GB_BOX.minLat, q.lat)),
  };
}
