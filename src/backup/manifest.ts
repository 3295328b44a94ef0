import { z } from 'zod';

// A backup's manifest, as pure rules: what it lists, how it is signed, and how a restore checks it and each file
// against it before writing anything.

const FORMAT = 'staff-voice-backup/1' as const;

/** The purpose the manifest's key is derived for (HKDF from the app's secret, as for every other key). */
export const MANIFEST_KEY_PURPOSE = 'backup-manifest';

/** One table's file in a backup. */
export interface BackupFile {
  readonly table: string;
  /** Its blob, under the backup's folder: gzip of one JSON line per row. */
  readonly file: string;
  readonly rows: number;
  /** Size and SHA-256 (hex) of the file as stored, compressed. */
  readonly bytes: number;
  readonly sha256: string;
  /** The rows' digest in any order (RowDigest): what the restored table must give back. */
  readonly content: string;
}

/** What a backup holds, signed: without the app's secret nobody can change it, or write one, that a restore accepts. */
export interface Manifest {
  readonly format: typeof FORMAT;
  readonly name: string;
  /** The namespace backed up (STORAGE_NAMESPACE; '' for none). */
  readonly namespace: string;
  readonly takenAt: string;
  readonly finishedAt: string;
  readonly appVersion: string;
  readonly files: readonly BackupFile[];
  /** The id of the key that made `mac`. */
  readonly key: string;
  readonly mac: string;
}

/** The manifest's keys: a KeyRing for MANIFEST_KEY_PURPOSE (every configured secret checks; the current one signs). */
export interface ManifestKeys {
  readonly keyId: string;
  tag(...parts: readonly string[]): string;
  tags(...parts: readonly string[]): string[];
}

const NAME = /^\d{4}-\d{2}-\d{2}T\d{6}Z$/;

/** A backup's name, from the tick it was taken for: `2026-12-08T033000Z` (UTC; no colons, for shells and paths). */
export function backupName(tick: Date): string {
  return tick
    .toISOString()
    .replace(/:/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

export const isBackupName = (name: string): boolean => NAME.test(name);

type Unsigned = Omit<Manifest, 'format' | 'key' | 'mac'>;

/** Signs a manifest with the current key. */
export function signManifest(keys: ManifestKeys, unsigned: Unsigned): Manifest {
  const manifest = { format: FORMAT, ...unsigned };
  return { ...manifest, key: keys.keyId, mac: keys.tag('backup-manifest', signedContent(manifest)) };
}

// JSON of every field in a fixed order: unambiguous whatever a field holds.
const signedContent = (m: Omit<Manifest, 'key' | 'mac'>): string =>
  JSON.stringify([
    m.format,
    m.name,
    m.namespace,
    m.takenAt,
    m.finishedAt,
    m.appVersion,
    m.files.map((f) => [f.table, f.file, f.rows, f.bytes, f.sha256, f.content]),
  ]);

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const count = z.number().int().min(0);
const manifestSchema = z
  .object({
    format: z.literal(FORMAT),
    name: z.string().regex(NAME),
    namespace: z.string().regex(/^([a-z][a-z0-9]{0,15})?$/),
    takenAt: z.string().datetime(),
    finishedAt: z.string().datetime(),
    appVersion: z.string().max(64),
    files: z.array(
      z
        .object({
          table: z.string().regex(/^[a-z][a-z0-9]{2,62}$/),
          file: z.string().regex(/^[a-z][a-z0-9]*\.[a-z0-9]+\.jsonl\.gz$/),
          ...{ rows: count, bytes: count, sha256: hex64, content: hex64 },
        })
        .strict(),
    ),
    key: z.string().regex(/^[0-9a-f]{16}$/),
    mac: z.string().regex(/^[0-9a-f]{40}$/),
  })
  .strict();

/** The manifest, or why a restore must not trust it. */
export type ManifestCheck = { kind: 'ok'; manifest: Manifest } | { kind: 'refused'; reason: string };

/** Checks a manifest as read: its shape, its signature under any configured key, and that it is the one asked for. */
export function checkManifest(
  keys: ManifestKeys,
  text: string,
  asked: { name: string; namespace: string },
): ManifestCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return refused('the manifest is not JSON');
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) return refused(`the manifest is not a ${FORMAT} manifest (${parsed.error.issues[0]!.message})`);
  const manifest = parsed.data;
  if (!keys.tags('backup-manifest', signedContent(manifest)).includes(manifest.mac))
    return refused(
      `the manifest's signature does not check out: it changed after the backup wrote it, or key ${manifest.key} ` +
        'is not one this app holds (a backup taken before a key rotation needs SPEAKUP_ENCRYPTION_KEY_PREVIOUS)',
    );
  if (manifest.name !== asked.name || manifest.namespace !== asked.namespace)
    return refused(`the manifest is of backup ${manifest.name} of namespace "${manifest.namespace}"`);
  const tables = manifest.files.map((f) => f.table);
  const twice = tables.find((t, i) => tables.indexOf(t) !== i);
  if (twice) return refused(`the manifest lists table ${twice} twice`);
  return { kind: 'ok', manifest };
}

const refused = (reason: string): ManifestCheck => ({ kind: 'refused', reason });

/** What a file was found to hold, read from the container. */
export interface FoundFile {
  readonly bytes: number;
  readonly sha256: string;
  readonly rows: number;
  readonly content: string;
}

/** Why a file does not match its manifest entry, or undefined when it does. */
export function fileMismatch(file: BackupFile, found: FoundFile): string | undefined {
  if (found.bytes !== file.bytes || found.sha256 !== file.sha256)
    return `${file.table}: the file is not the one the manifest names (its size or SHA-256 differs)`;
  if (found.rows !== file.rows) return `${file.table}: the file holds ${found.rows} row(s), the manifest ${file.rows}`;
  if (found.content !== file.content) return `${file.table}: the file's rows are not the ones the manifest names`;
  return undefined;
}
