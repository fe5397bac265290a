// One CRM server for all browser suites in a mocha run (starting it seeds a whole demo company), stopped by a
// root-level hook; plus the API and sign-in steps the suites share.
import type { Page } from 'playwright-core';
import { launchBrowser, type BrowserSession } from './browser.ts';
import { startCrmServer, type CrmServer } from './crm-server.ts';

let server: Promise<CrmServer> | undefined;

export function crmServer(): Promise<CrmServer> {
  server ??= startCrmServer();
  return server;
}

// Registered at the root of the run: runs once after every suite, whichever file loaded this module.
after(async function () {
  this.timeout(60_000);
  if (server) await (await server).stop();
});

export const PASSWORD = 'demo1234';

export async function apiLogin(url: string, username: string): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (!r.ok) throw new Error(`login ${username}: ${r.status}`);
  return ((await r.json()) as { token: string }).token;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function api(url: string, token: string, method: string, path: string, body?: unknown): Promise<any> {
  const r = await fetch(url + path, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** The suites share one server: an admin's version of a shipped flow is removed, so the shipped one is in force again. */
export async function restoreShippedFlow(url: string, adminToken: string, flow: string): Promise<void> {
  const flows = (await api(url, adminToken, 'GET', '/api/admin/workflows')).data;
  if (flows.some((f: { name: string; origin: string }) => f.name === flow && f.origin === 'admin')) await api(url, adminToken, 'DELETE', `/api/admin/metadata/workflows/${flow}`);
}

export async function signIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('user-menu').waitFor();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  await page.getByLabel('用户名').waitFor();
}

/** Opens an entity's list from the side menu. */
export async function openMenu(page: Page, label: string): Promise<void> {
  await page.locator('.side-menu').getByRole('menuitem', { name: label, exact: true }).click();
}

/** Picks an option in an antd Select: click, type to narrow, choose. */
export async function chooseOption(page: Page, select: ReturnType<Page['locator']>, text: string): Promise<void> {
  await select.click();
  await page.keyboard.type(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

/**
 * A suite's browser on the shared server, for use inside its describe(): launched in a before hook (signed in as
 * `username` when given, at `width` × `height`), closed in an after hook. Read `url` and `page` inside tests.
 */
export function suiteBrowser(options: { username?: string; width?: number; height?: number } = {}): { readonly url: string; readonly page: Page } {
  let url = '';
  let session: BrowserSession | undefined;
  before(async function () {
    this.timeout(300_000);
    url = (await crmServer()).url;
    session = await launchBrowser(options.width, options.height);
    if (options.username) await signIn(session.page, url, options.username);
  });
  after(async () => session?.close());
  return {
    get url() {
      return url;
    },
    get page() {
      if (!session) throw new Error('the browser is not launched yet (use page inside a test or a later hook)');
      return session.page;
    },
  };
}
