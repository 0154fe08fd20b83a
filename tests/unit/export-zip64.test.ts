// ZIP64 for real: an archive whose first entry is larger than 4 GiB, so its sizes, the next entry's
// offset and the central directory's offset all need the ZIP64 records. The entry's data is zeros and
// is never written: the archive is a sparse file (its headers at their offsets, holes between), so the
// test costs seconds and no disk space, while Python's zipfile reads the ZIP64 records and all 4 GiB
// of data, checking every CRC, as it would for a real multi-gigabyte export. (unzip reads it too, but
// takes 20 s over the 4 GiB; it checks the small archives in export-zip.test.ts.)
import { execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ZipWriter } from "@/lib/export/lines/zip";

const directory = mkdtempSync(path.join(tmpdir(), "zip64-test-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const ZEROS = Buffer.alloc(64 << 20);
const BIG = 4 * 2 ** 30 + 3 * (64 << 20); // 4 GiB + 192 MiB: past every 32-bit field
const TAIL = '{"last":"line"}\n';

describe("ZipWriter past 4 GiB", () => {
  it("writes ZIP64 sizes, offsets and end records that Python reads back, every CRC checked", () => {
    const file = path.join(directory, "big.zip");
    const fd = openSync(file, "w");
    let position = 0;
    // Bytes the writer returns are written where they belong; the zero data is skipped (a hole).
    const put = (bytes: Uint8Array, isHole = false) => {
      if (!isHole) writeSync(fd, bytes, 0, bytes.length, position);
      position += bytes.length;
    };
    try {
      const zip = new ZipWriter();
      put(zip.begin("raw.train.jsonl"));
      for (let written = 0; written < BIG; written += ZEROS.length) put(zip.data(ZEROS), true);
      put(zip.data(Buffer.from(TAIL)));
      put(zip.end());
      put(zip.begin("raw.summary.json"));
      put(zip.data(Buffer.from('{"lines":1}\n')));
      put(zip.end());
      put(zip.finish());
    } finally {
      closeSync(fd);
    }
    expect(statSync(file).size).toBe(position);
    expect(position).toBeGreaterThan(2 ** 32);

    // Sizes and offsets past 32 bits, read from the ZIP64 records; every byte read and CRC-checked.
    const listing = execFileSync(
      "python3",
      [
        "-c",
        `import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None, "a CRC does not match"
for info in z.infolist(): print(info.filename, info.file_size, info.header_offset)
print(z.read("raw.summary.json").decode(), end="")`,
        file,
      ],
      { encoding: "utf8" },
    );
    const bigSize = BIG + TAIL.length;
    const secondOffset = 30 + "raw.train.jsonl".length + bigSize + 24;
    expect(listing.split("\n")).toEqual([
      `raw.train.jsonl ${bigSize} 0`,
      `raw.summary.json 12 ${secondOffset}`,
      '{"lines":1}',
      "",
    ]);
  }, 120_000);
});
