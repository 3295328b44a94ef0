// Azure Table keys may not contain / \ # ? or control characters, and are at most 1 KiB. Ids that come from Teams
// (conversation and channel ids) are encoded so any of them is a safe key; ids we validate (GUIDs) pass unchanged.
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be encoded
const UNSAFE = /[/\\#?%\u0000-\u001f\u007f-\u009f]/g;

/** Encodes an id from outside so it is a valid PartitionKey/RowKey; reversible with `fromKey`. */
export function toKey(id: string): string {
  if (id.length === 0 || id.length > 400)
    throw new Error(`toKey: an id of ${id.length} characters cannot be a table key`);
  return id.replace(UNSAFE, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function fromKey(key: string): string {
  return key.replace(/%([0-9a-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for an Entra object id (what Teams gives as `aadObjectId`). */
export const isGuid = (value: unknown): value is string => typeof value === 'string' && GUID.test(value);

/** Row keys that sort newest first: inverted milliseconds, zero-padded, with a random tail against collisions. */
export function newestFirstKey(at: Date, tail: string): string {
  return `${String(8_640_000_000_000_000 - at.getTime()).padStart(16, '0')}-${tail}`;
}
