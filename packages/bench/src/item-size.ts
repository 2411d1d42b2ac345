// An item's size as DynamoDB counts it for capacity: each attribute's name in UTF-8 bytes plus its
// value (a string's UTF-8 bytes, a number's significant digits halved plus one, 1 for a boolean or
// null, 3 plus the contents for a list or map, a set's members), as AWS's developer guide states.
export function itemBytes(item: Record<string, unknown>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) bytes += utf8(name) + valueBytes(value);
  return bytes;
}

const utf8 = (text: string) => Buffer.byteLength(text, "utf8");

function numberBytes(value: number | bigint): number {
  const digits = String(value)
    .replace(/^-/, "")
    .replace(".", "")
    .replace(/^0+/, "")
    .replace(/0+$/, "");
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

function valueBytes(value: unknown): number {
  if (typeof value === "string") return utf8(value);
  if (typeof value === "number" || typeof value === "bigint") return numberBytes(value);
  if (typeof value === "boolean" || value === null || value === undefined) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) {
    let bytes = 0;
    for (const member of value) bytes += valueBytes(member);
    return bytes;
  }
  if (Array.isArray(value))
    return 3 + value.reduce((sum: number, entry) => sum + 1 + valueBytes(entry), 0);
  if (typeof value === "object") {
    let bytes = 3;
    for (const [name, entry] of Object.entries(value)) bytes += utf8(name) + 1 + valueBytes(entry);
    return bytes;
  }
  return 0;
}
