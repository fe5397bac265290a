// An option's price adder as the user reads it: "+¥1,800.00" or "+5% 基价"; no adder, no text.
import type { TemplateOption } from '../api/configurator-api';
import type { Translate } from '../i18n/i18n-context';

export function adderText(price: NonNullable<TemplateOption['price']>, currency: string, t: Translate): string {
  if ('percent' in price) return Number(price.percent) ? t('cfg.adderPercent', { percent: String(Number(price.percent)) }) : '';
  const amount = Number(price.add);
  return amount ? `+${moneyText(amount, currency)}` : '';
}

/** Money in the template's currency (the configurator's amounts are not always RMB). */
export function moneyText(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('zh-CN', { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}
