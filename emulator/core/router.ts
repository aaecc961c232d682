// A small method + path-template router (`/v1/organizations/:organizationId/memberships`). Each route is known by
// its key `METHOD template`, the unit in which stats are counted and faults are targeted.

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RouteMatch<Handler> {
  /** `METHOD template`, e.g. `POST /v1/organizations/:organizationId/memberships`. */
  readonly routeKey: string;
  readonly template: string;
  readonly handler: Handler;
  /** Path parameters by name, percent-decoded. */
  readonly params: ReadonlyMap<string, string>;
}

interface Route<Handler> {
  readonly method: HttpMethod;
  readonly template: string;
  readonly segments: readonly string[];
  readonly handler: Handler;
}

function splitPath(path: string): string[] {
  return path.split("/").filter((segment) => segment.length > 0);
}

export function routeKeyOf(method: string, template: string): string {
  return `${method} ${template}`;
}

export class Router<Handler> {
  private readonly routes: Route<Handler>[] = [];

  add(method: HttpMethod, template: string, handler: Handler): this {
    if (this.routes.some((route) => route.method === method && route.template === template)) {
      throw new Error(`route ${routeKeyOf(method, template)} is registered twice`);
    }
    this.routes.push({ method, template, segments: splitPath(template), handler });
    return this;
  }

  /** The route for `method` and `path`, or undefined when none matches. */
  match(method: string, path: string): RouteMatch<Handler> | undefined {
    const segments = splitPath(path);
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== segments.length) continue;
      const params = matchSegments(route.segments, segments);
      if (params) {
        return { routeKey: routeKeyOf(route.method, route.template), template: route.template, handler: route.handler, params };
      }
    }
    return undefined;
  }

  /** Every registered `METHOD template`. */
  routeKeys(): string[] {
    return this.routes.map((route) => routeKeyOf(route.method, route.template));
  }
}

function matchSegments(pattern: readonly string[], actual: readonly string[]): Map<string, string> | undefined {
  const params = new Map<string, string>();
  for (let index = 0; index < pattern.length; index += 1) {
    const expected = pattern[index] ?? "";
    const given = actual[index] ?? "";
    if (expected.startsWith(":")) {
      const decoded = safeDecode(given);
      if (decoded === undefined || decoded.length === 0) return undefined;
      params.set(expected.slice(1), decoded);
    } else if (expected !== given) {
      return undefined;
    }
  }
  return params;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
