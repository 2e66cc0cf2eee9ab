import { Type } from "@sinclair/typebox";
import { DeploymentRouteSchema, EnvironmentGatewaySchema } from "./schema-network.ts";
import { SloSchema } from "./schema-observability.ts";
import { LoadSchema } from "./schema-cost.ts";
import { Choice, DeploymentName, INT32_MAX, Label, Resources, Strict } from "./schema-kit.ts";
import { POLICY_RULE_IDS } from "./waivers.ts";

/** A deliberate exception to one policy rule, with the reason reviewers read in check and diff. */
const Waiver = Type.Object(
  {
    rule: Choice(POLICY_RULE_IDS, "id of the policy rule this deployment's objects are exempt from"),
    reason: Type.String({ maxLength: 300, pattern: "\\S", description: "why the exception is deliberate", hint: "say why the exception is deliberate, e.g. which upstream limitation forces it" }),
  },
  Strict,
);

const ScalePolicy = Type.Object(
  {
    stabilizationWindowSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 3600 })),
    pods: Type.Optional(Type.Integer({ minimum: 1, maximum: INT32_MAX, description: "at most this many pods per period" })),
    periodSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 1800 })),
  },
  Strict,
);

export const METRICS = ["queueDepth", "runningRequests", "kvCacheUsage", "gpuUtilization", "gpuEngineActive", "concurrency", "rps"] as const;

const Autoscaling = Type.Object(
  {
    metric: Type.Optional(Choice(METRICS, "the load signal replicas follow")),
    target: Type.Optional(Type.Number({ minimum: 0.001, maximum: 1e9, description: "per-replica target of the metric (Kubernetes quantities go down to milli-units: at least 0.001)" })),
    scaleUp: Type.Optional(ScalePolicy),
    scaleDown: Type.Optional(ScalePolicy),
    schedule: Type.Optional(
      Type.Object(
        {
          timezone: Type.String({ pattern: "^[A-Za-z0-9_+/-]{1,64}$", description: "IANA time zone of the windows, e.g. America/New_York", hint: "use an IANA time zone name such as America/New_York or UTC" }),
          windows: Type.Array(
            Type.Object(
              {
                start: Type.String({ maxLength: 100, description: "cron expression when the window opens, e.g. 0 7 * * 1-5" }),
                end: Type.String({ maxLength: 100, description: "cron expression when it closes, e.g. 0 20 * * 1-5" }),
              },
              Strict,
            ),
            { minItems: 1 },
          ),
          offHoursMin: Type.Integer({ minimum: 0, maximum: INT32_MAX, description: "fewest replicas outside the windows" }),
        },
        { ...Strict, description: "scale down outside working hours (KEDA cron)" },
      ),
    ),
  },
  Strict,
);

export const DeploymentSchema = Type.Object(
  {
    name: DeploymentName,
    model: Type.String({ maxLength: 253, description: "key of a model in the models catalog of environments/platform.yaml" }),
    gpuProfile: Type.String({ maxLength: 253, description: "key of a GPU profile in environments/platform.yaml" }),
    image: Type.Object(
      {
        tag: Type.Optional(Type.String({ pattern: "^[\\w][\\w.-]{0,127}$", hint: "use a Docker tag: letters, digits, '_', '.', '-'" })),
        digest: Type.Optional(
          Type.String({ pattern: "^sha256:[a-f0-9]{64}$", hint: "use sha256: followed by 64 lowercase hex digits" }),
        ),
      },
      { ...Strict, description: "the image version to run: tag or digest" },
    ),
    replicas: Type.Object(
      {
        min: Type.Integer({ minimum: 0, maximum: INT32_MAX, description: "fewest replicas" }),
        max: Type.Integer({ minimum: 1, maximum: INT32_MAX, description: "most replicas" }),
      },
      { ...Strict, description: "replica bounds" },
    ),
    resources: Type.Optional(Resources),
    vllm: Type.Optional(
      Type.Object(
        {
          maxModelLen: Type.Optional(Type.Integer({ minimum: 1, maximum: INT32_MAX, description: "longest sequence (prompt + output) in tokens" })),
          gpuMemoryUtilization: Type.Optional(
            Type.Number({ exclusiveMinimum: 0, maximum: 1, description: "fraction of GPU memory vLLM pre-allocates" }),
          ),
          maxNumSeqs: Type.Optional(Type.Integer({ minimum: 1, maximum: INT32_MAX, description: "most sequences in one batch (vLLM's API-server default: 256, or 1024 on GPUs of 70 GiB or more other than A100)" })),
          maxNumBatchedTokens: Type.Optional(
            Type.Integer({ minimum: 1, maximum: INT32_MAX, description: "most tokens in one scheduler step (vLLM's API-server default: 2048, or 8192 on GPUs of 70 GiB or more other than A100)" }),
          ),
        },
        Strict,
      ),
    ),
    clusters: Type.Optional(
      Type.Array(Type.String({ description: "key of one of the environment's clusters" }), {
        minItems: 1,
        description: "the clusters of the environment that run this deployment (default: all of them)",
      }),
    ),
    kserve: Type.Optional(
      Type.Object({ deploymentMode: Type.Optional(Choice(["Standard", "Knative"] as const)) }, Strict),
    ),
    autoscaling: Type.Optional(Autoscaling),
    startupTimeoutSeconds: Type.Optional(
      Type.Integer({ minimum: 60, maximum: INT32_MAX, description: "how long the model may take to load before the pod is restarted" }),
    ),
    route: Type.Optional(DeploymentRouteSchema),
    load: Type.Optional(LoadSchema),
    waivers: Type.Optional(Type.Array(Waiver, { maxItems: 32, description: "policy rules this deployment's objects are exempt from, each with a reason" })),
  },
  Strict,
);

export const EnvironmentSchema = Type.Object(
  {
    namespace: Label("namespace the environment's workloads run in"),
    priority: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 1000000000, description: "scheduling priority of the environment's model servers (default 100000)" }),
    ),
    clusters: Type.Array(Type.String({ description: "key of a cluster in environments/platform.yaml" }), { minItems: 1 }),
    production: Type.Optional(Type.Boolean({ description: "serves real users: images must be pinned by digest (default: true when the environment is named prod or production)" })),
    deployments: Type.Array(DeploymentSchema),
    gateway: Type.Optional(EnvironmentGatewaySchema),
    slo: Type.Optional(SloSchema),
  },
  Strict,
);
