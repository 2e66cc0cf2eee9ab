import { Type } from "@sinclair/typebox";
import { Strict } from "./schema-kit.ts";

/**
 * A cluster's add-ons (platform.yaml `clusters.<name>.addons`): the upstream Helm charts Argo CD
 * installs, each pinned to one chart version. Where the chart's version is the release's own
 * (KServe, Istio) it comes from the release setting the schemas and renderers already use, so one
 * field decides both what runs and what the cluster is validated against.
 */

/** An exact chart version: no ranges, so a render names the chart Argo CD will install. */
const ChartVersion = (description: string, example: string) =>
  Type.String({ pattern: "^v?[0-9]+\\.[0-9]+\\.[0-9]+$", maxLength: 32, description, hint: `use the exact chart version as its repository publishes it, e.g. ${example}` });

/** Extra chart values; keys llm-gitops sets itself (the contracts depend on them) cannot be set here. */
const Values = Type.Optional(
  Type.Record(Type.String({ pattern: "^[A-Za-z0-9_.-]{1,253}$" }), Type.Unknown(), {
    description: "more chart values, merged with llm-gitops's own (which may not be overridden)",
    hint: "use a mapping of the chart's values",
  }),
);

const Chart = (what: string, example: string, extra: string) =>
  Type.Object({ chart: ChartVersion(`${what} chart version${extra}`, example), values: Values }, { ...Strict, description: `install ${what} from its upstream chart` });

export const AddonsSchema = Type.Object(
  {
    certManager: Type.Optional(Chart("cert-manager", "v1.19.6", " (the cert-manager release; it issues KServe's webhook certificate)")),
    kserve: Type.Optional(
      Type.Object({ values: Values }, { ...Strict, description: "install KServe's CRD and controller charts at kserve.version (needs certManager)" }),
    ),
    keda: Type.Optional(Chart("KEDA", "2.20.2", " (the KEDA release)")),
    prometheusAdapter: Type.Optional(Chart("prometheus-adapter", "5.3.0", " (prometheus-community; llm-gitops's rules go in its values)")),
    dcgmExporter: Type.Optional(Chart("the DCGM exporter", "4.8.2", " (NVIDIA; in prometheus.dcgmExporter.namespace)")),
    fluentBit: Type.Optional(Chart("Fluent Bit", "0.48.10", " (fluent/helm-charts; its image runs logging.fluentBit.version with our pipeline)")),
    kong: Type.Optional(Chart("Kong (the kong/ingress chart)", "0.24.0", "; its controller runs gateway.kong.version")),
    istio: Type.Optional(
      Type.Object({ values: Values }, { ...Strict, description: "install Istio's base and istiod charts at mesh.istio.version (values go to istiod)" }),
    ),
  },
  { ...Strict, description: "cluster add-ons Argo CD installs from their upstream Helm charts" },
);
