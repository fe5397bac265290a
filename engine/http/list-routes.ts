// The app's routes as written (method + full pattern), read from the routers' stacks: for log and metric labels
// (the pattern, never the URL with its ids) and for the test that holds the OpenAPI document to the app.
import type { Express } from 'express';

export interface RouteEntry {
  method: string;
  /** Express pattern, e.g. /api/records/:entity/:id */
  path: string;
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  rawPath?: unknown;
  handle?: { stack?: Layer[] };
}

function walk(stack: Layer[], base: string, visit: (route: NonNullable<Layer['route']>, path: string) => void): void {
  for (const layer of stack) {
    if (layer.route) visit(layer.route, base + layer.route.path);
    else if (layer.handle?.stack) walk(layer.handle.stack, base + (typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : ''), visit);
  }
}

export function listRoutes(app: Express): RouteEntry[] {
  const routes: RouteEntry[] = [];
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '', (route, path) => {
    for (const method of Object.keys(route.methods)) if (method !== '_all') routes.push({ method: method.toUpperCase(), path });
  });
  return routes;
}

/** Maps a request to the pattern of the route that answered it; '(unmatched)' for static files and unknown paths. */
export function routePatterns(app: Express): (req: { route?: unknown }) => string {
  let patterns: Map<unknown, string> | undefined;
  return (req) => {
    if (!patterns) {
      // Built on first use: by then every router is mounted.
      const found = new Map<unknown, string>();
      walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '', (route, path) => found.set(route, path));
      patterns = found;
    }
    return (req.route ? patterns.get(req.route) : undefined) ?? '(unmatched)';
  };
}
