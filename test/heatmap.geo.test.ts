// OSGB36 National Grid → WGS84 against the Ordnance Survey's published points, and the outline.

import { describe, expect, it } from 'vitest';
import { convexHull, crsKind, distanceMetres, gridToOsgb36, gridToWgs84 } from '../src/heatmap/index.js';

const dms = (d: number, m: number, s: number): number => d + m / 60 + s / 3600;

describe('National Grid conversion', () => {
  it('reproduces the OS worked example of the inverse projection to 0.0001″ (about 3 mm)', () => {
    // "A guide to coordinate systems in Great Britain", the transverse Mercator worked example:
    // E 651409.903, N 313177.270 ↔ 52°39′27.2531″N, 1°43′4.5177″E on Airy 1830 (OSGB36).
    const p = gridToOsgb36(651409.903, 313177.27);
    expect(Math.abs(p.lat - dms(52, 39, 27.2531)) * 3600).toBeLessThan(1e-4);
    expect(Math.abs(p.lon - dms(1, 43, 4.5177)) * 3600).toBeLessThan(1e-4);
  });

  it('lands within 5 m of the OSTN15 truth at Caister water tower (the Helmert step is good to ~5 m)', () => {
    // OS "Transformations and OSGM15 user guide", Annexe A: ETRS89 52.658007833 N, 1.716073973 E is
    // OSGB36 E 651409.804, N 313177.450 through OSTN15. ETRS89 and WGS84 agree to under a metre in GB.
    const p = gridToWgs84(651409.804, 313177.45);
    const d = distanceMetres(p, { lat: 52.658007833, lon: 1.716073973 });
    expect(d).toBeLessThan(5);
    // ... and it is a real datum shift, not the identity: the OSGB36 coordinates are ~100 m away.
    expect(distanceMetres(gridToOsgb36(651409.804, 313177.45), { lat: 52.658007833, lon: 1.716073973 })).toBeGreaterThan(50);
  });

  it('recognises the coordinate systems GL files declare', () => {
    expect(crsKind('urn:ogc:def:crs:EPSG::27700')).toBe('osgb');
    expect(crsKind('EPSG:27700')).toBe('osgb');
    expect(crsKind('http://www.opengis.net/def/crs/EPSG/0/27700')).toBe('osgb');
    expect(crsKind('urn:ogc:def:crs:EPSG::4326')).toBe('lonlat');
    expect(crsKind('urn:ogc:def:crs:OGC:1.3:CRS84')).toBe('lonlat');
    expect(crsKind('urn:ogc:def:crs:EPSG::3857')).toBeUndefined();
  });
});

describe('outline', () => {
  it('is the convex hull, counter-clockwise, without interior points', () => {
    const hull = convexHull([{ x: 0, y: 0 }, { x: 2, y: 0 }, { x: 1, y: 1 }, { x: 2, y: 2 }, { x: 0, y: 2 }, { x: 1, y: 0 }]);
    expect(hull).toEqual([{ x: 0, y: 0 }, { x: 2, y: 0 }, { x: 2, y: 2 }, { x: 0, y: 2 }]);
    expect(convexHull([{ x: 1, y: 1 }, { x: 1, y: 1 }])).toEqual([{ x: 1, y: 1 }]);
  });
});
