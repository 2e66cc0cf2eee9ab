import type { Input } from "./pipeline.ts";
import type { Rec, Value } from "./luajit.ts";

/** One corpus entry: what tail reads, what must not survive, and what must survive unchanged. */
export interface Case {
  id: string;
  input: Input;
  /** Every prompt, response, credential or personal datum in the input. */
  secrets: string[];
  /** Paths (dot-separated) whose value must survive exactly. */
  keep?: [string, Value][];
  /** Paths whose string value must contain a text. */
  contains?: [string, string][];
  /** The record must be dropped. */
  dropped?: boolean;
}

const TIME = "2025-01-12T10:15:30.123456789Z";

/** Kubernetes metadata as filter_kubernetes appends it (kube_meta.c: pod_name, namespace_name, …). */
export function meta(container = "kserve-container", pod = "qwen-chat-predictor-7d9f8c6b5-abcde"): Rec {
  return {
    pod_name: pod,
    namespace_name: "llm-prod",
    pod_id: "0f6c1c8e-3d0b-4b8e-9a57-2a6d1f7c9e11",
    labels: { "serving.kserve.io/inferenceservice": "qwen-chat", component: "predictor" },
    host: "ip-10-0-3-17.ec2.internal",
    container_name: container,
    docker_id: "4f1d2c3b5a69e8f7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6b5a4938271605",
    container_image: "ghcr.io/example-org/vllm-qwen:v1",
  };
}

/** A record as tail with `multiline.parser: docker` emits it (log, stream, time; the line keeps its \n). */
export const docker = (log: string | Buffer, stream = "stdout"): Rec => ({ log: typeof log === "string" ? `${log}\n` : log, stream, time: TIME });
/** A record as the `cri` multiline parser emits it (time, stream, _p, log). */
export const cri = (log: string, stream = "stdout"): Rec => ({ time: TIME, stream, _p: "F", log });

export function entry(id: string, record: Rec, secrets: string[], rest: Omit<Case, "id" | "input" | "secrets"> & { container?: string } = {}): Case {
  const { container, ...checks } = rest;
  return { id, input: { record, metadata: meta(container) }, secrets, ...checks };
}

/** The value at a dot-separated path (keys may not contain dots here). */
export function at(v: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), v);
}

/** Every string in a value, keys included, for secret search. */
export function strings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Buffer.isBuffer(v)) return [v.toString("latin1")];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => [k, ...strings(x)]);
  return [];
}
