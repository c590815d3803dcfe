import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCobertura, parseLcov, readCoverage } from './coverage-report';

describe('coverage reports', () => {
  it('sums lcov records', () => {
    const lcov = 'SF:a.ts\nLF:10\nLH:5\nBRF:2\nBRH:1\nend_of_record\nSF:b.ts\nLF:30\nLH:25\nFNF:4\nFNH:4\nend_of_record\n';
    expect(parseLcov(lcov)).toEqual({ format: 'lcov', lines: 75, branches: 50, functions: 100 });
    expect(parseLcov('not a report')).toBeNull();
  });

  it('reads the rates of a Cobertura report', () => {
    expect(
      parseCobertura(
        '<?xml version="1.0"?><coverage line-rate="0.8123" branch-rate="0.5" lines-covered="13" lines-valid="16" version="1"><packages/></coverage>',
      ),
    ).toEqual({
      format: 'cobertura',
      lines: 81.25,
      branches: 50,
      functions: null,
    });
    expect(parseCobertura('<coverage line-rate="0.9">')).toMatchObject({ lines: 90, branches: null });
    expect(parseCobertura('<html/>')).toBeNull();
  });

  it('finds a report in the usual places, or the configured one, never outside the tree', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cov-'));
    try {
      expect(await readCoverage(root)).toBeNull();
      mkdirSync(join(root, 'coverage'));
      writeFileSync(join(root, 'coverage', 'cobertura-coverage.xml'), '<coverage line-rate="0.5" branch-rate="0.25">');
      expect(await readCoverage(root)).toMatchObject({ format: 'cobertura', lines: 50, report: 'coverage/cobertura-coverage.xml' });
      writeFileSync(join(root, 'custom.info'), 'LF:4\nLH:1\nend_of_record\n');
      expect(await readCoverage(root, 'custom.info')).toMatchObject({ format: 'lcov', lines: 25, report: 'custom.info' });
      expect(await readCoverage(root, '../../etc/passwd')).toBeNull();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
