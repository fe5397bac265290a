// Refuses, before any route runs, request bodies and query parameters holding text PostgreSQL cannot store (NUL,
// unpaired surrogates): 422 naming each place, instead of a database error half-way through a write.
import type { RequestHandler } from 'express';
import { unstorableTextDetails, validationFailed } from '../core/index.ts';
import { localeOf } from './request-context.ts';

export const storableInput: RequestHandler = (req, _res, next) => {
  const locale = localeOf(req);
  // Query parameters are named without a leading slash, as in every other query-parameter error.
  const problems = [
    ...unstorableTextDetails(req.query, '', locale).map((d) => ({ ...d, path: d.path!.slice(1) })),
    ...(req.body !== undefined ? unstorableTextDetails(req.body, '', locale) : []),
  ];
  if (problems.length) throw validationFailed(problems, 'The request holds characters that cannot be stored');
  next();
};
