/** The words of each top-level statement, upper-cased, ignoring comments, strings and $$ bodies. */
export function statementWords(sql: string): string[][] {
  const statements: string[][] = [[]];
  let i = 0;
  while (i < sql.length) {
    const rest = sql.slice(i, i + 2);
    const char = sql[i] ?? "";
    if (rest === "--") {
      const end = sql.indexOf("\n", i);
      i = end === -1 ? sql.length : end + 1;
    } else if (rest === "/*") {
      let depth = 0;
      do {
        if (sql.startsWith("/*", i)) {
          depth++;
          i += 2;
        } else if (sql.startsWith("*/", i)) {
          depth--;
          i += 2;
        } else {
          i++;
        }
      } while (depth > 0 && i < sql.length);
    } else if (char === "'" || char === '"') {
      const backslashes = char === "'" && /(^|[^\w$])[eE]$/.test(sql.slice(Math.max(0, i - 2), i));
      i++;
      while (i < sql.length) {
        if (backslashes && sql[i] === "\\") i += 2;
        else if (sql[i] === char && sql[i + 1] === char) i += 2;
        else if (sql[i] === char) break;
        else i++;
      }
      i++;
    } else if (char === "$" && /^\$([A-Za-z_]\w*)?\$/.test(sql.slice(i))) {
      const tag = /^\$([A-Za-z_]\w*)?\$/.exec(sql.slice(i))?.[0] ?? "$$";
      const end = sql.indexOf(tag, i + tag.length);
      i = end === -1 ? sql.length : end + tag.length;
    } else if (char === ";") {
      statements.push([]);
      i++;
    } else if (/[A-Za-z_]/.test(char)) {
      const word = /^[A-Za-z_]\w*/.exec(sql.slice(i))?.[0] ?? char;
      statements.at(-1)?.push(word.toUpperCase());
      i += word.length;
    } else {
      i++;
    }
  }
  return statements.filter((words) => words.length > 0);
}
