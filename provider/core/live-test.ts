import { withDeadline } from "./deadline";
import { DataplaneError, failureHint, isDataplaneError, type FailureHints, type FailureKind } from "./failures";
import { errorMessage, redact } from "./redaction";

export type LiveTestOutcome<T> = { ok: true; value: T } | { ok: false; kind: FailureKind; message: string };

export interface LiveTestOptions<T> {
  what: string;
  timeoutSeconds: number;
  /** Strings that must never appear in a message (the credentials). */
  secrets: readonly string[];
  classify: (error: unknown) => FailureKind;
  /** The fix each kind suggests in the vendor's own property names (its descriptor's failureHints). */
  hints?: FailureHints;
  work: (signal: AbortSignal) => Promise<T>;
}

/**
 * Runs one live test under our own deadline and turns any failure into a classified,
 * redacted message, ready for a check failure, a warning line or a thrown error.
 */
export async function runLiveTest<T>(options: LiveTestOptions<T>): Promise<LiveTestOutcome<T>> {
  try {
    return { ok: true, value: await withDeadline(options.timeoutSeconds, options.what, options.work) };
  } catch (error) {
    const kind = options.classify(error);
    const detail = isDataplaneError(error) ? error.detail : redact(errorMessage(error), options.secrets);
    // A resource's own fix (a Connection's requirePrivileges) survives the re-wording; core's
    // generic one gives way to the vendor's, which names its properties.
    const own = isDataplaneError(error) && error.kind === kind && error.hint !== failureHint(kind, undefined) ? error.hint : undefined;
    const hint = own ?? failureHint(kind, options.hints);
    return { ok: false, kind, message: redact(new DataplaneError(kind, detail, hint).message, options.secrets) };
  }
}
