import { describe, expect, it } from 'vitest';
import { csvCell } from './export-csv';

describe('csvCell()', () => {
  it('quotes every cell and doubles quotes inside', () => {
    expect(csvCell('Invoice "1042", November')).toBe('"Invoice ""1042"", November"');
    expect(csvCell(null)).toBe('""');
  });
  it('neutralises spreadsheet formulas but keeps negative amounts as numbers', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell('@SUM(A1)')).toBe('"\'@SUM(A1)"');
    expect(csvCell('-1007.00')).toBe('"-1007.00"');
  });
});
