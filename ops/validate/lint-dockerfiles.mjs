// Lints docker/Dockerfile*: dockerfile-utils' validator (the engine of the VS Code Docker extension's
// diagnostics), plus FakeWatch's own rule: every base image ARG default pins a tag other than latest.
// Usage: node lint-dockerfiles.mjs FILE...   Exit 1 on any problem.
import { readFileSync } from "node:fs";
import { validate } from "dockerfile-utils";

let problems = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, "utf8");
  for (const d of validate(text)) {
    problems++;
    console.log(`${file}:${d.range.start.line + 1}: ${d.message}`);
  }
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    const arg = line.match(/^ARG\s+([A-Z_]*IMAGE)=(\S+)/);
    if (arg && (!/:[^/]+$/.test(arg[2]) || arg[2].endsWith(":latest"))) {
      problems++;
      console.log(`${file}:${i + 1}: base image ${arg[1]}=${arg[2]} has no pinned tag`);
    }
    const from = line.match(/^FROM\s+(\S+)/);
    if (from && !from[1].startsWith("$") && !/:[^/]+$/.test(from[1]) && from[1] !== "scratch"
        && !lines.some((l) => new RegExp(`^FROM\\s+\\S+\\s+AS\\s+${from[1]}\\s*$`, "i").test(l))) {
      problems++;
      console.log(`${file}:${i + 1}: FROM ${from[1]} is neither a pinned image nor an earlier stage`);
    }
  });
  if (!/^USER\s+(?!0\b|root\b)\S+/m.test(text)) {
    problems++;
    console.log(`${file}: no non-root USER`);
  }
}
console.log(problems === 0 ? "Dockerfiles: no problems" : `Dockerfiles: ${problems} problem(s)`);
process.exit(problems === 0 ? 0 : 1);
