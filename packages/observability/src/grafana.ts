/**
 * The part of Grafana's dashboard JSON model we emit (grafana.com/docs/grafana/latest/dashboards/
 * build-dashboards/view-dashboard-json-model), typed, with a fixed key order and no values that
 * change between renders: panel ids count up in order, uids are fixed, no version bumps or times.
 */

export interface DataSourceRef {
  type: "prometheus";
  uid: string;
}

/** Every panel and query reads the dashboard's data-source variable. */
export const DATASOURCE: DataSourceRef = { type: "prometheus", uid: "${datasource}" };

export interface Target {
  refId: string;
  datasource: DataSourceRef;
  expr: string;
  legendFormat: string;
}

export interface Panel {
  id: number;
  type: "timeseries" | "row";
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: DataSourceRef;
  fieldConfig?: { defaults: { unit: string; min?: number; max?: number }; overrides: [] };
  options?: { legend: { displayMode: "list"; placement: "bottom"; showLegend: true }; tooltip: { mode: "multi"; sort: "none" } };
  targets?: Target[];
  collapsed?: false;
  panels?: [];
}

export interface Variable {
  name: string;
  label: string;
  type: "datasource" | "query";
  datasource?: DataSourceRef;
  query: string | { query: string; refId: string };
  definition?: string;
  refresh: 1 | 2;
  hide: 0;
  includeAll: false;
  multi: false;
  sort?: 1;
  regex: "";
  current: Record<string, never>;
  options: [];
}

export interface Dashboard {
  annotations: { list: [] };
  description: string;
  editable: false;
  graphTooltip: 1;
  panels: Panel[];
  refresh: "30s";
  schemaVersion: 39;
  tags: string[];
  templating: { list: Variable[] };
  time: { from: "now-6h"; to: "now" };
  timezone: "utc";
  title: string;
  uid: string;
  version: 1;
}

/** A query panel: [expr, legend] pairs become targets A, B, C… */
export interface PanelSpec {
  title: string;
  unit: string;
  queries: [expr: string, legend: string][];
  max?: number;
}

/** A section: a collapsed=false row header, then panels two to a line. */
export interface RowSpec {
  title: string;
  panels: PanelSpec[];
}

const HALF = 12;
const HEIGHT = 8;

/** Lays rows and panels out on Grafana's 24-column grid; ids follow layout order. */
export function layout(rows: readonly RowSpec[]): Panel[] {
  const out: Panel[] = [];
  let y = 0;
  for (const row of rows) {
    out.push({ id: out.length + 1, type: "row", title: row.title, gridPos: { h: 1, w: 24, x: 0, y }, collapsed: false, panels: [] });
    y += 1;
    row.panels.forEach((p, i) => {
      out.push(panel(out.length + 1, p, { h: HEIGHT, w: HALF, x: (i % 2) * HALF, y: y + Math.floor(i / 2) * HEIGHT }));
    });
    y += Math.ceil(row.panels.length / 2) * HEIGHT;
  }
  return out;
}

function panel(id: number, p: PanelSpec, gridPos: Panel["gridPos"]): Panel {
  return {
    id,
    type: "timeseries",
    title: p.title,
    gridPos,
    datasource: DATASOURCE,
    fieldConfig: { defaults: { unit: p.unit, min: 0, ...(p.max !== undefined ? { max: p.max } : {}) }, overrides: [] },
    options: { legend: { displayMode: "list", placement: "bottom", showLegend: true }, tooltip: { mode: "multi", sort: "none" } },
    targets: p.queries.map(([expr, legendFormat], i) => ({ refId: String.fromCharCode(65 + i), datasource: DATASOURCE, expr, legendFormat })),
  };
}

/** The data-source picker and a `namespace` variable filled from a series' label values. */
export function variables(namespacesFrom: string): Variable[] {
  const q = `label_values(${namespacesFrom}, namespace)`;
  return [
    { name: "datasource", label: "Data source", type: "datasource", query: "prometheus", refresh: 1, hide: 0, includeAll: false, multi: false, regex: "", current: {}, options: [] },
    {
      name: "namespace", label: "Namespace", type: "query", datasource: DATASOURCE, query: { query: q, refId: "namespace" }, definition: q,
      refresh: 2, hide: 0, includeAll: false, multi: false, sort: 1, regex: "", current: {}, options: [],
    },
  ];
}

export function dashboard(uid: string, title: string, description: string, namespacesFrom: string, rows: readonly RowSpec[]): Dashboard {
  return {
    annotations: { list: [] },
    description,
    editable: false,
    graphTooltip: 1,
    panels: layout(rows),
    refresh: "30s",
    schemaVersion: 39,
    tags: ["llm-gitops", "vllm"],
    templating: { list: variables(namespacesFrom) },
    time: { from: "now-6h", to: "now" },
    timezone: "utc",
    title,
    uid,
    version: 1,
  };
}
