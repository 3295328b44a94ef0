import { createHash } from 'node:crypto';
import { z } from 'zod';

// A backup's rows, as pure rules: a row as the table service stores it, one line of JSON each, and the digest of a
// table's lines that the restore checks the restored table against.

/** Types a plain JSON value cannot carry, kept with their type and their value exactly as the service gave it. */
const TYPED = ['Int64', 'DateTime', 'Binary', 'Guid', 'Double'] as const;

/** A property as stored: text, a number, a flag, or a typed value (a sealed value is text, and stays sealed). */
export type StoredValue = string | number | boolean | { readonly type: (typeof TYPED)[number]; readonly value: string };

/** One row as the backup holds it: its keys and every property as stored, nothing opened, nothing added. */
export interface BackupRow {
  readonly PartitionKey: string;
  readonly RowKey: string;
  readonly properties: Readonly<Record<string, StoredValue>>;
}

// What the SDK adds to a row it reads, or names itself: never a property of ours, never written back.
const NOT_PROPERTIES = new Set(['partitionKey', 'rowKey', 'etag', 'timestamp', 'odata.metadata']);

/**
 * A row read with the SDK's type conversion off (every property `{ value, type }`, value as the service sent it).
 * Numbers become plain numbers again, so they are written back as the app first wrote them (the service infers a
 * plain number's type the same way each time); what JSON cannot carry keeps its type.
 */
export function rowFromEntity(entity: Record<string, unknown>): BackupRow {
  const properties: Record<string, StoredValue> = {};
  for (const [name, raw] of Object.entries(entity)) {
    if (NOT_PROPERTIES.has(name)) continue;
    const { value, type } = raw as { value: string; type: string };
    if (typeof value !== 'string') throw new Error(`rowFromEntity: property ${name} was read with type conversion on`);
    if (type === 'String') properties[name] = value;
    else if (type === 'Boolean') properties[name] = value === 'true';
    else if ((type === 'Int32' || type === 'Double') && Number.isFinite(Number(value)))
      properties[name] = Number(value);
    else if ((TYPED as readonly string[]).includes(type))
      properties[name] = { type: type as (typeof TYPED)[number], value };
    else throw new Error(`rowFromEntity: property ${name} has a type the backup does not know (${type})`);
  }
  return { PartitionKey: String(entity.partitionKey), RowKey: String(entity.rowKey), properties };
}

/** The row as the SDK writes it: typed values as `{ value, type }`, which it sends with their type. */
export function entityOf(row: BackupRow): Record<string, unknown> {
  return { ...row.properties, partitionKey: row.PartitionKey, rowKey: row.RowKey };
}

/** One line of a backup file: the row's JSON with its properties in name order, so equal rows give equal lines. */
export function rowLine(row: BackupRow): string {
  const properties = Object.fromEntries(Object.entries(row.properties).sort(([a], [b]) => (a < b ? -1 : 1)));
  return JSON.stringify({ PartitionKey: row.PartitionKey, RowKey: row.RowKey, properties });
}

const propertyName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,254}$/)
  .refine((name) => !NOT_PROPERTIES.has(name) && !['PartitionKey', 'RowKey', 'Timestamp'].includes(name));
const lineSchema = z
  .object({
    PartitionKey: z.string(),
    RowKey: z.string(),
    properties: z.record(
      propertyName,
      z.union([
        z.string(),
        z.number().finite(),
        z.boolean(),
        z.object({ type: z.enum(TYPED), value: z.string() }).strict(),
      ]),
    ),
  })
  .strict();

/** A line of a backup file back as a row; undefined when it is not one. */
export function parseRowLine(line: string): BackupRow | undefined {
  try {
    const parsed = lineSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const MODULUS = 1n << 256n;

/**
 * A digest of a table's lines in any order: the sum of their SHA-256s. The file's own checksum proves the file is
 * the one the backup wrote; this proves the table the restore wrote holds exactly the file's rows, read back in the
 * table's key order (the file's audit rows need not be in it: see table-copy.store.ts).
 */
export class RowDigest {
  private sum = 0n;
  private count = 0;

  add(line: string): void {
    this.sum = (this.sum + BigInt(`0x${createHash('sha256').update(line).digest('hex')}`)) % MODULUS;
    this.count++;
  }

  get rows(): number {
    return this.count;
  }

  hex(): string {
    return this.sum.toString(16).padStart(64, '0');
  }
}
