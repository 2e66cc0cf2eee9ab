import { Type, type TSchema, type Static } from "@sinclair/typebox";

/**
 * The pieces both input schemas are built from: names, quantities, label grammars, URL and
 * image-name patterns, and the bounds Kubernetes enforces. `hint` says what a valid value looks like.
 */

export const DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
export const DNS_LABEL_HINT =
  "use a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters";

export const Label = (description: string) =>
  Type.String({ pattern: DNS_LABEL, maxLength: 63, description, hint: DNS_LABEL_HINT });

/** KServe requires InferenceService names to start with a letter; `-predictor` is appended. */
export const DeploymentName = Type.String({
  pattern: "^[a-z]([-a-z0-9]*[a-z0-9])?$",
  maxLength: 45,
  description: "name of the model deployment (becomes the InferenceService name)",
  hint: "use a DNS-1123 label that starts with a letter (lowercase letters, digits and '-', at most 45 characters, so that '<name>-predictor' fits KServe's limits)",
});

export const CatalogKey = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";

/** A map keyed by name: keys are checked like values, so a bad key is reported at the key. */
export function Catalog<T extends TSchema>(value: T, what: string) {
  return Type.Unsafe<Record<string, Static<T>>>({
    type: "object",
    description: what,
    propertyNames: {
      pattern: CatalogKey,
      maxLength: 63,
      hint: "use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 63 characters",
    },
    additionalProperties: value,
  });
}

/** Kubernetes resource quantity; YAML may give it as a number (`cpu: 6`). */
export const Quantity = (description: string) =>
  Type.Unsafe<string | number>({
    type: ["string", "number"],
    pattern: "^[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$",
    description,
    hint: "use a Kubernetes quantity such as 6, 500m, 24Gi",
  });

export const Strict = { additionalProperties: false } as const;

/** Kubernetes' int32 fields (replicas, ports, counts): larger values are refused by the API server. */
export const INT32_MAX = 2147483647;
/** The largest GPU nodes have 8 (p5, a3) and a few 16 GPUs. */
export const MAX_GPUS_PER_NODE = 16;
export const DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
/** An OCI image name (distribution/reference): optional registry host[:port], lowercase path components. */
export const IMAGE_NAME =
  "^(([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)(\\.([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?))*(:[0-9]+)?/)?[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*(/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)*$";
/** URLs that reach labels and queries: no whitespace, quotes, backslashes or shell metacharacters. */
export const HTTPS_URL = "^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%!+,;=@/-]*)?$";
export const HTTP_URL = "^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%!+,;=@/-]*)?$";

/** Kubernetes label keys and values (apimachinery validation: qualified name, label value). */
export const LABEL_KEY = "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$";
export const LABEL_VALUE = "^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$";

/** A label map; a bad key is reported at the key, a bad value at the value. */
export const Labels = (description: string) =>
  Type.Unsafe<Record<string, string>>({
    type: "object",
    description,
    propertyNames: { pattern: LABEL_KEY, maxLength: 316, hint: "use a Kubernetes label key such as release or example.com/tier" },
    additionalProperties: { type: "string", pattern: LABEL_VALUE, hint: "use a label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit" },
  });

/** A string from a fixed set (an `enum`, which ajv reports as one clear error). */
export function Choice<const T extends readonly string[]>(values: T, description?: string) {
  return Type.Unsafe<T[number]>({ type: "string", enum: [...values], ...(description ? { description } : {}) });
}

export const Toleration = Type.Object(
  {
    key: Type.String({ pattern: LABEL_KEY, maxLength: 316, description: "taint key", hint: "use a Kubernetes label key such as nvidia.com/gpu" }),
    operator: Type.Optional(Choice(["Exists", "Equal"] as const)),
    value: Type.Optional(Type.String({ pattern: LABEL_VALUE, hint: "use a label value: at most 63 letters, digits, '-', '_' or '.'" })),
    effect: Type.Optional(
      Choice(["NoSchedule", "PreferNoSchedule", "NoExecute"] as const),
    ),
  },
  Strict,
);

export const Resources = Type.Object(
  {
    cpu: Quantity("CPU each replica requests"),
    memory: Quantity("memory each replica requests"),
    limits: Type.Optional(
      Type.Object(
        {
          cpu: Type.Optional(Quantity("CPU limit (default: the request)")),
          memory: Type.Optional(Quantity("memory limit (default: the request)")),
        },
        { ...Strict, description: "limits above the requests; KServe fills any missing limit with its own 1 CPU / 2Gi default" },
      ),
    ),
    ephemeralStorage: Type.Optional(
      Quantity("node disk each replica requests and is limited to (default: image, baked model and caches)"),
    ),
  },
  Strict,
);

/** A release version with its patch number: behaviour changes between patch releases. */
export const FullVersion = (description: string, example: string) =>
  Type.String({ pattern: "^[0-9]+\\.[0-9]+\\.[0-9]+$", description, hint: `use the full release version major.minor.patch, e.g. ${example}` });
