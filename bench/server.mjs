// What the benchmark and the screenshots share: their `--name value` arguments and a
// simulator started on a free port.
import { spawn } from "node:child_process";

/** `--name value` pairs from the command line, as an object. */
export function parseArgs(argv = process.argv.slice(2)) {
  return Object.fromEntries(
    argv.reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
  );
}

/** Starts `binary` serving `site` and resolves to { url, stop } once its ready line is printed. */
export function startServer(binary, site, extra) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ["--listen", "127.0.0.1:0", "--dist", site, ...extra], { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const line = output.split("\n").find((l) => l.startsWith("image-console ready at "));
      if (line) resolve({ url: line.trim().split(" ").pop(), stop: () => child.kill() });
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code} before it was ready`)));
  });
}
