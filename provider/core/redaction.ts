const REDACTED = "[secret]";

/** Lines of a PEM body shorter than this are not secret material (headers, a short last line). */
const MINIMUM_PEM_LINE = 16;

/**
 * The pieces of a structured secret that a driver error could quote on their own: each
 * line of a PEM key, and the key fields of a service-account JSON key file.
 */
function innerSecrets(text: string): string[] {
  const pieces: string[] = [];
  if (text.includes("-----BEGIN")) {
    pieces.push(
      ...text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line.length >= MINIMUM_PEM_LINE && !line.startsWith("-----")),
    );
  }
  if (text.trimStart().startsWith("{")) {
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      for (const key of ["private_key", "private_key_id"]) {
        const value = parsed?.[key];
        if (typeof value === "string" && value.length > 0) pieces.push(value, ...innerSecrets(value));
      }
    } catch {
      // Not JSON: the whole text is already a secret string.
    }
  }
  return pieces;
}

/** Every non-empty string inside a credentials object (and the pieces of structured ones), longest first so overlaps redact fully. */
export function secretStrings(credentials: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === "string" && value.length > 0) found.push(value, ...innerSecrets(value));
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
