/** Column output of zfs(8)/zpool(8): a header, two spaces between columns, or tabs with -H. */

export interface TableOptions {
  /** -H: no header, one tab between fields. */
  scripted: boolean;
  rightAligned: boolean[];
  noHeader?: boolean;
}

export function printTable(headings: string[], rows: string[][], options: TableOptions): void {
  if (options.scripted) {
    process.stdout.write(rows.map((row) => `${row.join('\t')}\n`).join(''));
    return;
  }
  const all = options.noHeader ? rows : [headings, ...rows];
  const widths = headings.map((_, column) => Math.max(...all.map((row) => row[column].length)));
  const line = (row: string[]) => row.map((cell, column) => {
    if (column === row.length - 1 && !options.rightAligned[column]) return cell;
    return options.rightAligned[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column]);
  }).join('  ');
  process.stdout.write(all.map((row) => `${line(row)}\n`).join(''));
}
