import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { newSealingKey } from '../platform/crypto';

/**
 * Local mode's speak-up encryption key: made once and kept under the data folder, so cases raised in one run can be
 * read in the next. Azure uses SPEAKUP_ENCRYPTION_KEY from Key Vault instead.
 */
export function localSealingKey(dataDir: string): string {
  const file = path.join(dataDir, 'speak-up.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = newSealingKey();
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
