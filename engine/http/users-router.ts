// User administration beyond plain app_user records (which the records API edits): creating a user with an initial
// password, and when each user last signed in. Both need the users function.
import { Router } from 'express';
import { createUser, lastSignIns, newUserFromBody } from '../access/index.ts';
import { readQueryParamsOrThrow } from '../core/index.ts';
import type { AppState } from './app-state.ts';
import { contextOf } from './request-context.ts';

export function usersRouter(state: AppState): Router {
  const router = Router();
  router.post('/users', async (req, res) => {
    const ctx = contextOf(state, req, res);
    ctx.access.assertFunction('users');
    res.status(201).json(await createUser(ctx, newUserFromBody(req.body, ctx.locale)));
  });
  router.get('/users/last-sign-ins', async (req, res) => {
    const ctx = contextOf(state, req, res);
    ctx.access.assertFunction('users');
    readQueryParamsOrThrow(req.query, [], 'last sign-ins');
    res.json({ data: await lastSignIns(ctx.knex, ctx.tenant) });
  });
  return router;
}
