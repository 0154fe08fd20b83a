// A streaming ZIP writer, STORE method (no compression): entries are written as their bytes arrive,
// sizes and CRC-32 follow each entry in a data descriptor, and the central directory comes at the end,
// so nothing is buffered whatever the size. ZIP64 records are added when a size, an offset or the
// directory passes 4 GiB. Every entry carries the same fixed time (1980-01-01): the same files give the
// same archive, byte for byte. Format: PKWARE APPNOTE.TXT 6.3 (sections 4.3–4.5).
import { crc32 } from "node:zlib";

const MAX32 = 0xffffffff;
/** General purpose flags: sizes in a data descriptor (bit 3), UTF-8 file names (bit 11). */
const FLAGS = 0x0808;
/** 1980-01-01 00:00 in MS-DOS form: the earliest date ZIP can hold. */
const DOS_TIME = 0;
const DOS_DATE = (1 << 5) | 1;

type Entry = { name: Buffer; offset: number; crc: number; size: number };

export class ZipWriter {
  private offset = 0;
  private readonly entries: Entry[] = [];
  private current: Entry | null = null;

  private emit(bytes: Buffer): Uint8Array {
    this.offset += bytes.length;
    return bytes;
  }

  /** The local header of the next entry; then its data, then `end()`. */
  begin(name: string): Uint8Array {
    if (this.current) throw new Error("ZipWriter: end() the current entry first.");
    const encoded = Buffer.from(name, "utf8");
    this.current = { name: encoded, offset: this.offset, crc: 0, size: 0 };
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed: 2.0
    header.writeUInt16LE(FLAGS, 6);
    header.writeUInt16LE(0, 8); // STORE
    header.writeUInt16LE(DOS_TIME, 10);
    header.writeUInt16LE(DOS_DATE, 12);
    // CRC-32 and sizes (14–25) stay 0: they follow in the data descriptor.
    header.writeUInt16LE(encoded.length, 26);
    header.writeUInt16LE(0, 28);
    return this.emit(Buffer.concat([header, encoded]));
  }

  /** Bytes of the current entry, passed through unchanged. */
  data(chunk: Uint8Array): Uint8Array {
    const entry = this.current;
    if (!entry) throw new Error("ZipWriter: begin() an entry first.");
    entry.crc = crc32(chunk, entry.crc);
    entry.size += chunk.length;
    this.offset += chunk.length;
    return chunk;
  }

  /** The data descriptor of the current entry (8-byte sizes once past 4 GiB). */
  end(): Uint8Array {
    const entry = this.current;
    if (!entry) throw new Error("ZipWriter: no entry to end.");
    this.current = null;
    this.entries.push(entry);
    const wide = entry.size >= MAX32;
    const descriptor = Buffer.alloc(wide ? 24 : 16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(entry.crc >>> 0, 4);
    if (wide) {
      descriptor.writeBigUInt64LE(BigInt(entry.size), 8);
      descriptor.writeBigUInt64LE(BigInt(entry.size), 16);
    } else {
      descriptor.writeUInt32LE(entry.size, 8);
      descriptor.writeUInt32LE(entry.size, 12);
    }
    return this.emit(descriptor);
  }

  /** The central directory and the end records; the archive is complete after these bytes. */
  finish(): Uint8Array {
    if (this.current) throw new Error("ZipWriter: end() the current entry first.");
    const start = this.offset;
    const parts = this.entries.map((entry) => centralHeader(entry));
    const directory = Buffer.concat(parts);
    const size = directory.length;
    const tail: Buffer[] = [directory];
    const count = this.entries.length;
    const zip64 = start >= MAX32 || size >= MAX32 || count >= 0xffff;
    if (zip64) {
      const record = Buffer.alloc(56);
      record.writeUInt32LE(0x06064b50, 0);
      record.writeBigUInt64LE(44n, 4); // size of the rest of this record
      record.writeUInt16LE(45, 12); // version made by: 4.5
      record.writeUInt16LE(45, 14); // version needed
      record.writeUInt32LE(0, 16); // this disk
      record.writeUInt32LE(0, 20); // disk of the directory
      record.writeBigUInt64LE(BigInt(count), 24);
      record.writeBigUInt64LE(BigInt(count), 32);
      record.writeBigUInt64LE(BigInt(size), 40);
      record.writeBigUInt64LE(BigInt(start), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(0x07064b50, 0);
      locator.writeUInt32LE(0, 4);
      locator.writeBigUInt64LE(BigInt(start + size), 8);
      locator.writeUInt32LE(1, 16); // total disks
      tail.push(record, locator);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(Math.min(count, 0xffff), 8);
    end.writeUInt16LE(Math.min(count, 0xffff), 10);
    end.writeUInt32LE(Math.min(size, MAX32), 12);
    end.writeUInt32LE(Math.min(start, MAX32), 16);
    tail.push(end);
    return this.emit(Buffer.concat(tail));
  }
}

function centralHeader(entry: Entry): Buffer {
  // ZIP64 extra field (APPNOTE 4.5.3): only the values that do not fit, in this order.
  const wide: bigint[] = [];
  if (entry.size >= MAX32) wide.push(BigInt(entry.size), BigInt(entry.size));
  if (entry.offset >= MAX32) wide.push(BigInt(entry.offset));
  const extra = Buffer.alloc(wide.length > 0 ? 4 + 8 * wide.length : 0);
  if (wide.length > 0) {
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(8 * wide.length, 2);
    wide.forEach((value, index) => extra.writeBigUInt64LE(value, 4 + 8 * index));
  }
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE(45, 4); // version made by: 4.5, MS-DOS attributes
  header.writeUInt16LE(wide.length > 0 ? 45 : 20, 6);
  header.writeUInt16LE(FLAGS, 8);
  header.writeUInt16LE(0, 10); // STORE
  header.writeUInt16LE(DOS_TIME, 12);
  header.writeUInt16LE(DOS_DATE, 14);
  header.writeUInt32LE(entry.crc >>> 0, 16);
  header.writeUInt32LE(Math.min(entry.size, MAX32), 20);
  header.writeUInt32LE(Math.min(entry.size, MAX32), 24);
  header.writeUInt16LE(entry.name.length, 28);
  header.writeUInt16LE(extra.length, 30);
  // Comment length, disk, internal and external attributes (32–41) stay 0.
  header.writeUInt32LE(Math.min(entry.offset, MAX32), 42);
  return Buffer.concat([header, entry.name, extra]);
}
