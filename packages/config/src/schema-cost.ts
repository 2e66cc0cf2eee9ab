import { Type, type Static } from "@sinclair/typebox";
import { INT32_MAX, LABEL_VALUE, Label, Strict } from "./schema-kit.ts";

/**
 * The inputs of `llm-gitops cost` (packages/cost): what the platform pays beyond GPU nodes, the
 * spot share of a pool, and the load an environment expects of a deployment. None of it is
 * rendered into clusters/; prices default to llm-gitops's dated list-price table.
 */

const Usd = (description: string) => Type.Number({ minimum: 0, maximum: 1e7, description });

/** Part of a pool's nodes on spot capacity, at the spot price the team budgets with (spot prices float). */
export const SpotSchema = Type.Object(
  {
    share: Type.Number({ minimum: 0, maximum: 1, description: "fraction of the pool's nodes on spot capacity, e.g. 0.5" }),
    pricePerHour: Usd("the spot price of one node in USD per hour the budget assumes (spot prices change hourly; none is built in)"),
  },
  { ...Strict, description: "run part of the pool on spot capacity (for non-core services: spot nodes can be reclaimed at two minutes' notice)" },
);

const CpuNodes = Type.Object(
  {
    name: Label("name of the CPU node group"),
    instanceType: Type.String({ pattern: LABEL_VALUE, minLength: 1, description: "cloud instance type, e.g. c6i.4xlarge" }),
    count: Type.Integer({ minimum: 0, maximum: 10000, description: "nodes the group runs on average" }),
    pricePerHour: Type.Optional(Usd("on-demand price of one node in USD per hour (default: llm-gitops's list-price table)")),
    spot: Type.Optional(SpotSchema),
  },
  Strict,
);

const Volume = Type.Object(
  {
    name: Label("what the volumes hold, e.g. model-cache"),
    sizeGiB: Type.Number({ exclusiveMinimum: 0, maximum: 1e6, description: "size of one volume in GiB (cloud providers bill GiB as 'GB')" }),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: INT32_MAX, description: "how many such volumes (default 1)" })),
    storageClass: Type.Optional(Type.String({ pattern: LABEL_VALUE, minLength: 1, description: "volume type, e.g. gp3 (default gp3)" })),
    pricePerGiBMonth: Type.Optional(Usd("price in USD per GiB-month (default: llm-gitops's list-price table)")),
  },
  Strict,
);

/** platform.yaml, under clusters.<name>: what the cluster costs beyond its GPU pools. */
export const ClusterCostSchema = Type.Object(
  {
    controlPlanePerHour: Type.Optional(Usd("managed control-plane fee in USD per hour (default: the provider's list fee, e.g. EKS $0.10)")),
    cpuNodes: Type.Optional(Type.Array(CpuNodes, { maxItems: 64, description: "CPU node groups (system pods, gateway, monitoring)" })),
    storage: Type.Optional(Type.Array(Volume, { maxItems: 64, description: "persistent volumes the cluster pays for" })),
  },
  { ...Strict, description: "fixed monthly costs of the cluster (llm-gitops cost)" },
);

/** <environment>.yaml, under deployments[]: the load the deployment is sized and priced for. */
export const LoadSchema = Type.Object(
  {
    utilisation: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1, description: "where replicas sit on average between replicas.min (0) and replicas.max (1) while the schedule's windows are open (default 0)" }),
    ),
    peak: Type.Optional(
      Type.Object(
        {
          requestsPerSecond: Type.Number({ exclusiveMinimum: 0, maximum: 1e6, description: "requests per second at the busiest time, on each cluster the deployment runs on (each must carry it alone when another fails)" }),
          inputTokens: Type.Integer({ minimum: 0, maximum: INT32_MAX, description: "prompt tokens of a typical request" }),
          outputTokens: Type.Integer({ minimum: 1, maximum: INT32_MAX, description: "generated tokens of a typical request" }),
        },
        { ...Strict, description: "the load replicas.max must serve" },
      ),
    ),
  },
  { ...Strict, description: "the expected and peak load (llm-gitops cost)" },
);

export type ClusterCostInput = Static<typeof ClusterCostSchema>;
export type SpotInput = Static<typeof SpotSchema>;
export type LoadInput = Static<typeof LoadSchema>;
