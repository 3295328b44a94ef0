import { Writable } from 'node:stream';
import { createLog } from '../../src/platform/log';

describe('the structured log', () => {
  it('redacts fields that can carry what people wrote or who they are, wherever they sit', () => {
    const lines: string[] = [];
    const log = createLog('info', new Writable({ write: (c, _e, done) => (lines.push(c.toString()), done()) }));
    log.info(
      {
        text: 'my manager shouts at me',
        answers: { q1: 5 },
        activity: { from: { name: 'Jo Bloggs', aadObjectId: 'a-b-c' }, text: 'secret' },
        wave: 'w1',
      },
      'turn',
    );
    const line = JSON.parse(lines[0]!);
    expect(line.wave).toBe('w1');
    expect(lines[0]).not.toContain('shouts');
    expect(lines[0]).not.toContain('Jo Bloggs');
    expect(lines[0]).not.toContain('a-b-c');
    expect(lines[0]).not.toContain('secret');
    expect(line.level).toBe('info');
  });
});
