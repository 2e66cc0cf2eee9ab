import type { ScalarTag, Tags } from "yaml";

const INT = "tag:yaml.org,2002:int";
const FLOAT = "tag:yaml.org,2002:float";
const GO_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const GO_INT = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;

/**
 * A plain scalar starting with a digit, a sign or a dot, as go-yaml v2 reads it (what
 * sigs.k8s.io/yaml, kubectl and kubeconform use: sigs.k8s.io/yaml@v1.4.0 goyaml.v2/resolve.go):
 * underscores dropped, then Go's strconv.ParseInt base 0 (0x, 0o, 0b, 017 octal), ParseUint, a
 * float; else a string. No sexagesimal numbers, and timestamps stay strings (goyaml.v2/decode.go
 * keeps the text when decoding into interface{}), unlike the YAML 1.1 spec.
 */
export function goNumber(text: string): number | string {
  if (shortDecimal(text)) return Number(text); // the common case, without regular expressions or BigInt
  if (text.startsWith(".")) return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(text) ? Number(text) : text;
  const plain = text.replaceAll("_", "");
  const m = GO_INT.exec(plain);
  if (m) {
    const digits = m[2]!;
    const magnitude = BigInt(/^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits);
    const value = m[1] === "-" ? -magnitude : magnitude;
    // ParseInt's int64, else (unsigned only) ParseUint's uint64.
    const fits = (value >= -(2n ** 63n) && value < 2n ** 63n) || (m[1] === "" && value < 2n ** 64n);
    if (fits) return Number(value);
  }
  if (GO_FLOAT.test(plain) && Number.isFinite(Number(plain))) return Number(plain);
  return text;
}

/** 0, or 1 to 15 digits without a leading zero: an int64 whose value Number() gives exactly. */
function shortDecimal(text: string): boolean {
  const n = text.length;
  if (n === 0 || n > 15 || (text.charCodeAt(0) === 48 && n > 1)) return false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const goNumberTag: ScalarTag = { tag: INT, default: true, test: /^[-+.0-9]/, resolve: goNumber, identify: (v) => typeof v === "number" };

/** go-yaml v2 decodes !!binary to the decoded bytes as a string (goyaml.v2/decode.go, scalar). */
const binaryTag: ScalarTag = {
  tag: "tag:yaml.org,2002:binary",
  identify: () => false,
  resolve(src, onError) {
    const b64 = src.replace(/[\r\n]/g, "");
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(b64)) onError("!!binary value contains invalid base64 data");
    return Buffer.from(b64, "base64").toString("utf8");
  },
};

/** YAML 1.1 as go-yaml v2 resolves it: its booleans (yes/no/on/off/y/n), nulls and merge keys, with its numbers. */
function goYamlTags(tags: Tags): Tags {
  const kept = tags.filter((t) => {
    const tag = (t as { tag: string }).tag;
    if (tag === FLOAT) return /inf/.test(String((t as ScalarTag).test)); // .inf/.nan as in goyaml.v2's map
    return tag !== INT && !/:(binary|timestamp|omap|pairs|set)$/.test(tag);
  });
  return [...kept, goNumberTag, binaryTag];
}

export const PARSE = { version: "1.1", merge: true, customTags: goYamlTags, prettyErrors: false, logLevel: "error" } as const;

