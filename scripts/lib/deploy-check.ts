// What `npm run deploy:check` judges in `wrangler deploy --dry-run` of each environment: the upload
// size against the 1 MiB gzipped budget, the bindings against development's (every environment must
// have them all), and ids still holding their placeholders. Pure: the script runs wrangler.

export const GZIP_BUDGET_KIB = 1024;

export interface DryRun {
  environment: string;
  uploadKiB: number;
  gzipKiB: number;
  /** Binding name → the resource wrangler names for it ("" when it names none). */
  bindings: Map<string, string>;
}

/** What wrangler printed: "Total Upload: 3891.14 KiB / gzip: 796.96 KiB" and the bindings table. */
export function parseDryRun(environment: string, output: string): DryRun {
  const size = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(output);
  if (!size) throw new Error(`${environment}: wrangler printed no upload size:\n${output.slice(-2_000)}`);
  const bindings = new Map<string, string>();
  for (const line of output.split("\n")) {
    const binding = /^env\.([A-Z0-9_]+)(?: \((.*?)\))?\s{2,}\S/.exec(`${line.trim()}  x`);
    if (binding?.[1]) bindings.set(binding[1], binding[2] ?? "");
  }
  return { environment, uploadKiB: Number(size[1]), gzipKiB: Number(size[2]), bindings };
}

/** An id left as it was written in the template: `<staging-kv-namespace-id>`, or zeros. */
const PLACEHOLDER = /^<.+>$|^0{16,}\d?$/;

/** Every problem of `run`, judged against the development run's bindings; none means deployable. */
export function deployProblems(run: DryRun, development: DryRun): string[] {
  const problems: string[] = [];
  if (run.gzipKiB > GZIP_BUDGET_KIB)
    problems.push(`the bundle is ${run.gzipKiB} KiB gzipped, over the ${GZIP_BUDGET_KIB} KiB budget`);
  for (const name of development.bindings.keys())
    if (!run.bindings.has(name)) problems.push(`binding ${name} is missing (development has it)`);
  if (run.environment !== "development")
    for (const [name, resource] of run.bindings)
      if (PLACEHOLDER.test(resource))
        problems.push(
          `${name} still has the placeholder id ${resource}: create the resource and put its id in wrangler.toml [env.${run.environment}]`,
        );
  return problems;
}
