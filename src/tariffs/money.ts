// Exact money: a decimal.js constructor of our own (40 significant digits, ties away from zero), so
// no amount is ever a binary float and no other module's Decimal settings leak in. Pounds throughout;
// amounts are rounded to whole pence only where the bill's rounding rules say so.

import { Decimal } from 'decimal.js';

/** The decimal type every tariff amount uses. */
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
/** An exact decimal amount. */
export type Money = Decimal;

/** Zero, shared. */
export const ZERO: Money = new Money(0);

/** A decimal string on the wire: optional minus, digits, optional fraction; no exponent, no float. */
export const DECIMAL_PATTERN = /^-?(0|[1-9]\d*)(\.\d+)?$/;
/** The same without a sign. */
export const UNSIGNED_DECIMAL_PATTERN = /^(0|[1-9]\d*)(\.\d+)?$/;

/** Pounds rounded to whole pence, ties away from zero ("half-up" for positive amounts). */
export function toPence(amount: Money): Money {
  return amount.toDecimalPlaces(2, Money.ROUND_HALF_UP);
}

/** A pence-rounded amount as the wire's decimal string with exactly two places. */
export function formatPounds(amount: Money): string {
  return amount.toFixed(2, Money.ROUND_HALF_UP);
}

/** An exact amount as a plain decimal string (no exponent, trailing zeros dropped). */
export function formatExact(amount: Money): string {
  return amount.toFixed();
}
