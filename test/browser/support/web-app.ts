// One CRM server for all browser suites in a mocha run (starting it seeds a whole demo company), stopped by a
// root-level hook; plus the API and sign-in steps the suites share.
import type { Page } from 'playwright-core';
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
