// Capacity heatmaps computed in DuckDB: the public surface of the capability.

export { computeHeatmap, datasetMetadata, type ComputeHeatmapOptions, type HeatmapResult, type HeatmapTimings } from './compute.js';
export { writeHeatmap, datasetJson, datasetGeoJson, HEATMAP_FORMATS, type HeatmapFormat, type WrittenFile } from './formats.js';
export { writeHeatmapPage, heatmapPageHtml, type HeatmapPageOptions } from './page.js';
export { DEFAULT_THRESHOLDS, parseThresholds, readThresholdsFile, type Thresholds } from './thresholds.js';
export { gridToWgs84, gridToOsgb36, osgb36ToWgs84, convexHull, crsKind, distanceMetres, type LatLon } from './geo.js';
export { classify, resolveNetwork, type SubstationType } from './topology.js';
export { loadHeatmapInputs } from './load.js';
export { HeatmapDb } from './duck.js';
export { COMPUTE_SQL, YEAR_ROWS_SQL, HEATMAP_FIELDS, computeHeatmapTable, loadTables, type HeatmapTables } from './sql.js';
export { yearKey, yearOffset, type YearKey, type HeatmapDataset, type HeatmapRow, type DatasetMetadata, type HeatmapMetadataInput } from './types.js';
