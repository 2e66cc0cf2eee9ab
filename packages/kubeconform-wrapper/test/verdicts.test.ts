import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryResources } from "../src/documents.ts";
import { DEFAULT_OPTIONS, type Options } from "../src/types.ts";
import { createValidator } from "../src/validate.ts";
import { VerdictCache } from "../src/verdicts.ts";

// Local schema files: no mirror needed. A Widget with a rule that cannot run offline (a note).
const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
spec:
  group: example.com
  names: {kind: Widget}
  versions:
    - name: v1
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-validations:
            - {rule: "self.metadata.name == oldSelf.metadata.name", message: immutable}
            - {rule: "self.size <= 10", message: too big}
          properties:
            apiVersion: {type: string}
            kind: {type: string}
            metadata: {type: object}
            size: {type: integer}
`;
const widget = (size: number, name = "w") => ({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name }, size });

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), "llm-gitops-verdicts-"));
  await writeFile(join(dir, "widget.yaml"), CRD);
  const options: Options = { ...DEFAULT_OPTIONS, strict: true, kubernetesVersion: "1.33.1", schemaLocations: [join(dir, "widget.yaml")], validatorCache: join(dir, "validators") };
  const run = async (objects: unknown[], verdicts?: VerdictCache) => {
    const results = await createValidator(options, verdicts ? { verdicts } : {}).validate(memoryResources(objects.map((object, i) => ({ filename: `w-${i}.yaml`, object }))));
    verdicts?.save();
    return results;
  };
  return { dir, run, cache: (build = "b1") => new VerdictCache(join(dir, "validators"), build) };
}

describe("remembered valid verdicts", () => {
  it("give exactly the results a run gives, skipped-rule notes included", async () => {
    const { run, cache } = await setup();
    const objects = [widget(1), widget(11), widget(2, "v")];
    const plain = await run(objects);
    expect(plain.map((r) => r.status)).toEqual(["statusValid", "statusInvalid", "statusValid"]);
    expect(plain[0]!.notes).toEqual([expect.stringContaining("oldSelf")]);
    expect(await run(objects, cache())).toEqual(plain);
    expect(await run(objects, cache())).toEqual(plain);
  });

  it("are used, and only valid ones are kept", async () => {
    const { run, cache, dir } = await setup();
    await run([widget(1), widget(11)], cache());
    const [file] = await readdir(join(dir, "validators", "verdicts"));
    const stored = JSON.parse(await readFile(join(dir, "validators", "verdicts", file!), "utf8"));
    expect(Object.values(stored.verdicts)).toEqual([[expect.stringContaining("oldSelf")]]);
    // A cache that claims every document valid is believed: the validator asks it first.
    const forged = cache();
    forged.get = () => [];
    expect((await run([widget(11)], forged)).map((r) => [r.status, r.notes])).toEqual([["statusValid", undefined]]);
  });

  it("are read back from the file a run before saved", async () => {
    const { run, cache, dir } = await setup();
    await run([widget(1)], cache());
    const [file] = await readdir(join(dir, "validators", "verdicts"));
    const path = join(dir, "validators", "verdicts", file!);
    const stored = JSON.parse(await readFile(path, "utf8"));
    for (const k of Object.keys(stored.verdicts)) stored.verdicts[k] = ["/: a note only the file holds"];
    await writeFile(path, JSON.stringify(stored));
    expect((await run([widget(1)], cache()))[0]!.notes).toEqual(["CEL rule skipped at /: a note only the file holds"]);
  });

  it("of one schema are not taken for another: strict refuses what the same document passed without it", async () => {
    const { dir, run } = await setup();
    const extra = { ...widget(1), colour: "red" };
    const c = new VerdictCache(join(dir, "validators"), "b1");
    const lax = createValidator({ ...DEFAULT_OPTIONS, strict: false, kubernetesVersion: "1.33.1", schemaLocations: [join(dir, "widget.yaml")] }, { verdicts: c });
    expect((await lax.validate(memoryResources([{ filename: "w.yaml", object: extra }])))[0]!.status).toBe("statusValid");
    c.save();
    expect((await run([extra], new VerdictCache(join(dir, "validators"), "b1")))[0]!.status).toBe("statusInvalid");
  });

  it("of a schema file are not taken once the file changes", async () => {
    const { dir } = await setup();
    const schema = (max: number) => JSON.stringify({ type: "object", properties: { size: { type: "integer", maximum: max } } });
    const options: Options = { ...DEFAULT_OPTIONS, kubernetesVersion: "1.33.1", schemaLocations: [join(dir, "{{.ResourceKind}}.json")] };
    const validate = async () => {
      const c = new VerdictCache(join(dir, "validators"), "b1");
      const [r] = await createValidator(options, { verdicts: c }).validate(memoryResources([{ filename: "w.yaml", object: widget(5) }]));
      c.save();
      return r!.status;
    };
    await writeFile(join(dir, "widget.json"), schema(10));
    expect(await validate()).toBe("statusValid");
    expect(await validate()).toBe("statusValid");
    await writeFile(join(dir, "widget.json"), schema(4));
    expect(await validate()).toBe("statusInvalid");
  });

  it("belong to one build, and a document's key changes with the schema and the document", async () => {
    const { run, cache, dir } = await setup();
    await run([widget(1)], cache("b1"));
    await run([widget(1)], cache("b2"));
    expect(await readdir(join(dir, "validators", "verdicts"))).toHaveLength(2);
    // Only the four most recently written builds keep theirs.
    const files = () => readdir(join(dir, "validators", "verdicts"));
    const recent: string[] = [];
    for (const b of ["b3", "b4", "b5", "b6"]) {
      const before = new Set(await files());
      await run([widget(1)], cache(b));
      recent.push(...(await files()).filter((f) => !before.has(f)));
    }
    expect(recent).toHaveLength(4);
    expect((await files()).sort()).toEqual(recent.sort());
    const c = cache();
    expect(c.key("schema-a", widget(1))).not.toBe(c.key("schema-b", widget(1)));
    expect(c.key("schema-a", widget(1))).not.toBe(c.key("schema-a", widget(2)));
    expect(c.key("schema-a", widget(1))).toBe(c.key("schema-a", widget(1)));
  });

  it("are not kept for data JSON would not write one to one", () => {
    const c = new VerdictCache("/nonexistent", "b1");
    const hidden = Object.defineProperty({ a: 1 }, "b", { value: 2, enumerable: false });
    for (const v of [{ a: undefined }, [1, , 2], -0, Number.NaN, Infinity, new Date(0), hidden, { f: () => 1 }, 1n]) {
      expect(c.key("s", v)).toBeUndefined();
    }
  });
});

// Compiled verdict validators are keyed by the schema's digest, not its JSON (engine.ts
// schemaKey): a schema file changed in place must still get a validator of its own.
describe("compiled validators keyed by the schema's digest", () => {
  it.each([
    ["a CRD file", "widget.yaml", (max: number) => CRD.replace("size: {type: integer}", `size: {type: integer, maximum: ${max}}`)],
    ["a JSON schema file", "widget.json", (max: number) => JSON.stringify({ type: "object", properties: { size: { type: "integer", maximum: max } } })],
  ])("%s edited in place is validated as it now reads, with a cache filled before", async (_, file, schema) => {
    const dir = await mkdtemp(join(tmpdir(), "llm-gitops-verdict-keys-"));
    const options: Options = { ...DEFAULT_OPTIONS, strict: false, kubernetesVersion: "1.33.1", schemaLocations: [join(dir, file)], validatorCache: join(dir, "validators") };
    const statuses = async () => (await createValidator(options).validate(memoryResources([{ filename: "w.yaml", object: widget(5) }]))).map((r) => r.status);
    await writeFile(join(dir, file), schema(10));
    expect(await statuses()).toEqual(["statusValid"]);
    expect(await statuses()).toEqual(["statusValid"]); // from the cache
    await writeFile(join(dir, file), schema(3));
    expect(await statuses()).toEqual(["statusInvalid"]);
    await writeFile(join(dir, file), schema(10));
    expect(await statuses()).toEqual(["statusValid"]);
  });
});
