// The price of a configuration in exact decimals: list price = base + adders (fixed, or a percentage of the base);
// then the quantity tier (range: the step reached prices every unit; slab: each unit at the step it falls in); then
// the customer's terms (a contracted unit price for the exact model code replaces list price and tier, otherwise
// the customer's discount applies after the tier). Rounded half-up to 0.01 only at the end.
import type { CompiledTemplate } from './compile-template.ts';
import { Money, toAmount } from './money.ts';
import type { Choices, TemplateTiers } from './template-types.ts';

export interface CustomerTerms {
  discountPercent?: Money;
  contractPrice?: Money;
}

export interface PriceStep {
  step: 'base' | 'option' | 'list_price' | 'quantity' | 'tier' | 'customer_discount' | 'contract_price' | 'total';
  amount: number;
  segment?: string;
  option?: string;
  percent?: number;
  quantity?: number;
}

export interface Price {
  list_price: number;
  unit_price: number;
  total: number;
  breakdown: PriceStep[];
}

export function priceConfiguration(t: CompiledTemplate, choices: Choices, quantity: number, terms: CustomerTerms = {}): Price {
  const base = new Money(t.doc.base_price);
  const breakdown: PriceStep[] = [{ step: 'base', amount: toAmount(base) }];
  let list = base;
  for (const segment of t.doc.segments) {
    const chosen = choices[segment.code];
    for (const code of chosen === undefined ? [] : Array.isArray(chosen) ? chosen : [chosen]) {
      const price = t.segments.get(segment.code)!.options.get(code)!.option.price;
      if (!price) continue;
      const adder = 'add' in price ? new Money(price.add) : base.times(price.percent).dividedBy(100);
      if (adder.isZero()) continue;
      list = list.plus(adder);
      breakdown.push({ step: 'option', segment: segment.code, option: code, amount: toAmount(adder), ...('percent' in price ? { percent: Number(price.percent) } : {}) });
    }
  }
  breakdown.push({ step: 'list_price', amount: toAmount(list) });
  const gross = list.times(quantity);
  breakdown.push({ step: 'quantity', quantity, amount: toAmount(gross) });
  let total: Money;
  if (terms.contractPrice) {
    total = terms.contractPrice.times(quantity);
    breakdown.push({ step: 'contract_price', amount: toAmount(terms.contractPrice), quantity });
  } else {
    total = tiered(list, quantity, t.doc.tiers);
    if (!total.equals(gross)) breakdown.push({ step: 'tier', amount: toAmount(total.minus(gross)) });
    if (terms.discountPercent && !terms.discountPercent.isZero()) {
      const discount = total.times(terms.discountPercent).dividedBy(100);
      breakdown.push({ step: 'customer_discount', percent: terms.discountPercent.toNumber(), amount: toAmount(discount.negated()) });
      total = total.minus(discount);
    }
  }
  breakdown.push({ step: 'total', amount: toAmount(total) });
  return { list_price: toAmount(list), unit_price: toAmount(new Money(toAmount(total)).dividedBy(quantity)), total: toAmount(total), breakdown };
}

/** Units below the first step pay the list price. */
function tiered(list: Money, quantity: number, tiers: TemplateTiers | undefined): Money {
  if (!tiers) return list.times(quantity);
  const off = (percent: string | number) => list.times(new Money(100).minus(percent)).dividedBy(100);
  if (tiers.mode === 'range') {
    const reached = [...tiers.steps].reverse().find((s) => s.min <= quantity);
    return (reached ? off(reached.percent) : list).times(quantity);
  }
  let total = list.times(Math.max(0, Math.min(quantity, tiers.steps[0]!.min - 1)));
  tiers.steps.forEach((step, i) => {
    const last = i + 1 < tiers.steps.length ? tiers.steps[i + 1]!.min - 1 : quantity;
    const units = Math.max(0, Math.min(quantity, last) - step.min + 1);
    total = total.plus(off(step.percent).times(units));
  });
  return total;
}
