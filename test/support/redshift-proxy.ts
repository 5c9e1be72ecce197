import { createServer, connect as connectTcp, type Server, type Socket } from "node:net";
import { createGunzip } from "node:zlib";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import {
  raisingStatement,
  redshiftRefusal,
  s3CopyOf,
  splitStatements,
  upstreamCopy,
  type Refusal,
  type S3Copy,
} from "./redshift-statements";

/**
 * A test-only stand-in for Amazon Redshift: a Postgres-protocol proxy in front of the suite's
 * PostgreSQL that refuses what Redshift refuses (redshift-statements.ts) and serves
 * `COPY … FROM 's3://…'` from an S3 emulator. Server messages pass through untouched (so
 * authentication, backend ids for cancels and transaction state are the server's own); client
 * messages are read one at a time, in order, and a refused statement is rewritten into one that
 * makes the server raise Redshift's error, so the server's transaction state follows as on
 * Redshift (a failed statement aborts the open transaction).
 */
export interface RedshiftProxyOptions {
  upstream: { host: string; port: number };
  /** Where COPY reads `s3://` objects: an S3-compatible endpoint; IAM_ROLE copies use `credentials`. */
  s3: { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
}

export interface RedshiftProxy {
  port: number;
  /** Statements refused so far, with Redshift's message (tests assert the code never sends one). */
  refusals: Array<{ sql: string; message: string }>;
  /** `COPY … FROM 's3://…'` statements served so far, with the objects each read. */
  s3Copies: Array<{ sql: string; keys: string[] }>;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

/** Client messages after startup: a type byte, then a length that counts itself. */
function frame(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, "latin1");
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

function cString(text: string): Buffer {
  return Buffer.concat([Buffer.from(text, "utf8"), Buffer.from([0])]);
}

function readCString(buffer: Buffer, offset: number): [string, number] {
  const end = buffer.indexOf(0, offset);
  return [buffer.toString("utf8", offset, end), end + 1];
}

/** A Parse message with no declared parameter types. */
function parseMessage(name: string, sql: string): Buffer {
  return frame("P", Buffer.concat([cString(name), cString(sql), Buffer.from([0, 0])]));
}

/** A Bind of `statement` into `portal` with no parameters (a rewritten statement takes none). */
function bindWithoutParameters(portal: string, statement: string): Buffer {
  return frame("B", Buffer.concat([cString(portal), cString(statement), Buffer.from([0, 0, 0, 0, 0, 0])]));
}

/** Splits a byte stream into whole messages; `startup` reads the first, untyped one. */
class MessageReader {
  private pending: Buffer = Buffer.alloc(0);
  constructor(private typed: boolean) {}

  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const messages: Buffer[] = [];
    for (;;) {
      const lengthAt = this.typed ? 1 : 0;
      if (this.pending.length < lengthAt + 4) break;
      const total = lengthAt + this.pending.readInt32BE(lengthAt);
      if (this.pending.length < total) break;
      messages.push(this.pending.subarray(0, total));
      this.pending = this.pending.subarray(total);
    }
    return messages;
  }

