import type { HorizontalPodAutoscaler } from "kubernetes-types/autoscaling/v2";
import { problemAt as error, type KubernetesObject, type Problem } from "@llm-gitops/core";
import type { Location } from "@llm-gitops/config";
import { KEDA_HPA_OWNERSHIP } from "./hpa.ts";
import type { ScaledObject } from "./keda.ts";

type Hpa = KubernetesObject & HorizontalPodAutoscaler;

/**
 * A ScaledObject replacing a deployed HPA that lacks the hpa-ownership annotation (one rendered
 * before llm-gitops wrote it): KEDA's webhook would refuse the ScaledObject, because Argo CD
 * applies it before it prunes the HPA. The annotation must be live first.
 */
export function checkScalerSwitch(before: readonly KubernetesObject[], after: readonly { object: KubernetesObject; at: Location }[]): Problem[] {
  const problems: Problem[] = [];
  for (const { object, at } of after) {
    if (object.kind !== "ScaledObject") continue;
    const so = object as ScaledObject;
    const blocking = before.filter((o): o is Hpa => {
      if (o.kind !== "HorizontalPodAutoscaler" || o.metadata.namespace !== so.metadata.namespace) return false;
      const ref = (o as Hpa).spec?.scaleTargetRef;
      return ref?.kind === so.spec.scaleTargetRef.kind && ref.name === so.spec.scaleTargetRef.name && o.metadata.annotations?.[KEDA_HPA_OWNERSHIP] !== "false";
    });
    for (const hpa of blocking) {
      problems.push(
        error(
          at,
          `KEDA's webhook would refuse ScaledObject "${so.metadata.name}": the deployed HorizontalPodAutoscaler "${hpa.metadata.name}" targets the same Deployment without ${KEDA_HPA_OWNERSHIP}: "false"; ` +
            "switch in two changes: first merge the current HPA form (regenerated without the schedule, so Argo CD adds the annotation), then add the schedule",
        ),
      );
    }
  }
  return problems;
}
