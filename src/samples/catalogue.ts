// Electrical data for generated GB distribution plant: voltage classes with statutory limits,
// conductor and cable types per voltage, and transformer families. Values are typical published
// figures for GB 132/33/11 kV networks, rounded; they are plausible, not any DNO's real data.

/** A nominal voltage used in the generated network. */
export interface VoltageClass {
  kv: number;
  /** "132kV" as DNOs write it in names. */
  label: string;
  /** Statutory upper / lower limits in kV (ESQCR: ±10 % at 132 kV, ±6 % at 33 and 11 kV). */
  high: number;
  low: number;
}

export const KV132: VoltageClass = { kv: 132, label: '132kV', high: 145.2, low: 118.8 };
export const KV33: VoltageClass = { kv: 33, label: '33kV', high: 34.98, low: 31.02 };
export const KV11: VoltageClass = { kv: 11, label: '11kV', high: 11.66, low: 10.34 };

/** Every voltage class, in the order their BaseVoltages are written. */
export const VOLTAGE_CLASSES: readonly VoltageClass[] = [KV132, KV33, KV11];

/** Per-km sequence data of one conductor or cable type; susceptances in S/km, ratings in A. */
export interface ConductorType {
  name: string;
  overhead: boolean;
  r: number;
  x: number;
  bch: number;
  r0: number;
  x0: number;
  b0ch: number;
  /** Continuous (PATL) rating; the short-term rating is derived from it. */
  amps: number;
  /** Short-circuit end temperature (°C) used by IEC 60909 calculations. */
  scEndTemp: number;
}

const ohl = (name: string, r: number, x: number, bchMicro: number, r0: number, x0: number, amps: number): ConductorType => ({
  name, overhead: true, r, x, bch: bchMicro * 1e-6, r0, x0, b0ch: bchMicro * 0.6e-6, amps, scEndTemp: 200,
});
const cable = (name: string, r: number, x: number, bchMicro: number, r0: number, x0: number, amps: number): ConductorType => ({
  name, overhead: false, r, x, bch: bchMicro * 1e-6, r0, x0, b0ch: bchMicro * 1e-6, amps, scEndTemp: 250,
});

/** 132 kV overhead lines (ACSR / AAAC on steel towers). */
export const LINES_132: readonly ConductorType[] = [
  ohl('175mm2 ACSR Lynx', 0.142, 0.395, 2.85, 0.36, 1.15, 580),
  ohl('300mm2 AAAC Upas', 0.097, 0.385, 2.95, 0.31, 1.12, 840),
  ohl('400mm2 ACSR Zebra', 0.068, 0.37, 3.05, 0.28, 1.08, 1020),
];

/** 33 kV wood-pole lines and underground cables. */
export const LINES_33: readonly ConductorType[] = [
  ohl('100mm2 ACSR Dog', 0.27, 0.36, 3.2, 0.42, 1.3, 370),
  ohl('200mm2 AAAC Poplar', 0.18, 0.35, 3.3, 0.33, 1.25, 465),
  cable('300mm2 Al XLPE', 0.13, 0.11, 75, 0.55, 0.09, 470),
  cable('185mm2 Cu PICAS', 0.128, 0.1, 65, 0.6, 0.08, 360),
];

/** 11 kV underground cables (Waveform / Triplex). */
export const LINES_11: readonly ConductorType[] = [
  cable('185mm2 Al Waveform', 0.164, 0.074, 97, 0.7, 0.05, 315),
  cable('300mm2 Al Triplex', 0.1, 0.071, 120, 0.55, 0.048, 395),
  cable('95mm2 Al Waveform', 0.32, 0.082, 75, 1.1, 0.06, 215),
];

/** A transformer family: ratings on offer, impedance and tap range. */
export interface TransformerFamily {
  hv: VoltageClass;
  lv: VoltageClass;
  /** Continuous ratings in MVA a site may have. */
  ratings: readonly number[];
  /** Positive-sequence impedance range, % on rating. */
  zPct: readonly [number, number];
  /** X/R range. */
  xr: readonly [number, number];
  /** HV winding star (earthed) and LV delta, or the reverse. */
  hvStar: boolean;
  /** Clock number of the LV winding (YNd1 → 1, Dyn11 → 11). */
  clock: number;
  /** OLTC: positions 1..steps, neutral position and % per step. */
  tapSteps: number;
  tapNeutral: number;
  tapStepPct: number;
}

/** 132/33 kV grid transformers at BSPs: YNd1, +10 %/−20 % in 1.67 % steps. */
export const GRID_TX: TransformerFamily = {
  hv: KV132, lv: KV33, ratings: [45, 60, 90], zPct: [18, 24], xr: [25, 45], hvStar: true, clock: 1,
  tapSteps: 19, tapNeutral: 13, tapStepPct: 1.67,
};

/** 33/11 kV primary transformers: Dyn11, +5.72 %/−17.16 % in 1.43 % steps. */
export const PRIMARY_TX: TransformerFamily = {
  hv: KV33, lv: KV11, ratings: [7.5, 10, 12, 15, 20, 24, 30], zPct: [9, 16], xr: [10, 25], hvStar: false, clock: 11,
  tapSteps: 17, tapNeutral: 13, tapStepPct: 1.43,
};

/** Switchgear continuous ratings (A) by duty. */
export const SWITCH_AMPS = {
  132: { line: 1250, transformer: 1250, coupler: 2000 },
  33: { line: 800, transformer: 1250, coupler: 2000 },
  11: { line: 630, transformer: 2000, coupler: 2000 },
} as const;
