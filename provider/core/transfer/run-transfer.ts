import { pipeline } from "node:stream/promises";
import { abortReason, onAbort } from "../deadline";
import type { TextSink, TextSource } from "./endpoints";
import { RowCounter } from "./row-counter";

/**
 * Streams the source's bytes into the sink. The first failure anywhere (either database,
 * a stream, or the signal) kills both connections at once and rejects: nothing waits on
 * a socket that may never answer, so a killed server or an abort cannot hang the process.
 */
export async function runTransfer(
  source: TextSource,
  sink: TextSink,
  signal: AbortSignal,
  onProgress?: (rowsSoFar: number) => void,
): Promise<number> {
  let rejectFailed!: (error: unknown) => void;
  const failed = new Promise<never>((_, reject) => (rejectFailed = reject));
  failed.catch(() => undefined);
  const fail = (error: unknown): void => {
    rejectFailed(error);
    source.destroy();
    sink.destroy();
  };
  const abort = (): void => fail(abortReason(signal, new Error("the transfer was aborted")));
  onAbort(signal, abort);
  sink.finished.catch(fail);

  const counter = new RowCounter(onProgress);
  const streamed = pipeline(source.stream, counter, sink.input);
  streamed.catch(fail);
  try {
    await Promise.race([streamed, failed]);
    const rowCount = await Promise.race([sink.finished, failed]);
    await Promise.race([Promise.all([source.close(), sink.close()]), failed]);
    onProgress?.(rowCount);
    return rowCount;
  } catch (error) {
    source.destroy();
    sink.destroy();
    throw error;
  } finally {
    signal.removeEventListener("abort", abort);
  }
}
