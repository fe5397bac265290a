// A customer's price terms for one template, read as records under the caller's own permission scope: a contracted
// unit price for this exact model code wins; otherwise the customer's discount on the series, if any.
import { validationFailed, type RequestContext } from '../core/index.ts';
import { listRecords } from '../data/index.ts';
import { Money } from './money.ts';
import type { CustomerTerms } from './price-configuration.ts';

export const TERM_ENTITY = 'configurator_term';
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loadCustomerTerms(ctx: RequestContext, customer: unknown, template: string, modelCode: string): Promise<CustomerTerms> {
  if (customer === undefined || customer === null) return {};
  if (typeof customer !== 'string' || !ID.test(customer)) throw validationFailed([{ path: '/customer', message: 'must be a customer record id' }]);
  const filter = JSON.stringify({ and: [{ '==': [{ var: 'customer' }, customer] }, { '==': [{ var: 'template' }, template] }] });
  const { data } = await listRecords(ctx, TERM_ENTITY, { filter, fields: 'discount_percent,model_code,contract_price', sort: 'created_at', limit: '500' });
  const contract = data.find((r) => r.model_code === modelCode && r.contract_price !== null && r.contract_price !== undefined);
  if (contract) return { contractPrice: new Money(String(contract.contract_price)) };
  const discount = data.find((r) => (r.model_code ?? null) === null && r.discount_percent !== null && r.discount_percent !== undefined);
  return discount ? { discountPercent: new Money(String(discount.discount_percent)) } : {};
}
