import { describe, expect, it } from "vitest";
import { goNumber, memoryResources, parseDocuments } from "../src/documents.ts";

const value = (yaml: string) => (parseDocuments("f.yaml", `v: ${yaml}\n`, false)[0]!.object as { v: unknown }).v;
const objects = (text: string, stream = false) => parseDocuments("f.yaml", text, false, stream).map((r) => r.parseError?.message ?? r.object);

describe("YAML as Kubernetes reads it (go-yaml v2 through sigs.k8s.io/yaml)", () => {
  // goyaml.v2/resolve.go: every spelling in its resolve table.
  it.each(["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"])("%s is true", (s) => expect(value(s)).toBe(true));
  it.each(["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"])("%s is false", (s) => expect(value(s)).toBe(false));
  it.each(["yES", "oN", "nO", "'yes'", '"off"', "yes please"])("%s is a string", (s) => expect(typeof value(s)).toBe("string"));

  // strconv.ParseInt(s, 0, 64) after dropping underscores, then ParseUint, then a float.
  it.each([
    ["1_000", 1000],
    ["0o17", 15],
    ["0O17", 15],
    ["017", 15],
    ["-017", -15],
    ["0x1F", 31],
    ["0b101", 5],
    ["-0b101", -5],
    ["+12", 12],
    ["09", 9],
    ["1e3", 1000],
    ["1.", 1],
    [".5", 0.5],
    ["+.5", 0.5],
    ["1_000.5", 1000.5],
    ["18446744073709551615", 18446744073709551615],
  ])("%s is the number %d", (s, n) => expect(value(s)).toBe(n));

  it.each([
    ["1:20", "no sexagesimal numbers"],
    ["2001-12-14", "timestamps stay strings"],
    ["2001-12-14T21:59:43.10Z", "timestamps stay strings"],
    ["1.2.3", "not a number"],
    ["0x", "no digits"],
    ["0b", "no digits"],
    ["0b102", "not binary"],
    ["08x", "not a number"],
    ["._5", "ParseFloat takes no underscores"],
    ["0x1_0000_0000_0000_0000", "beyond uint64"],
  ])("%s is a string: %s", (s) => expect(value(s)).toBe(s));

  it("decodes !!binary into a string, and refuses bad base64 as go-yaml does", () => {
    expect(value("!!binary aGVsbG8=")).toBe("hello");
    expect(value("!!binary |\n  aGVs\n  bG8=")).toBe("hello");
    expect(objects("v: !!binary not*base64\n")).toEqual([expect.stringContaining("!!binary value contains invalid base64 data")]);
  });

  it("merges << keys (a mapping, an alias, a list of them)", () => {
    expect(objects("a: &a {x: 1, z: 2}\nb:\n  <<: *a\n  z: 3\nc:\n  <<: [{p: 1}, {p: 2, q: 2}]\n")).toEqual([{ a: { x: 1, z: 2 }, b: { x: 1, z: 3 }, c: { p: 1, q: 2 } }]);
  });

  it("reads booleans and numbers as keys the way sigs.k8s.io/yaml turns them into strings", () => {
    expect(objects("on: push\ny: 1\n1: a\n")).toEqual([{ true: 1, 1: "a" }]);
  });

  it.each([".inf", "-.Inf", ".nan"])("%s cannot become JSON: an error, as json.Marshal fails", (s) => {
    expect(objects(`v: ${s}\n`)).toEqual([expect.stringMatching(/^error unmarshalling resource: error converting YAML to JSON: json: unsupported value: (\+Inf|-Inf|NaN)$/)]);
  });
});

describe("documents as kubeconform splits them (pkg/resource/stream.go, files.go)", () => {
  it.each([
    ["a comment-only document is empty", "a: 1\n---\n# c\n---\nb: 2\n", [{ a: 1 }, null, { b: 2 }]],
    ["a null document is empty", "a: 1\n---\n~\n", [{ a: 1 }, null]],
    ["a blank line between markers makes no document in a file", "a: 1\n---\n\n---\nb: 2\n", [{ a: 1 }, { b: 2 }]],
    ["two markers in a row make no document", "a: 1\n---\n---\nb: 2\n", [{ a: 1 }, { b: 2 }]],
    ["a leading and a trailing marker make none", "---\na: 1\n---\n", [{ a: 1 }]],
    ["a file of comments is one empty document", "# c\n# d\n", [null]],
    ["an empty file is one empty document", "", [null]],
  ])("%s", (_, text, expected) => expect(objects(text)).toEqual(expected));

  it("keeps zero-length documents on stdin, and has no document for empty stdin (FromStream)", () => {
    expect(objects("\n---\na: 1\n", true)).toEqual([null, { a: 1 }]);
    expect(objects("a: 1\n---\n\n---\nb: 2\n", true)).toEqual([{ a: 1 }, null, { b: 2 }]);
    expect(objects("", true)).toEqual([]);
  });
});

describe("lists", () => {
  it("expands List and *List kinds whose items is an array, each item located in the file", () => {
    const text = "apiVersion: v1\nkind: List\nitems:\n- kind: A\n- kind: B\n  bogus: 1\n";
    const rs = parseDocuments("l.yaml", text, false);
    expect(rs.map((r) => [r.filename, r.index, r.object])).toEqual([["l.yaml", 0, { kind: "A" }], ["l.yaml", 1, { kind: "B", bogus: 1 }]]);
    expect(rs[1]!.locate!("/bogus")).toEqual({ line: 6, col: 3 });
    expect(memoryResources([{ filename: "m", object: { kind: "ConfigMapList", items: [{ kind: "ConfigMap" }] } }]).map((r) => r.object)).toEqual([{ kind: "ConfigMap" }]);
  });

  it.each([
    ["items not an array", { kind: "List", items: {} }],
    ["a kind that is no list", { kind: "Listing", items: [] }],
  ])("leaves a document alone: %s", (_, object) => {
    expect(memoryResources([{ filename: "m", object }]).map((r) => r.object)).toEqual([object]);
  });

  it("exposes the number parser for the formats go-yaml reads", () => expect(goNumber("0o17")).toBe(15));
});
