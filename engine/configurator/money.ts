// Exact decimal money: enough digits that no amount a quote can hold is ever rounded before the end.
import { Decimal } from 'decimal.js';

export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Money = InstanceType<typeof Money>;

/** Half-up to 0.01, as a JSON number: the only rounding an answer sees. */
export const toAmount = (value: Money): number => value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toNumber();
