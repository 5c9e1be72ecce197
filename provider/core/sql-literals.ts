/**
 * A string literal for names and texts this package builds itself (plain SQL names, owner
 * comments, lock names): they hold no backslash, so doubling quotes is enough on every dialect.
 */
export function plainStringLiteral(text: string): string {
  if (text.includes("\\")) throw new Error("internal: a plain string literal cannot hold a backslash");
  return `'${text.replace(/'/g, "''")}'`;
}

/** A lock key (hex) as a signed 64-bit integer literal, for databases whose locks take a bigint. */
export function lockKeyAsBigint(key: string): string {
  return BigInt.asIntN(64, BigInt(`0x${key.slice(0, 16)}`)).toString();
}
