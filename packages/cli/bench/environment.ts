/** A bench environment: n model deployments on both production clusters of the example platform. */
export function benchEnvironment(n: number): string {
  const deployments = Array.from({ length: n }, (_, i) => `  - name: chat-${i}
    model: qwen2.5-7b-instruct-awq
    gpuProfile: a10g-24gb
    image: {tag: v${i % 7}}
    replicas: {min: ${1 + (i % 3)}, max: ${4 + (i % 5)}}
    vllm: {maxModelLen: ${4096 * (1 + (i % 4))}}
`).join("");
  return `namespace: llm-bench\nclusters: [prod-use1-a, prod-use1-b]\ndeployments:\n${deployments}`;
}
