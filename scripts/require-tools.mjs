#!/usr/bin/env node
// Checks for the command-line tools the tests run for real, installing Debian packages when it
// can (root with apt-get). Stops with a one-line instruction otherwise: tests never skip silently.
import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";

/** Keep in step with ACTIONLINT_VERSION in .ci/run. */
const ACTIONLINT_VERSION = "v1.7.12";
/** Keep in step with KUBECONFORM_VERSION in .ci/run. */
const KUBECONFORM_VERSION = "v0.7.0";

/** tool → how to get it. `apt` names the Debian package when there is one. */
const TOOLS = [
  { bin: "kubectl", probe: ["version", "--client"], why: "builds every overlay with `kubectl kustomize`", apt: null,
    manual: "install kubectl (https://kubernetes.io/docs/tasks/tools/) and put it on PATH" },
  { bin: "promtool", probe: ["--version"], why: "evaluates the prometheus-adapter and KEDA queries", apt: "prometheus",
    manual: "install Prometheus's promtool and put it on PATH" },
  { bin: "luajit", probe: ["-v"], why: "runs the rendered log-redaction filters over the record corpus", apt: "luajit",
    manual: "install LuaJIT 2.1 (Fluent Bit's Lua) and put it on PATH" },
  { bin: "actionlint", probe: ["-version"], why: "lints every workflow under .github/workflows", apt: null, goBin: true,
    manual: `go install github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION} (Go 1.25 or newer; it lands in $(go env GOPATH)/bin)` },
  { bin: "kubeconform", probe: ["-v"], why: "is the peer the schema gate's parity test agrees with", apt: null,
    manual: `go install github.com/yannh/kubeconform/cmd/kubeconform@${KUBECONFORM_VERSION} (it lands in $(go env GOPATH)/bin; put that on PATH)` },
];

/** Where `go install` puts binaries, which need not be on PATH (the tests look there too). */
const goBin = () => {
  const r = spawnSync("go", ["env", "GOPATH"], { encoding: "utf8" });
  return r.status === 0 && r.stdout.trim() ? join(r.stdout.trim().split(":")[0], "bin") : null;
};
const runs = (bin, probe) => spawnSync(bin, probe, { stdio: "ignore" }).status === 0;
const has = (t) => runs(t.bin, t.probe) || (t.goBin === true && goBin() !== null && runs(join(goBin(), t.bin), t.probe));
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const hasApt = spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;

const missing = TOOLS.filter((t) => !has(t));
const installable = missing.filter((t) => t.apt && isRoot && hasApt);
if (installable.length) {
  const pkgs = [...new Set(installable.map((t) => t.apt))];
  console.log(`installing ${pkgs.join(", ")} with apt-get for the tests`);
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...pkgs], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}
const still = TOOLS.filter((t) => !has(t));
for (const t of still) {
  const how = t.apt ? `apt-get install ${t.apt} (as root)` : t.manual;
  console.error(`npm test needs ${t.bin}, which ${t.why}: ${how}`);
}
process.exit(still.length ? 1 : 0);
