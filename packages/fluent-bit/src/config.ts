import type { Cluster, Logging } from "@llm-gitops/config";
import { MAX_STRING, REDACT_CALL, redactionLua } from "./lua.ts";
import { outputSection, type Section } from "./output.ts";

/**
 * Fluent Bit's YAML configuration (full parity from v3.2): top-level `service` and `pipeline`
 * with `inputs`, `filters`, `outputs` lists, each entry a plugin `name` plus its properties.
 * Sources: fluent/fluent-bit v3.2.10 src/config_format/flb_cf_yaml.c (section names),
 * fluent/fluent-bit-docs branch 3.2 administration/configuring-fluent-bit/yaml/{service,pipeline}-section.md.
 * No `parsers` section: the `docker` and `cri` multiline parsers are built in (src/multiline/flb_ml_parser_{docker,cri}.c).
 */
export interface FluentBitConfig {
  service: Record<string, string | number>;
  pipeline: { inputs: Section[]; filters: Section[]; outputs: Section[] };
}

/** Tag of container logs; the kubernetes filter's default kube_tag_prefix (kube.var.log.containers.) follows from it. */
export const TAG = "kube.*";
/** Where tail keeps file offsets; Fluent Bit's DaemonSet must mount a hostPath here. */
export const DB_PATH = "/var/fluent-bit/state/flb_kube.db";

/** in_tail properties: fluent/fluent-bit v3.2.10 plugins/in_tail/tail.c config map. */
function tailInput(namespace: string): Section {
  return {
    name: "tail",
    tag: TAG,
    path: "/var/log/containers/*.log",
    // Fluent Bit's own containers: its logs would loop back through the pipeline.
    exclude_path: `/var/log/containers/*_${namespace}_fluent-bit-*.log`,
    "multiline.parser": "docker, cri",
    db: DB_PATH,
    "db.locking": "true",
    mem_buf_limit: "64MB",
    buffer_max_size: `${MAX_STRING / 1024}k`,
    skip_long_lines: "on",
    refresh_interval: 10,
    rotate_wait: 30,
  };
}

/**
 * filter_kubernetes (fluent/fluent-bit v3.2.10 plugins/filter_kubernetes/kubernetes.c): merge_log
 * parses a JSON-object `log` string into top-level keys, keep_log off then drops `log` (only when
 * it merged; a non-JSON `log` stays). No merge_log_key: the platform schema stays at the top level
 * and the Lua walks every depth anyway. k8s-logging.exclude lets a pod opt out with the
 * fluentbit.io/exclude annotation; k8s-logging.parser stays off so a pod cannot pick a parser.
 */
function kubernetesFilter(): Section {
  return {
    name: "kubernetes",
    match: TAG,
    merge_log: "on",
    keep_log: "off",
    "k8s-logging.parser": "off",
    "k8s-logging.exclude": "on",
    labels: "on",
    annotations: "off",
    buffer_size: "0",
  };
}

/**
 * filter_lua with inline `code` (supported: v3.2.10 plugins/filter_lua/lua_config.c reads `code`
 * before `script`), so nothing but this one file needs mounting. protected_mode stays on as a second
 * net; the callback itself never lets an error escape (see lua.ts).
 */
function redactionFilter(removeKeys: readonly string[]): Section {
  return { name: "lua", match: TAG, call: REDACT_CALL, code: redactionLua(removeKeys), protected_mode: "on", time_as_table: "off" };
}

export function fluentBitConfig(cluster: Cluster, logging: Logging): FluentBitConfig {
  return {
    service: { flush: 1, log_level: "info", http_server: "on", http_listen: "0.0.0.0", http_port: 2020, health_check: "on" },
    pipeline: {
      inputs: [tailInput(logging.fluentBit.namespace)],
      filters: [kubernetesFilter(), redactionFilter(logging.removeKeys)],
      outputs: [outputSection(cluster, logging.output, TAG)],
    },
  };
}
