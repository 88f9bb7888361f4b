import { NxPypiError } from '../../../errors';
import { createConsoleReporter, renderProgressLine, selectProgressTerminal, summarize, type ProgressTerminal } from './console-reporter';

const MiB = 1024 * 1024;
const BIG = 'big-1.0-py3-none-any.whl';
const SMALL = 'small-1.0.tar.gz';

/** A reporter on a fake terminal and clock; `out` interleaves raw terminal writes and log lines as a user would see them. */
function setup(progress: 'tty' | null = 'tty', columns?: number) {
  const out: string[] = [];
  let t = 0;
  const terminal: ProgressTerminal = { write: (raw) => void out.push(`raw:${raw}`), columns };
  const reporter = createConsoleReporter(
    (line) => out.push(`line:${line}`),
    new Map([
      [BIG, 200 * MiB],
      [SMALL, MiB],
    ]),
    {
      now: () => t,
      progress: progress === 'tty' ? terminal : null,
    },
  );
  return { out, reporter, advance: (ms: number) => void (t += ms) };
}

describe('createConsoleReporter progress', () => {
  it('redraws one progress line in place for a large file, at most every 100 ms, and clears it before the outcome line', () => {
    const { out, reporter, advance } = setup();
    reporter.onUploadStart!(BIG, 200 * MiB, 1);
    advance(50);
    reporter.onUploadProgress!(BIG, 10 * MiB, 200 * MiB);
    advance(50);
    reporter.onUploadProgress!(BIG, 20 * MiB, 200 * MiB); // 50 ms after the last draw: skipped
    advance(50);
    reporter.onUploadProgress!(BIG, 30 * MiB, 200 * MiB);
    advance(850);
    reporter.onOutcome!({ status: 'uploaded', filename: BIG, url: 'https://x/big', attempts: 1 });
    expect(out).toEqual([
      `raw:\r\x1b[K  uploading ${BIG}  10.0 MiB / 200.0 MiB  5%  200.0 MiB/s`,
      `raw:\r\x1b[K  uploading ${BIG}  30.0 MiB / 200.0 MiB  15%  200.0 MiB/s`,
      'raw:\r\x1b[K',
      `line:  uploaded ${BIG} (200.0 MiB) in 1.00 s`,
    ]);
  });

  it('draws nothing for a file of 1 MiB or less', () => {
    const { out, reporter, advance } = setup();
    reporter.onUploadStart!(SMALL, MiB, 1);
    advance(500);
    reporter.onUploadProgress!(SMALL, MiB, MiB);
    reporter.onOutcome!({ status: 'uploaded', filename: SMALL, url: 'https://x/small', attempts: 1 });
    expect(out).toEqual([`line:  uploaded ${SMALL} (1.0 MiB) in 0.50 s`]);
  });

  it('draws nothing without a terminal (CI, or output piped by nx)', () => {
    const { out, reporter, advance } = setup(null);
    reporter.onUploadStart!(BIG, 200 * MiB, 1);
    advance(500);
    reporter.onUploadProgress!(BIG, 100 * MiB, 200 * MiB);
    expect(out).toEqual([]);
  });

  it('clears the progress line before a retry line, and measures the rate from the new attempt', () => {
    const { out, reporter, advance } = setup();
    reporter.onUploadStart!(BIG, 200 * MiB, 1);
    advance(1000);
    reporter.onUploadProgress!(BIG, 50 * MiB, 200 * MiB);
    reporter.onRetry!(BIG, 1, 2000, 'connection reset');
    advance(2000);
    reporter.onUploadStart!(BIG, 200 * MiB, 2);
    advance(500);
    reporter.onUploadProgress!(BIG, 25 * MiB, 200 * MiB);
    expect(out).toEqual([
      `raw:\r\x1b[K  uploading ${BIG}  50.0 MiB / 200.0 MiB  25%  50.0 MiB/s`,
      'raw:\r\x1b[K',
      `line:  retry   ${BIG}: attempt 1 failed (connection reset); next in 2.0 s`,
      `raw:\r\x1b[K  uploading ${BIG}  25.0 MiB / 200.0 MiB  12%  50.0 MiB/s`,
    ]);
  });

  it('cuts the line to the terminal width so that \\r can redraw it', () => {
    const { out, reporter, advance } = setup('tty', 30);
    reporter.onUploadStart!(BIG, 200 * MiB, 1);
    advance(100);
    reporter.onUploadProgress!(BIG, MiB, 200 * MiB);
    expect(out).toEqual([`raw:\r\x1b[K${`  uploading ${BIG}`.slice(0, 29)}`]);
  });

  it('writes one line per outcome and a summary, with no terminal codes', () => {
    const { out, reporter } = setup(null);
    reporter.onOutcome!({ status: 'skipped-identical', filename: SMALL, url: 'https://x/small', found: 'before-upload' });
    reporter.onOutcome!({ status: 'failed', filename: BIG, error: new NxPypiError('refused', { code: 'X', hint: 'do y' }) });
    expect(out[0]).toBe(`line:  skipped  ${SMALL} (1.0 MiB): already published, identical`);
    expect(out[1]).toMatch(new RegExp(`^line:  failed   ${BIG.replace(/\./g, '\\.')} \\(200\\.0 MiB\\): .*refused`));
    expect(summarize('big', '1.0', reporter.outcomes)).toBe('big 1.0: 0 uploaded, 1 already published, 1 failed');
  });

  it('names the file once on a failed line, even when the error is located at that file', () => {
    const { out, reporter } = setup(null);
    const error = new NxPypiError('pkg 1.0 is already on the repository with different content', {
      code: 'X',
      location: { file: BIG },
      hint: 'bump the version',
    });
    reporter.onOutcome!({ status: 'failed', filename: BIG, error });
    expect(out).toEqual([`line:  failed   ${BIG} (200.0 MiB): pkg 1.0 is already on the repository with different content\n             bump the version`]);
    const located = new NxPypiError('bad', { code: 'X', location: { file: 'pyproject.toml', keyPath: 'project.version' } });
    reporter.onOutcome!({ status: 'failed', filename: SMALL, error: located });
    expect(out[1]).toContain('pyproject.toml [project.version] bad');
  });

  it('says a file skipped for the same contents under other archive bytes is already published, and why it paused to download', () => {
    const { out, reporter } = setup(null);
    reporter.onComparingContents!(SMALL, 'https://x/small');
    reporter.onOutcome!({
      status: 'skipped-identical',
      filename: SMALL,
      url: 'https://x/small',
      found: 'before-upload',
      sameContents: { algorithm: 'sha256', digest: 'ab'.repeat(32) },
    });
    expect(out).toEqual([
      `line:  comparing ${SMALL} with https://x/small: other archive bytes under its name; downloading it to compare contents`,
      `line:  skipped  ${SMALL} (1.0 MiB): already published, same contents (archive bytes differ)`,
    ]);
    expect(summarize('small', '1.0', reporter.outcomes)).toBe('small 1.0: 0 uploaded, 1 already published, 0 failed');
  });
});

