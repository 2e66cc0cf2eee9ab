/**
 * A schema with each repeated sub-schema written once, under `definitions`, and referenced by
 * `$ref` wherever it occurred. CRD schemas are fully expanded OpenAPI: KServe's InferenceService
 * holds the container schema dozens of times (every model framework of the predictor, the
 * transformer, the explainer, …), so ajv generated 10 MB of code for it and took seconds. ajv
 * compiles a referenced schema once, as a function. A `$ref` to an identical self-contained
 * sub-schema validates exactly what the sub-schema did; only schema paths in errors differ, so
 * the validator of such a schema only decides valid or not (engine.ts), and errors come from the
 * schema as written.
 *
 * Schemas that already use `$ref`, `$id`, `id` or a root `definitions` are returned as they are:
 * moving a sub-schema could change what its references resolve to.
 */
export function shareRepeated(schema: Record<string, unknown>, minSize = 400): Record<string, unknown> {
  if (usesReferences(schema) || "definitions" in schema) return schema;
  const ids = new Map<string, number>();
  const count: number[] = [];
  const size: number[] = [];
  const idOf = new Map<object, number>();

  // Pass 1, bottom-up: identical sub-schemas get one id (hash-consing by a shallow signature).
  const intern = (node: unknown): unknown => {
    if (!isObject(node)) return node;
    let sum = 0;
    const shallow = mapChildren(node, (child) => {
      if (!isObject(child)) return child;
      const id = intern(child) as number;
      sum += size[id]!;
      return { "#": id };
    });
    const signature = JSON.stringify(shallow);
    let id = ids.get(signature);
    if (id === undefined) {
      id = count.length;
      ids.set(signature, id);
      count.push(0);
      size.push(signature.length + sum);
    }
    count[id]!++;
    idOf.set(node, id);
    return id;
  };
  intern(schema);

  // Pass 2, top-down: the largest repeated sub-schemas become definitions first.
  const definitions: Record<string, unknown> = {};
  const names = new Map<number, string>();
  const rebuild = (node: unknown, root: boolean): unknown => {
    if (!isObject(node)) return node;
    const id = idOf.get(node)!;
    if (root || count[id]! < 2 || size[id]! < minSize) return mapChildren(node, (c) => rebuild(c, false));
    let name = names.get(id);
    if (name === undefined) {
      name = `s${names.size}`;
      names.set(id, name);
      definitions[name] = mapChildren(node, (c) => rebuild(c, false));
    }
    return { $ref: `#/definitions/${name}` };
  };
  const out = rebuild(schema, true) as Record<string, unknown>;
  return names.size ? { ...out, definitions } : schema;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Keywords whose value is a schema, an array of schemas, or a map of names to schemas (draft-04 to 07). */
const ONE = new Set(["additionalProperties", "additionalItems", "not", "contains", "propertyNames", "if", "then", "else"]);
const MANY = new Set(["allOf", "anyOf", "oneOf"]);
const MAP = new Set(["properties", "patternProperties"]);

/** The node with each sub-schema replaced by f(sub-schema); everything else (enum, default, …) as it is. */
function mapChildren(node: Record<string, unknown>, f: (child: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (ONE.has(k)) out[k] = isObject(v) ? f(v) : v;
    else if (MANY.has(k) && Array.isArray(v)) out[k] = v.map((s) => (isObject(s) ? f(s) : s));
    else if (k === "items") out[k] = Array.isArray(v) ? v.map((s) => (isObject(s) ? f(s) : s)) : isObject(v) ? f(v) : v;
    else if (MAP.has(k) && isObject(v)) out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, isObject(s) ? f(s) : s]));
    else if (k === "dependencies" && isObject(v)) out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, isObject(s) ? f(s) : s]));
    else out[k] = v;
  }
  return out;
}

/** Whether any sub-schema names $ref, $id or (draft-04) id. */
function usesReferences(node: Record<string, unknown>): boolean {
  if ("$ref" in node || "$id" in node || typeof node.id === "string") return true;
  let found = false;
  mapChildren(node, (child) => (found ||= isObject(child) && usesReferences(child)));
  return found;
}
