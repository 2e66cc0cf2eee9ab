/** A Dockerfile as data: each instruction a keyword and arguments, serialised in one place. */
export type Instruction =
  | { comment: string }
  | { keyword: "ARG" | "ENV" | "LABEL"; pairs: readonly (readonly [string, string | undefined])[] }
  | { keyword: "FROM"; image: string; as?: string }
  | { keyword: "RUN"; shell: string; mounts?: readonly string[] }
  | { keyword: "COPY"; from?: string; chown?: string; src: string; dest: string }
  | { keyword: "USER" | "WORKDIR" | "EXPOSE"; value: string }
  | { keyword: "ENTRYPOINT" | "CMD"; exec: readonly string[] }
  | { keyword: "HEALTHCHECK"; options: Record<string, string>; exec: readonly string[] };

/** Values in ENV/LABEL/ARG pairs are always double-quoted JSON strings, so spaces and '$' survive. */
const quote = (v: string) => JSON.stringify(v);

function line(i: Instruction): string {
  if ("comment" in i) return `# ${i.comment}`;
  switch (i.keyword) {
    case "ARG":
      return i.pairs.map(([k, v]) => `ARG ${k}${v === undefined ? "" : `=${quote(v)}`}`).join("\n");
    case "ENV":
    case "LABEL":
      return `${i.keyword} ${i.pairs.map(([k, v]) => `${k}=${quote(v ?? "")}`).join(" \\\n    ")}`;
    case "FROM":
      return `FROM ${i.image}${i.as ? ` AS ${i.as}` : ""}`;
    case "RUN":
      return `RUN ${(i.mounts ?? []).map((m) => `--mount=${m} `).join("")}${i.shell}`;
    case "COPY":
      return `COPY ${i.from ? `--from=${i.from} ` : ""}${i.chown ? `--chown=${i.chown} ` : ""}${i.src} ${i.dest}`;
    case "USER":
    case "WORKDIR":
    case "EXPOSE":
      return `${i.keyword} ${i.value}`;
    case "ENTRYPOINT":
    case "CMD":
      // Exec form: the server is PID 1 and receives SIGTERM itself.
      return `${i.keyword} ${JSON.stringify(i.exec)}`;
    case "HEALTHCHECK":
      return `HEALTHCHECK ${Object.entries(i.options).map(([k, v]) => `--${k}=${v} `).join("")}CMD ${JSON.stringify(i.exec)}`;
  }
}

export function renderDockerfile(instructions: readonly Instruction[]): string {
  return `${instructions.map(line).join("\n")}\n`;
}
