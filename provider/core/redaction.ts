const REDACTED = "[secret]";

/** Every non-empty string inside a credentials object, longest first so overlaps redact fully. */
export function secretStrings(credentials: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === "string" && value.length > 0) found.push(value);
    else if (value !== null && typeof value === "object") Object.values(value).forEach(visit);
  };
  visit(credentials);
  return [...new Set(found)].sort((left, right) => right.length - left.length);
}

/** Replaces each secret, and its URL-encoded form, wherever it appears in `text`. */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      result = result.split(form).join(REDACTED);
    }
  }
  return result;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
