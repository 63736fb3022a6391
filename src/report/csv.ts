/**
 * RFC 4180 CSV with formula neutralisation, for evidence exports.
 *
 * @since 0.2.0
 */

/** What a spreadsheet runs as a formula when a cell starts with it. */
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * A cell a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
 * `@`, tab or carriage return) gets a leading `'`, so it is shown as text;
 * any other cell is kept.
 * @example
 * import { neutraliseCell } from '../../src/report/csv.js' // internal
 * neutraliseCell('=HYPERLINK("x")') // "'=HYPERLINK(\"x\")"
 * neutraliseCell('plain') // 'plain'
 * @since 0.2.0
 * @category Evidence
 * @internal
 */
export const neutraliseCell = (cell: string): string => (FORMULA_START.test(cell) ? `'${cell}` : cell)

/**
 * One field as RFC 4180 writes it: quoted (inner quotes doubled) when it
 * holds a comma, a quote, a CR or an LF.
 * @example
 * import { csvField } from '../../src/report/csv.js' // internal
 * csvField('a,"b"') // '"a,""b"""'
 * @since 0.2.0
 * @category Evidence
 * @internal
 */
export const csvField = (cell: string): string => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)

/**
 * Rows as RFC 4180 text: fields separated by commas, records ended by CRLF
 * (the last one too). The cells are written as given: neutralise them first.
 * @example
 * import { csvText } from '../../src/report/csv.js' // internal
 * csvText([['a', 'b'], ['1', 'x\ny']]) // 'a,b\r\n1,"x\ny"\r\n'
 * @since 0.2.0
 * @category Evidence
 * @internal
 */
export const csvText = (rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  let out = ''
  for (const row of rows) out += `${row.map(csvField).join(',')}\r\n`
  return out
}
