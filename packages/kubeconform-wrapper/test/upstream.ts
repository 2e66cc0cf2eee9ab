import { createReadStream, existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { TEST_DOWNLOADS } from "./schema-urls.ts";
import { mirrored } from "./shared.ts";

/** A file fetched at a commit is the mirror's file of the branch URL it is known by. */
const KNOWN_AS = new Map(TEST_DOWNLOADS.flatMap((d) => (d.from ? [[d.from, d.url] as const] : [])));

/**
 * The upstream schema hosts on loopback: `GET /<host>/<path>` serves the test mirror's file of
 * `https://<host>/<path>`, or the replacement bytes set in `tampered`. `fetch` sends an upstream
 * URL there, as the network would.
 */
export async function serveUpstream() {
  const tampered = new Map<string, string>();
  const seen: string[] = [];
  const server = createServer((req, res) => {
    const url = `https:/${req.url ?? ""}`;
    seen.push(url);
    const replaced = tampered.get(url);
    if (replaced !== undefined) return void res.writeHead(200).end(replaced);
    const file = mirrored(KNOWN_AS.get(url) ?? url);
    if (!existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200);
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fetcher = ((input: string | URL | Request) => fetch(String(input).replace(/^https:\/\//, `${base}/`))) as typeof fetch;
  return { base, fetch: fetcher, seen, tampered, close: () => new Promise<void>((done) => server.close(() => done())) };
}

/** A fetch that must not be called: proves a run read only the cache or the mirror. */
export const offline = (async (input: string | URL | Request) => {
  throw new Error(`no network expected, fetched ${String(input)}`);
}) as typeof fetch;