  /** After the startup message, every message is typed. */
  becomeTyped(): void {
    this.typed = true;
  }
}

/** What one named prepared statement (or portal) stands for after the proxy read it. */
type Prepared = { kind: "plain" } | { kind: "rewritten" } | { kind: "s3Copy"; copy: S3Copy; keys: string[] };

export async function startRedshiftProxy(options: RedshiftProxyOptions): Promise<RedshiftProxy> {
  const refusals: RedshiftProxy["refusals"] = [];
  const s3Copies: RedshiftProxy["s3Copies"] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    serveClient(client, options, { refusals, s3Copies }, sockets);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the Redshift proxy has no port");
  return {
    port: address.port,
    refusals,
    s3Copies,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function s3ClientFor(options: RedshiftProxyOptions, copy: S3Copy): S3Client {
  const credentials =
    copy.accessKeyId && copy.secretAccessKey
      ? { accessKeyId: copy.accessKeyId, secretAccessKey: copy.secretAccessKey, sessionToken: copy.sessionToken }
      : { ...options.s3.credentials };
  return new S3Client({ endpoint: options.s3.endpoint, region: copy.region ?? options.s3.region, forcePathStyle: true, credentials });
}

/** The objects a COPY loads: every key starting with its prefix, as Redshift reads a prefix. */
async function objectKeys(s3: S3Client, copy: S3Copy): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: copy.bucket, Prefix: copy.prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

function serveClient(
  client: Socket,
  options: RedshiftProxyOptions,
  { refusals, s3Copies }: Pick<RedshiftProxy, "refusals" | "s3Copies">,
  sockets: Set<Socket>,
): void {
  const upstream = connectTcp(options.upstream.port, options.upstream.host);
  sockets.add(upstream);
  upstream.on("close", () => {
    sockets.delete(upstream);
    client.destroy();
  });
  client.on("close", () => upstream.destroy());
  client.on("error", () => upstream.destroy());
  upstream.on("error", () => client.destroy());

  /** The server's last ReadyForQuery status: I idle, T in a transaction, E in a failed one. */
  let transactionStatus = "I";
  const serverReader = new MessageReader(true);
  upstream.on("data", (chunk: Buffer) => {
    for (const message of serverReader.push(chunk)) {
      const type = String.fromCharCode(message[0]);
      // CopyInResponse only ever answers the proxy's own COPY FROM STDIN (the client's are refused).
      if (type === "G") continue;
      if (type === "Z") transactionStatus = String.fromCharCode(message[5]);
      client.write(message);
    }
  });

  const statements = new Map<string, Prepared>();
  const portals = new Map<string, Prepared>();
  const clientReader = new MessageReader(false);
  let started = false;
  let queue: Promise<void> = Promise.resolve();

  const refuse = (sql: string, refusal: Refusal): string => {
    refusals.push({ sql, message: refusal.message });
    return raisingStatement(refusal);
  };

  /** What a statement text becomes upstream: itself, a raising statement, or an S3 copy to feed. */
  const judge = async (sql: string, inTransaction: boolean): Promise<{ sql: string; prepared: Prepared }> => {
    const refusal = redshiftRefusal(sql, inTransaction);
    if (refusal) return { sql: refuse(sql, refusal), prepared: { kind: "rewritten" } };
    const copy = s3CopyOf(sql);
    if (!copy) return { sql, prepared: { kind: "plain" } };
    try {
      const keys = await objectKeys(s3ClientFor(options, copy), copy);
      if (keys.length === 0) {
        const message = `The specified S3 prefix '${copy.prefix}' does not exist`;
        return { sql: refuse(sql, { message, code: "XX000" }), prepared: { kind: "rewritten" } };
      }
      s3Copies.push({ sql, keys });
      return { sql: upstreamCopy(copy), prepared: { kind: "s3Copy", copy, keys } };
    } catch (error) {
      const message = `S3ServiceException:${(error as Error).name}: ${(error as Error).message}`;
      return { sql: refuse(sql, { message, code: "XX000" }), prepared: { kind: "rewritten" } };
    }
  };

  /** Streams the objects' bytes to the server as COPY data, gunzipped when the COPY says GZIP. */
  const feed = async (prepared: Extract<Prepared, { kind: "s3Copy" }>): Promise<void> => {
    const s3 = s3ClientFor(options, prepared.copy);
    try {
      for (const key of prepared.keys) {
        const object = await s3.send(new GetObjectCommand({ Bucket: prepared.copy.bucket, Key: key }));
        const body = object.Body as NodeJS.ReadableStream;
        const bytes = prepared.copy.gzip ? body.pipe(createGunzip()) : body;
        for await (const chunk of bytes as AsyncIterable<Buffer>) {
          if (!upstream.write(frame("d", chunk))) await new Promise((resolve) => upstream.once("drain", resolve));
        }
      }
      upstream.write(frame("c", Buffer.alloc(0)));
    } catch (error) {
      upstream.write(frame("f", cString(`S3ServiceException: ${(error as Error).message}`)));
    }
  };

  const handle = async (message: Buffer): Promise<void> => {
    const type = String.fromCharCode(message[0]);
    const body = message.subarray(5);
    if (type === "Q") {
      const [text] = readCString(body, 0);
      const parts = splitStatements(text);
      let inTransaction = transactionStatus !== "I";
      const rewritten: string[] = [];
      const copies: Array<Extract<Prepared, { kind: "s3Copy" }>> = [];
      for (const part of parts) {
        const judged = await judge(part, inTransaction);
        rewritten.push(judged.sql);
        if (judged.prepared.kind === "s3Copy") copies.push(judged.prepared);
        const first = part.trim().split(/\s+/)[0]?.toLowerCase();
        if (first === "begin" || (first === "start" && /^start\s+transaction/i.test(part.trim()))) inTransaction = true;
        if (first === "commit" || first === "rollback" || first === "end" || first === "abort") inTransaction = false;
      }
      upstream.write(frame("Q", cString(parts.length === 0 ? text : rewritten.join(";\n"))));
      for (const copy of copies) await feed(copy);
      return;
    }
    if (type === "P") {
      const [name, afterName] = readCString(body, 0);
      const [text] = readCString(body, afterName);
      const judged = await judge(text, transactionStatus !== "I");
      statements.set(name, judged.prepared);
      upstream.write(judged.prepared.kind === "plain" ? message : parseMessage(name, judged.sql));
      return;
    }
    if (type === "B") {
      const [portal, afterPortal] = readCString(body, 0);
      const [statement] = readCString(body, afterPortal);
      const prepared = statements.get(statement) ?? { kind: "plain" };
      portals.set(portal, prepared);
      upstream.write(prepared.kind === "plain" ? message : bindWithoutParameters(portal, statement));
      return;
    }
    if (type === "E") {
      const [portal] = readCString(body, 0);
      upstream.write(message);
      const prepared = portals.get(portal);
      if (prepared?.kind === "s3Copy") await feed(prepared);
      return;
    }
    if (type === "d" || type === "c" || type === "f") return; // the client's own COPY data: its COPY was refused
    upstream.write(message);
  };

  client.on("data", (chunk: Buffer) => {
    for (const message of clientReader.push(chunk)) {
      if (!started) {
        const code = message.readInt32BE(4);
        if (code === SSL_REQUEST || code === GSS_REQUEST) {
          client.write("N");
          continue;
        }
        if (code === CANCEL_REQUEST) {
          const canceller = connectTcp(options.upstream.port, options.upstream.host, () => canceller.end(message));
          canceller.on("error", () => undefined);
          client.end();
          continue;
        }
        started = true;
        clientReader.becomeTyped();
        upstream.write(message);
        continue;
      }
      queue = queue
        .then(() => handle(message))
        .catch(() => {
          client.destroy();
        });
    }
  });
}
