import { parse } from "yaml";
import type { KubernetesObject } from "@llm-gitops/core";
import { FLUENT_BIT_CONFIG_KEY, type FluentBitConfig, type Section } from "../src/index.ts";
import { runLua, type Rec, type Value } from "./luajit.ts";

/** Fluent Bit booleans: on/true/yes (src/flb_utils.c flb_utils_bool). */
const bool = (v: unknown, dflt: boolean) => (v === undefined ? dflt : ["on", "true", "yes"].includes(String(v).toLowerCase()));

const isMap = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);

/**
 * merge_log_trim: drops trailing '\n' and escaped "\n"/"\r" pairs from the end of a merged string
 * (fluent/fluent-bit v3.2.10 plugins/filter_kubernetes/kubernetes.c value_trim_size).
 */
function trim(s: string): string {
  let size = s.length;
  for (let i = size - 1; i > 0; i--) {
    if (s[i] === "\n") { size--; continue; }
    if (s[i - 1] === "\\" && (s[i] === "n" || s[i] === "r")) { size -= 2; i--; } else break;
  }
  return s.slice(0, size);
}

/**
 * The kubernetes filter's record rewrite, as pack_map_content and merge_log_handler do it
 * (kubernetes.c at v3.2.10): with merge_log, the key exactly "log" is looked up. A map value merges
 * as is (MERGE_MAP); a string is parsed by the default JSON parser (flb_pack_json_recs) and merges
 * only when it is one JSON object (MERGE_PARSED; an array, a scalar, several objects or malformed
 * JSON give MERGE_NONE). Original keys are re-emitted in order, except `log` when keep_log is off and
 * the merge happened (a non-JSON `log` always stays). Merged keys follow (under merge_log_key when set
 * and the object is non-empty), then `kubernetes`. Duplicate keys reach Lua as one table, last wins.
 * Emulation limits: JSON.parse stands in for jsmn (they differ on a few malformed inputs), and raw
 * non-UTF-8 bytes are treated as not JSON.
 */
export function kubernetesFilter(props: Section, record: Rec, metadata: Rec): Rec {
  const mergeLog = bool(props.merge_log, false);
  const keepLog = bool(props.keep_log, true);
  const mergeKey = props.merge_log_key === undefined ? undefined : String(props.merge_log_key);
  const log = mergeLog ? record.log : undefined;
  let status: "none" | "parsed" | "map" | undefined;
  let merged: Rec = {};
  if (mergeLog && "log" in record) {
    if (isMap(log)) [status, merged] = ["map", log];
    else if (typeof log === "string") {
      try {
        const parsed: unknown = JSON.parse(log);
        [status, merged] = isMap(parsed) ? ["parsed", parsed as Rec] : ["none", {}];
      } catch {
        status = "none";
      }
    } else status = "none";
  }
  const out: Rec = {};
  for (const [k, v] of Object.entries(record)) {
    if (k === "log" && status !== undefined && !keepLog && status !== "none") continue;
    out[k] = v;
  }
  if (status === "parsed" || status === "map") {
    const entries = Object.entries(merged).map(([k, v]): [string, Value] => [k, status === "parsed" && typeof v === "string" && bool(props.merge_log_trim, true) ? trim(v) : v]);
    if (mergeKey && entries.length > 0) out[mergeKey] = Object.fromEntries(entries);
    else for (const [k, v] of entries) out[k] = v;
  }
  out.kubernetes = metadata;
  return out;
}

export function readConfig(cm: KubernetesObject): FluentBitConfig {
  return parse((cm as unknown as { data: Record<string, string> }).data[FLUENT_BIT_CONFIG_KEY]!) as FluentBitConfig;
}

export interface Input { record: Rec; metadata: Rec }
/** What left the filters for one input: the record, or undefined when a filter dropped it. */
export type Output = Rec | undefined;

/** Runs the rendered filters, in their rendered order, over the inputs. */
export async function runFilters(config: FluentBitConfig, inputs: readonly Input[]): Promise<{ outputs: Output[]; errors: string[] }> {
  let records: Output[] = inputs.map((i) => i.record);
  const errors: string[] = [];
  for (const f of config.pipeline.filters) {
    if (f.name === "kubernetes") records = records.map((r, i) => (r ? kubernetesFilter(f, r, inputs[i]!.metadata) : r));
    else if (f.name === "lua") {
      const live = records.flatMap((r, i) => (r ? [[i, r] as const] : []));
      const results = await runLua(String(f.code), String(f.call), live.map(([, r]) => r));
      records = [...records];
      live.forEach(([i], j) => {
        const res = results[j]!;
        if (res.error) errors.push(res.error);
        records[i] = res.code === -1 ? undefined : res.record;
      });
    } else throw new Error(`no emulation for the ${f.name} filter: add one to test/pipeline.ts`);
  }
  return { outputs: records, errors };
}
