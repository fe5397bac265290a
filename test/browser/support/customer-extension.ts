// Suites that change the admin's fields of `customer` on the shared server: what was there before (to put it back)
// and the customer with the highest credit limit (a record to try formulas and rules on).
import { api } from './web-app.ts';

export interface CustomerFixture {
  richest: { id: string; name: string; credit_limit: number };
  /** Puts the admin's customer extension back as it was (or removes one the suite created). */
  restore(): Promise<void>;
}

export async function customerFixture(url: string, admin: string): Promise<CustomerFixture> {
  const own = async () => (await api(url, admin, 'GET', '/api/admin/extensions')).data.find((d: { extends: string }) => d.extends === 'customer');
  const previous = await own();
  const limited = encodeURIComponent(JSON.stringify({ '!': { missing: ['credit_limit'] } }));
  const richest = (await api(url, admin, 'GET', `/api/records/customer?limit=1&sort=-credit_limit&fields=id,name,credit_limit&filter=${limited}`)).data[0];
  return {
    richest,
    async restore() {
      if (previous) await api(url, admin, 'PUT', '/api/admin/extensions/customer', previous);
      else if (await own()) await api(url, admin, 'DELETE', '/api/admin/extensions/customer');
    },
  };
}
