// Query-string access that keeps repeated keys (`?user_id=a&user_id=b`) as arrays, plus the integer parsing that
// list endpoints share. Validation failures are returned, not thrown, so each backend words them its own way.

export class QueryParams {
  private readonly values = new Map<string, string[]>();

  constructor(search: string) {
    for (const [key, value] of new URLSearchParams(search)) {
      const existing = this.values.get(key);
      if (existing) existing.push(value);
      else this.values.set(key, [value]);
    }
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** The first value given for `name`. */
  first(name: string): string | undefined {
    return this.values.get(name)?.[0];
  }

  /** Every value given for `name`, in request order (empty when absent). */
  all(name: string): string[] {
    return [...(this.values.get(name) ?? [])];
  }

  names(): string[] {
    return [...this.values.keys()];
  }
}

export type IntegerParam = { ok: true; value: number } | { ok: false };

/** Parses a decimal integer query value within [min, max]; an absent value gives `fallback`. */
export function integerParam(raw: string | undefined, fallback: number, min: number, max: number): IntegerParam {
  if (raw === undefined) return { ok: true, value: fallback };
  if (!/^-?\d+$/.test(raw.trim())) return { ok: false };
  const value = Number(raw.trim());
  if (!Number.isSafeInteger(value) || value < min || value > max) return { ok: false };
  return { ok: true, value };
}
