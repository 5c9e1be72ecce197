// The two phases of a first test run (scripts/test.sh): what runs while the BigQuery emulator
// is still being built, and what runs once it is there; then the proof that the two phases ran
// every test a one-phase run runs, each once.
//
//   node scripts/lib/test-phases.mjs plan DIR     # reads DIR/files.json (`vitest list --filesOnly --json`),
//                                                 # writes DIR/before.txt, DIR/split.txt, DIR/after.txt
//   node scripts/lib/test-phases.mjs totals DIR   # reads DIR/*.report.json (vitest's json reporter)
//
// A test file reaches the emulator when it imports test/support/bigquery-emulator.ts, directly
// or through other files of the repository; the fixture loader (test/support/vendors/index.ts)
// imports every fixture of its folder at run time, BigQuery's among them. Files that do not
// reach it run in phase 1 (before.txt). Promise files (vitest project "promises") that reach it
// only through the fixture loader declare one suite per vendor, named after it, with that
// vendor's own hooks: their tests naming bigquery run in phase 2 and the rest in phase 1
// (split.txt). Every other file that reaches it runs whole in phase 2 (after.txt).
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "../..");
const EMULATOR = join(ROOT, "test/support/bigquery-emulator.ts");
const FIXTURE_LOADER = join(ROOT, "test/support/vendors/index.ts");

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g;

function resolveImport(from, specifier) {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, `${base}.ts`, `${base}.mts`, `${base}.js`, join(base, "index.ts")];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

function imports(file, throughLoader) {
  const found = [...readFileSync(file, "utf8").matchAll(IMPORT)]
    .map((match) => resolveImport(file, match[1]))
    .filter((path) => path !== undefined);
  if (throughLoader && file === FIXTURE_LOADER) {
    const folder = dirname(FIXTURE_LOADER);
    for (const name of readdirSync(folder)) if (name.endsWith(".ts")) found.push(join(folder, name));
  }
  return found;
}

function reachesEmulator(file, throughLoader, seen = new Set()) {
  if (file === EMULATOR) return true;
  if (seen.has(file)) return false;
  seen.add(file);
  return imports(file, throughLoader).some((next) => reachesEmulator(next, throughLoader, seen));
}

function plan(directory) {
  const files = JSON.parse(readFileSync(join(directory, "files.json"), "utf8"));
  const phases = { before: [], split: [], after: [] };
  for (const { file, projectName } of files) {
    if (!reachesEmulator(file, true)) phases.before.push(file);
    else if (projectName === "promises" && !reachesEmulator(file, false)) phases.split.push(file);
    else phases.after.push(file);
  }
  for (const [name, list] of Object.entries(phases)) writeFileSync(join(directory, `${name}.txt`), list.map((file) => `${file}\n`).join(""));
  console.log(
    `${files.length} test files: ${phases.before.length} never reach the BigQuery emulator, ${phases.after.length} need it throughout, ` +
      `${phases.split.length} promise files run their BigQuery cases once it is built`,
  );
}

const RAN = new Set(["passed", "failed"]);
/** The runs of scripts/lib/test-phases.sh, by the list of files they run. */
const REPORTS_OF_LIST = { before: ["1-before"], split: ["1-split", "2-split"], after: ["2-after"] };

function readList(directory, list) {
  return readFileSync(join(directory, `${list}.txt`), "utf8").split("\n").filter(Boolean);
}

/** Per test (file and full name): how often each report collected it, ran it, or left it skipped. */
function totals(directory) {
  const reports = readdirSync(directory)
    .filter((name) => name.endsWith(".report.json"))
    .sort();
  const files = JSON.parse(readFileSync(join(directory, "files.json"), "utf8")).map(({ file }) => file);
  const seenFiles = new Set();
  const filesPerReport = new Map();
  const uncollected = [];
  const tests = new Map();
  const ranPerPhase = { 1: 0, 2: 0 };
  for (const report of reports) {
    const phase = report.startsWith("2") ? 2 : 1;
    const result = JSON.parse(readFileSync(join(directory, report), "utf8"));
    const reportFiles = new Set();
    filesPerReport.set(report.replace(/\.report\.json$/, ""), reportFiles);
    for (const fileResult of result.testResults) {
      seenFiles.add(fileResult.name);
      reportFiles.add(fileResult.name);
      if (fileResult.assertionResults.length === 0 && fileResult.status === "failed") uncollected.push(relative(ROOT, fileResult.name));
      const inThisReport = new Map();
      for (const test of fileResult.assertionResults) {
        const key = `${relative(ROOT, fileResult.name)} > ${test.fullName}`;
        const counts = inThisReport.get(key) ?? { collected: 0, ran: 0, skipped: 0 };
        counts.collected += 1;
        if (RAN.has(test.status)) counts.ran += 1;
        else counts.skipped += 1;
        inThisReport.set(key, counts);
      }
      for (const [key, counts] of inThisReport) {
        const test = tests.get(key) ?? { collected: 0, ran: 0, skippedEverywhere: Number.POSITIVE_INFINITY };
        test.collected = Math.max(test.collected, counts.collected);
        test.ran += counts.ran;
        test.skippedEverywhere = Math.min(test.skippedEverywhere, counts.skipped);
        ranPerPhase[phase] += counts.ran;
        tests.set(key, test);
      }
    }
  }
  const problems = [];
  for (const file of files) if (!seenFiles.has(file)) problems.push(`never run: ${relative(ROOT, file)}`);
  // Each file in the report of each run its list belongs to (a split file in both phases'),
  // so a test skipped in every report holding it is skipped in the code, not by the phases.
  for (const [list, expected] of Object.entries(REPORTS_OF_LIST)) {
    for (const file of readList(directory, list)) {
      for (const report of expected) {
        if (!filesPerReport.get(report)?.has(file)) problems.push(`not in ${report}.report.json: ${relative(ROOT, file)}`);
      }
    }
  }
  for (const file of uncollected) problems.push(`failed before its tests were collected (see its error above): ${file}`);
  let oneRun = 0;
  let skippedInCode = 0;
  for (const [key, test] of tests) {
    oneRun += test.collected - test.skippedEverywhere;
    skippedInCode += test.skippedEverywhere;
    const expected = test.collected - test.skippedEverywhere;
    if (test.ran < expected) problems.push(`left out by the phases: ${key}`);
    if (test.ran > expected) problems.push(`run in both phases: ${key}`);
  }
  const ran = ranPerPhase[1] + ranPerPhase[2];
  console.log(
    `tests run: ${ranPerPhase[1]} while the BigQuery emulator was being built + ${ranPerPhase[2]} after = ${ran}; ` +
      `a one-phase run of these ${files.length} files runs ${oneRun}${skippedInCode ? ` (${skippedInCode} skipped in the code itself, in both)` : ""}`,
  );
  if (problems.length > 0) {
    console.error(`the two phases did not run the suite a one-phase run runs:\n  ${problems.slice(0, 40).join("\n  ")}`);
    if (problems.length > 40) console.error(`  … and ${problems.length - 40} more`);
    process.exit(1);
  }
}

const [command, directory] = process.argv.slice(2);
if (command === "plan" && directory) plan(directory);
else if (command === "totals" && directory) totals(directory);
else {
  console.error("usage: node scripts/lib/test-phases.mjs plan|totals DIR");
  process.exit(2);
}
