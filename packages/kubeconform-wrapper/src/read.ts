import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { decodeUtf8 } from "@llm-gitops/core";
import { parseDocuments } from "./documents.ts";
import { describeErrno, MAX_INPUT_BYTES, refusal, tooLarge, type Input } from "./files.ts";
import type { Resource } from "./types.ts";

type Bytes = { bytes: Uint8Array } | { refused: string };

/**
 * A file's bytes, or why not. Checked again on the open file, whatever discovery saw: the
 * path may have been swapped since. O_NONBLOCK: opening a FIFO must not wait for a writer.
 * Synchronous: files are read one after another, and the thread pool's round trips cost more
 * CPU than the reads (bench/kubeconform.ts).
 */
function readBytes(path: string): Bytes {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { refused: `not read: ${describeErrno(e)}` };
  }
  try {
    const stat = fstatSync(fd);
    const refused = refusal(stat);
    if (refused) return { refused };
    // Files under /proc report size 0 and files can grow: read to the end, within the limit.
    let buffer = Buffer.allocUnsafe(Math.min(stat.size, MAX_INPUT_BYTES) + 1);
    let total = 0;
    for (;;) {
      if (total === buffer.length) {
        if (total > MAX_INPUT_BYTES) return { refused: tooLarge(total) };
        const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2 + 4096, MAX_INPUT_BYTES + 1));
        buffer.copy(grown, 0, 0, total);
        buffer = grown;
      }
      const asked = buffer.length - total;
      const n = readSync(fd, buffer, total, asked, null);
      total += n;
      // Once a file that has a size has given all of it, a short read is its end (fs.readFileSync
      // stops at the size): no call to learn what that one said. A short read before the size
      // (FUSE, network file systems) reads on.
      if (n === 0 || (n < asked && stat.size > 0 && total >= stat.size)) break;
    }
    if (total > MAX_INPUT_BYTES) return { refused: tooLarge(total) };
    return { bytes: buffer.subarray(0, total) };
  } catch (e) {
    return { refused: `not read: ${describeErrno(e)}` };
  } finally {
    closeSync(fd);
  }
}

/** Standard input up to the limit: `validate - < /dev/zero` stops instead of filling memory. */
async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of process.stdin) {
    chunks.push(c as Buffer);
    total += (c as Buffer).length;
    if (total > MAX_INPUT_BYTES) break;
  }
  return Buffer.concat(chunks);
}

/**
 * Manifests are UTF-8 (as go-yaml requires, kubeconform's parser): a file that is not is an
 * error located at its first bad byte, never silently read with U+FFFD in place of its bytes.
 */
export function decodeManifest(bytes: Uint8Array): { text: string } | { message: string; line: number; col: number } {
  const decoded = decodeUtf8(bytes);
  if ("text" in decoded) return decoded;
  const { offset, line, col } = decoded;
  return { message: `error unmarshalling resource: invalid UTF-8 (byte 0x${bytes[offset]!.toString(16).padStart(2, "0")}): manifests must be UTF-8`, line, col };
}

const unread = (filename: string, message: string, at: { line?: number; col?: number } = {}): Resource => ({ filename, index: 0, object: undefined, parseError: { message, ...at } });

/**
 * Reads inputs into documents. A file that cannot or must not be read is one statusError
 * resource with the reason; the other files are still validated.
 */
export async function readResources(files: readonly (string | Input)[], strict: boolean, stdin?: () => Promise<string | Uint8Array>): Promise<Resource[]> {
  const all: Resource[] = [];
  for (const f of files) {
    const input = typeof f === "string" ? { path: f } : f;
    const filename = input.path === "-" ? "stdin" : input.path;
    if (input.refused !== undefined) {
      all.push(unread(filename, input.refused));
      continue;
    }
    let got: Bytes;
    if (input.path === "-") {
      const raw = await (stdin ?? readStdin)();
      const bytes = typeof raw === "string" ? Buffer.from(raw, "utf8") : raw;
      got = bytes.length > MAX_INPUT_BYTES ? { refused: tooLarge(bytes.length) } : { bytes };
    } else got = readBytes(input.path);
    if ("refused" in got) {
      all.push(unread(filename, got.refused));
      continue;
    }
    const decoded = decodeManifest(got.bytes);
    if ("message" in decoded) all.push(unread(filename, decoded.message, { line: decoded.line, col: decoded.col }));
    else all.push(...parseDocuments(filename, decoded.text, strict, input.path === "-"));
  }
  return all;
}
