// JSON request bodies: size-capped, and refusing what JSON allows but a record must never hold
// (prototype keys that could pollute objects downstream, numbers beyond double range such as 1e309).
import express from 'express';
import { badRequest } from '../core/index.ts';

export const BODY_LIMIT = '1mb';
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function reviver(key: string, value: unknown): unknown {
  if (FORBIDDEN_KEYS.has(key)) throw badRequest(`The key "${key}" is not allowed in a request body`, [{ path: `/${key}`, message: 'forbidden key' }]);
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw badRequest(`The number in "${key}" is out of range`, [{ path: key ? `/${key}` : '/', message: 'number out of range' }]);
  }
  return value;
}

export const jsonBody = express.json({ limit: BODY_LIMIT, strict: true, reviver, type: ['application/json', 'application/*+json'] });
