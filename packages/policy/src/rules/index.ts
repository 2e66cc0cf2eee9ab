import type { Rule } from "../rule.ts";
import { secretData, routeAuthentication, routeRateLimit, routeTls } from "./network.ts";
import { authorizationPolicy, logRedaction, mtlsStrict, podDisruptionBudget } from "./serving.ts";
import { gpuPool } from "./gpu.ts";
import { imageDigest, imagePinned, nonRoot, probes, readOnlyRoot, resources } from "./workload.ts";

/** Every rule, in the order findings are reported; ids and kinds are @llm-gitops/config's POLICY_RULES. */
export const RULES: readonly Rule[] = [
  nonRoot,
  readOnlyRoot,
  resources,
  gpuPool,
  imagePinned,
  imageDigest,
  probes,
  podDisruptionBudget,
  mtlsStrict,
  authorizationPolicy,
  logRedaction,
  secretData,
  routeAuthentication,
  routeRateLimit,
  routeTls,
];