describe('selectProgressTerminal', () => {
  const stream = (isTTY: boolean | undefined) => ({ isTTY, columns: 80, write: jest.fn() });

  it.each([
    [true, {}, true],
    [true, { CI: 'true' }, false],
    [true, { CI: '1' }, false],
    [true, { CI: 'false' }, true],
    [true, { CI: '' }, true],
    [false, {}, false],
    [undefined, {}, false],
  ])('isTTY=%s env=%j -> progress %s', (isTTY, env, expected) => {
    const s = stream(isTTY);
    const terminal = selectProgressTerminal(s, env as NodeJS.ProcessEnv);
    expect(terminal !== null).toBe(expected);
    if (terminal) {
      terminal.write('x');
      expect(s.write).toHaveBeenCalledWith('x');
      expect(terminal.columns).toBe(80);
    }
  });
});

describe('renderProgressLine', () => {
  it.each([
    [0, 200 * MiB, 0, '  uploading f.whl  0 B / 200.0 MiB  0%'],
    [100 * MiB, 200 * MiB, 2000, '  uploading f.whl  100.0 MiB / 200.0 MiB  50%  50.0 MiB/s'],
    [200 * MiB, 200 * MiB, 4000, '  uploading f.whl  200.0 MiB / 200.0 MiB  100%  50.0 MiB/s'],
    [1536 * 1024, 3 * MiB, 3000, '  uploading f.whl  1.5 MiB / 3.0 MiB  50%  512.0 KiB/s'],
  ])('%d of %d after %d ms', (sent, total, ms, expected) => {
    expect(renderProgressLine('f.whl', sent, total, ms)).toBe(expected);
  });
});
