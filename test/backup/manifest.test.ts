import { KeyRing, newSealingKey } from '../../src/platform/crypto';
import {
  backupName,
  checkManifest,
  fileMismatch,
  isBackupName,
  MANIFEST_KEY_PURPOSE,
  signManifest,
  type BackupFile,
} from '../../src/backup/manifest';
import { parseRowLine, RowDigest, rowFromEntity, rowLine } from '../../src/backup/rows';

/** The manifest and row rules a restore trusts, as pure functions: what a change to either looks like to them. */
describe('a backup manifest', () => {
  const secret = newSealingKey();
  const keys = new KeyRing({ current: secret }, MANIFEST_KEY_PURPOSE);
  const file: BackupFile = {
    table: 'audit',
    file: 'audit.0a1b2c3d.jsonl.gz',
    rows: 12,
    bytes: 480,
    sha256: 'a'.repeat(64),
    content: 'b'.repeat(64),
  };
  const name = backupName(new Date('2026-12-08T03:30:00Z'));
  const signed = signManifest(keys, {
    ...{ name, namespace: 'trust1', takenAt: '2026-12-08T03:30:00.000Z', finishedAt: '2026-12-08T03:31:10.000Z' },
    ...{ appVersion: '0.1.0', files: [file] },
  });
  const asked = { name, namespace: 'trust1' };
  const check = (m: unknown, k = keys) => checkManifest(k, JSON.stringify(m), asked);

  it('is named for its tick without colons, and accepted as signed', () => {
    expect(name).toBe('2026-12-08T033000Z');
    expect(isBackupName(name)).toBe(true);
    expect(isBackupName('2026-12-08T03:30:00Z')).toBe(false);
    expect(check(signed)).toEqual({ kind: 'ok', manifest: signed });
  });

  it('is refused when any field changed: a row count, a checksum, the time, a table added', () => {
    const changes = [
      { ...signed, files: [{ ...file, rows: 11 }] },
      { ...signed, files: [{ ...file, sha256: 'c'.repeat(64) }] },
      { ...signed, takenAt: '2026-12-09T03:30:00.000Z' },
      { ...signed, files: [file, { ...file, table: 'roles', file: 'roles.0a1b2c3d.jsonl.gz' }] },
    ];
    for (const changed of changes) {
      const result = check(changed);
      expect(result.kind).toBe('refused');
      expect(result.kind === 'refused' && result.reason).toMatch(/signature does not check out/);
    }
  });

  it('is refused when re-signed by someone without the app secret, and accepted under a previous key', () => {
    const other = new KeyRing({ current: newSealingKey() }, MANIFEST_KEY_PURPOSE);
    const forged = signManifest(other, { ...signed, files: [{ ...file, rows: 11 }] });
    expect(check(forged).kind).toBe('refused');
    // After a rotation the old key is still configured as previous: backups taken before it still restore.
    const rotated = new KeyRing({ current: newSealingKey(), previous: [secret] }, MANIFEST_KEY_PURPOSE);
    expect(check(signed, rotated).kind).toBe('ok');
  });

  it('is refused when it is not the backup asked for, or not a manifest at all', () => {
    expect(checkManifest(keys, JSON.stringify(signed), { name, namespace: 'trust2' })).toEqual({
      kind: 'refused',
      reason: 'the manifest is of backup 2026-12-08T033000Z of namespace "trust1"',
    });
    expect(checkManifest(keys, '{"format":', asked)).toEqual({ kind: 'refused', reason: 'the manifest is not JSON' });
    expect(check({ ...signed, extra: 1 }).kind).toBe('refused');
  });

  it('names what differs between a file and its entry', () => {
    const same = { bytes: 480, sha256: file.sha256, rows: 12, content: file.content };
    expect(fileMismatch(file, same)).toBeUndefined();
    expect(fileMismatch(file, { ...same, sha256: 'd'.repeat(64) })).toMatch(/size or SHA-256 differs/);
    expect(fileMismatch(file, { ...same, rows: 13 })).toBe('audit: the file holds 13 row(s), the manifest 12');
    expect(fileMismatch(file, { ...same, content: 'e'.repeat(64) })).toMatch(/rows are not the ones/);
  });
});

describe('a backup row', () => {
  // As the SDK reads a row with type conversion off: every value a string, with its type.
  const stored = {
    etag: 'W/"x"',
    partitionKey: 'case',
    rowKey: 'FTSU-2026-0001',
    timestamp: '2026-12-08T00:39:01.0671752Z',
    concern: { value: 'v2:3f2a:iv:tag:body', type: 'String' },
    seq: { value: '3', type: 'Int32' },
    share: { value: '2.5', type: 'Double' },
    at: { value: '1700000000000', type: 'Int32' },
    open: { value: 'true', type: 'Boolean' },
    raisedAt: { value: '2026-01-01T00:00:00.123Z', type: 'DateTime' },
    big: { value: '9007199254740993', type: 'Int64' },
    bytes: { value: 'AQID', type: 'Binary' },
  };

  it('keeps every property as stored, sealed values sealed, and leaves out what the SDK adds', () => {
    const row = rowFromEntity(stored);
    expect(row).toEqual({
      PartitionKey: 'case',
      RowKey: 'FTSU-2026-0001',
      properties: {
        concern: 'v2:3f2a:iv:tag:body',
        seq: 3,
        share: 2.5,
        at: 1700000000000,
        open: true,
        raisedAt: { type: 'DateTime', value: '2026-01-01T00:00:00.123Z' },
        big: { type: 'Int64', value: '9007199254740993' },
        bytes: { type: 'Binary', value: 'AQID' },
      },
    });
    expect(parseRowLine(rowLine(row))).toEqual(row);
  });

  it('gives equal lines for equal rows whatever the properties order, and refuses what is not a row', () => {
    const reordered = Object.fromEntries(Object.entries(stored).reverse());
    expect(rowLine(rowFromEntity(reordered))).toBe(rowLine(rowFromEntity(stored)));
    expect(parseRowLine('{"PartitionKey":"a","RowKey":"b","properties":{"Timestamp":"x"}}')).toBeUndefined();
    expect(parseRowLine('{"PartitionKey":"a","RowKey":"b","properties":{"x":{"type":"Evil","value":"1"}}}')).toBe(
      undefined,
    );
    expect(parseRowLine('not json')).toBeUndefined();
  });

  it('digests a table’s lines in any order, and differently when one line changes', () => {
    const lines = ['{"a":1}', '{"b":2}', '{"c":3}'];
    const digest = (ls: string[]) => {
      const d = new RowDigest();
      for (const l of ls) d.add(l);
      return d.hex();
    };
    expect(digest(lines)).toBe(digest([...lines].reverse()));
    expect(digest(lines)).not.toBe(digest(['{"a":1}', '{"b":2}', '{"c":4}']));
    expect(digest(lines)).not.toBe(digest([...lines, '{"a":1}']));
  });
});
