import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ZipWriter } from "@/lib/export/lines/zip";

const directory = mkdtempSync(path.join(tmpdir(), "zip-test-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Writes entries as the download does: header, data in pieces, descriptor; then the directory. */
function archive(entries: [string, string[]][]): Buffer {
  const zip = new ZipWriter();
  const parts: Uint8Array[] = [];
  for (const [name, pieces] of entries) {
    parts.push(zip.begin(name));
    for (const piece of pieces) parts.push(zip.data(Buffer.from(piece, "utf8")));
    parts.push(zip.end());
  }
  parts.push(zip.finish());
  return Buffer.concat(parts);
}

const python = (file: string, code: string) =>
  execFileSync("python3", ["-c", code, file], { encoding: "utf8" });

describe("ZipWriter", () => {
  const entries: [string, string[]][] = [
    ["trl-kto.train.jsonl", ['{"a":1}\n', '{"b":"Ça va? 日本語 👍"}\n', "x".repeat(100_000)]],
    ["trl-kto.validation.jsonl", []],
    ["trl-kto.summary.json", ['{"lines":2}\n']],
  ];

  it("writes an archive that unzip and Python read back exactly, CRCs checked", () => {
    const file = path.join(directory, "a.zip");
    writeFileSync(file, archive(entries));
    execFileSync("unzip", ["-t", "-q", file]);
    expect(execFileSync("python3", ["-m", "zipfile", "-t", file], { encoding: "utf8" })).toMatch(
      /Done testing/,
    );
    const listing = JSON.parse(
      python(
        file,
        "import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nprint(json.dumps([[i.filename,i.compress_type,i.file_size,z.read(i).decode()] for i in z.infolist()]))",
      ),
    ) as [string, number, number, string][];
    expect(listing).toEqual(
      entries.map(([name, pieces]) => [name, 0, Buffer.byteLength(pieces.join("")), pieces.join("")]),
    );
  });

  it("is deterministic: the same entries give the same bytes (a fixed time in every header)", () => {
    expect(archive(entries).equals(archive(entries))).toBe(true);
    expect(execFileSync("zipinfo", [path.join(directory, "a.zip")], { encoding: "utf8" })).toMatch(
      /80-Jan-01 00:00/,
    );
  });

  it("refuses to interleave entries", () => {
    const zip = new ZipWriter();
    zip.begin("a");
    expect(() => zip.begin("b")).toThrow();
    expect(() => zip.finish()).toThrow();
    zip.end();
    expect(() => zip.data(Buffer.from("x"))).toThrow();
  });
});
