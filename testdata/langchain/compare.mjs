// compare.mjs measures the "common alternative stack", LangChain.js with
// RecursiveCharacterTextSplitter + BM25Retriever, on reportbot's question set
// (testdata/qa.jsonl), with the metrics defined exactly as reportbot's
// rag.Evaluate defines them (rag/eval.go), and times it.
//
// It is not part of `go test`; see README.md. Run it with run.sh, which
// installs the pinned dependencies first.
//
// Only Node built-ins are imported statically: LangChain is imported
// dynamically after the clock starts, so the ready time includes loading it.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";

const tScript = performance.now(); // ms since process start (performance.timeOrigin)

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "..", "..");
// run.sh cds here before starting node; it passes the caller's directory so
// relative --text and --qa paths mean what the caller meant.
const callerDir = process.env.COMPARE_CWD || process.cwd();
const PACKAGES = ["@langchain/community", "@langchain/core", "@langchain/textsplitters"];
const K = 5; // BM25Retriever.fromDocuments(docs, { k: 5 }); hit@5 needs 5

const usage = `usage: node compare.mjs [flags]

Splits the report with RecursiveCharacterTextSplitter, retrieves with
BM25Retriever (k=${K}) and scores every question of the set like reportbot's eval.

  --text FILE        run on this text instead of the raw report in reports/*.txt
  --qa FILE          question set (default: testdata/qa.jsonl)
  --chunk-size N     splitter chunkSize (default 1000)
  --overlap N        splitter chunkOverlap (default 200)
  --json             print one JSON object instead of the tables
  --misses           also list the answerable questions answered wrongly
  --ask QUESTION     build everything, print the top chunk for one question, exit
  -h, --help         this help
`;

function fail(msg) {
  process.stderr.write(`compare.mjs: ${msg}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      text: { type: "string" },
      qa: { type: "string" },
      "chunk-size": { type: "string", default: "1000" },
      overlap: { type: "string", default: "200" },
      json: { type: "boolean", default: false },
      misses: { type: "boolean", default: false },
      ask: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    allowPositionals: false,
  }).values;
} catch (err) {
  fail(`${err.message}\n\n${usage}`);
}
if (args.help) {
  process.stdout.write(usage);
  process.exit(0);
}

function intFlag(name, min) {
  const s = args[name];
  if (!/^\d+$/.test(s) || Number(s) < min) fail(`--${name} wants an integer >= ${min}, got ${JSON.stringify(s)}`);
  return Number(s);
}
const chunkSize = intFlag("chunk-size", 1);
const chunkOverlap = intFlag("overlap", 0);
if (chunkOverlap >= chunkSize) fail(`--overlap (${chunkOverlap}) must be smaller than --chunk-size (${chunkSize})`);
if (args.ask !== undefined && args.ask.trim() === "") fail("--ask wants a question");

// matchForm folds text for matching exactly like reportbot's rag.matchForm:
// typographic quotes and dashes made plain, lowercase, white space collapsed
// to single spaces (trimmed). The class is Go's unicode.IsSpace: JavaScript's
// \s differs (it has U+FEFF, lacks U+0085).
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
function matchForm(s) {
  s = s.replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/[–—]/g, "-");
  return s.toLowerCase().split(GO_SPACE).filter((w) => w !== "").join(" ");
}

// containsAny: one of the "|"-separated phrases, folded, is in the text.
function containsAny(text, phrases) {
  const t = matchForm(text);
  return phrases.split("|").some((p) => {
    p = matchForm(p);
    return p !== "" && t.includes(p);
  });
}

// evidenceRank: 1-based rank of the first chunk holding the evidence, or 0.
function evidenceRank(evidence, chunks) {
  const ev = matchForm(evidence);
  const i = chunks.findIndex((c) => matchForm(c).includes(ev));
  return i + 1;
}

// round like reportbot's rag.round: 4 decimals, half up.
const round = (x) => Math.floor(x * 10000 + 0.5) / 10000;
const rate = (n, of) => (of === 0 ? 0 : round(n / of));

function readQuestions(file) {
  const items = [];
  readFileSync(file, "utf8").split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    let it;
    try {
      it = JSON.parse(line);
    } catch (err) {
      fail(`${file}: line ${i + 1}: ${err.message}`);
    }
    if (!it.question) fail(`${file}: line ${i + 1}: no question`);
    if (!it.unanswerable && (!it.answer || !it.evidence)) {
      fail(`${file}: line ${i + 1}: an answerable question needs answer and evidence`);
    }
    items.push(it);
  });
  if (items.length === 0) fail(`${file}: no questions`);
  return items;
}

function findReport() {
  const dir = path.join(repoRoot, "reports");
  const txt = readdirSync(dir).filter((f) => f.endsWith(".txt")).sort();
  if (txt.length !== 1) fail(`want exactly one ${dir}/*.txt, found ${txt.length}: ${txt.join(", ")}`);
  return path.join(dir, txt[0]);
}

function packageVersions() {
  const v = {};
  for (const name of PACKAGES) {
    try {
      v[name] = JSON.parse(readFileSync(path.join(here, "node_modules", name, "package.json"), "utf8")).version;
    } catch {
      v[name] = "unknown";
    }
  }
  return v;
}

function percentile(sorted, p) {
  // nearest rank: the smallest value with at least p% of the values <= it
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

// ---- startup: import + read + split + index --------------------------------
const t0 = performance.now();
const [{ RecursiveCharacterTextSplitter }, { BM25Retriever }] = await Promise.all([
  import("@langchain/textsplitters"),
  import("@langchain/community/retrievers/bm25"),
]);
const tImported = performance.now();

const textFile = args.text !== undefined ? path.resolve(callerDir, args.text) : findReport();
let text;
try {
  text = readFileSync(textFile, "utf8");
} catch (err) {
  fail(`read text: ${err.message}`);
}
const tRead = performance.now();

const splitter = new RecursiveCharacterTextSplitter({ chunkSize, chunkOverlap });
const docs = await splitter.createDocuments([text], [{ source: textFile }]);
const tSplit = performance.now();

const retriever = BM25Retriever.fromDocuments(docs, { k: K });
const tReady = performance.now();

const startup = {
  import_ms: tImported - t0,
  read_ms: tRead - tImported,
  split_ms: tSplit - tRead,
  index_ms: tReady - tSplit,
  ready_ms: tReady - t0, // import + read + split + index
  script_start_ms: tScript, // Node bootstrap before compare.mjs ran
  since_process_start_ms: tReady, // everything, from process start
};

// ---- --ask: one question, like a CLI -----------------------------------------
if (args.ask !== undefined) {
  const tq = performance.now();
  const got = await retriever.invoke(args.ask);
  const askMs = performance.now() - tq;
  if (args.json) {
    const out = { question: args.ask, top_chunk: got[0]?.pageContent ?? null, retrieved: got.length, retrieve_ms: askMs, startup };
    process.stdout.write(JSON.stringify(out, null, 2) + "\n");
  } else {
    process.stdout.write(got.length ? got[0].pageContent + "\n" : "(no document retrieved)\n");
  }
  process.exit(0);
}

// ---- evaluation ---------------------------------------------------------------
const qaFile = args.qa !== undefined ? path.resolve(callerDir, args.qa) : path.join(repoRoot, "testdata", "qa.jsonl");
const items = readQuestions(qaFile);
const chunkTexts = docs.map((d) => d.pageContent);
const foldedText = matchForm(text);

const newTally = () => ({ answerable: 0, unanswerable: 0, hit1: 0, hit3: 0, hit5: 0, correct: 0, refused: 0, falseRefusal: 0, evidenceInText: 0, evidenceInAnyChunk: 0, answerInTop5: 0, answerInRandomChunk: 0 });
const overall = newTally();
const bySplit = {};
const byType = {};
const group = (m, key) => (m[key || "-"] ??= newTally());
const times = [];
const top1Lengths = [];
const top1LengthsAnswerable = [];
const misses = [];

for (const it of items) {
  const tq = performance.now();
  const got = await retriever.invoke(it.question);
  times.push(performance.now() - tq);

  const chunks = got.map((d) => d.pageContent);
  const answered = chunks.length > 0; // a retriever-only stack "answers" whenever it returns a document
  const top1 = answered ? chunks[0] : "";
  if (answered) top1Lengths.push([...top1].length);
  const groups = [overall, group(byType, it.unanswerable ? "unanswerable" : it.type), group(bySplit, it.split)];

  if (it.unanswerable) {
    for (const g of groups) {
      g.unanswerable++;
      if (!answered) g.refused++;
    }
    if (answered) misses.push({ id: it.id, split: it.split, problem: "answered", question: it.question, want: null });
    continue;
  }
  if (answered) top1LengthsAnswerable.push([...top1].length);
  const rank = evidenceRank(it.evidence, chunks);
  const correct = answered && containsAny(top1, it.answer);
  const ev = matchForm(it.evidence);
  const inText = foldedText.includes(ev);
  const inAnyChunk = chunkTexts.some((c) => matchForm(c).includes(ev));
  const inTop5 = chunks.some((c) => containsAny(c, it.answer));
  // chance baseline: the share of all chunks that hold an answer phrase, i.e.
  // the expected accuracy of showing a chunk picked at random
  const randomHit = chunkTexts.filter((c) => containsAny(c, it.answer)).length / chunkTexts.length;
  for (const g of groups) {
    g.answerable++;
    g.hit1 += rank >= 1 && rank <= 1 ? 1 : 0;
    g.hit3 += rank >= 1 && rank <= 3 ? 1 : 0;
    g.hit5 += rank >= 1 && rank <= 5 ? 1 : 0;
    g.correct += correct ? 1 : 0;
    g.falseRefusal += answered ? 0 : 1;
    g.evidenceInText += inText ? 1 : 0;
    g.evidenceInAnyChunk += inAnyChunk ? 1 : 0;
    g.answerInTop5 += inTop5 ? 1 : 0;
    g.answerInRandomChunk += randomHit;
  }
  if (!correct || rank < 1 || rank > 3) {
    misses.push({
      id: it.id,
      split: it.split,
      problem: !answered ? "refused" : !correct ? "wrong answer" : "evidence not retrieved",
      question: it.question,
      want: it.answer,
      evidence_rank: rank,
      evidence_in_any_chunk: inAnyChunk,
    });
  }
}

function scores(t) {
  return {
    answerable: t.answerable,
    unanswerable: t.unanswerable,
    hit_at_1: rate(t.hit1, t.answerable),
    hit_at_3: rate(t.hit3, t.answerable),
    hit_at_5: rate(t.hit5, t.answerable),
    answer_accuracy: rate(t.correct, t.answerable),
    refusal: rate(t.refused, t.unanswerable),
    false_refusal: rate(t.falseRefusal, t.answerable),
    // ceilings, not reportbot metrics: the evidence sentence occurs in the
    // folded text at all / wholly inside at least one chunk
    evidence_in_text: rate(t.evidenceInText, t.answerable),
    evidence_in_any_chunk: rate(t.evidenceInAnyChunk, t.answerable),
    // diagnostics, not reportbot metrics: an answer phrase in any of the top
    // 5 chunks / the expected accuracy of a chunk picked at random
    answer_in_top5: rate(t.answerInTop5, t.answerable),
    answer_in_random_chunk: rate(t.answerInRandomChunk, t.answerable),
  };
}
const sortedEntries = (m) => Object.keys(m).sort().map((k) => [k, scores(m[k])]);
const mean = (a) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : 0);
const sortedTimes = [...times].sort((a, b) => a - b);
const chunkLengths = chunkTexts.map((c) => [...c].length);

const result = {
  stack: "LangChain.js RecursiveCharacterTextSplitter + BM25Retriever",
  node: process.version,
  packages: packageVersions(),
  text_file: textFile,
  text_chars: [...text].length,
  question_set: qaFile,
  questions: items.length,
  splitter: { chunk_size: chunkSize, chunk_overlap: chunkOverlap },
  k: K,
  chunks: docs.length,
  chunk_chars: { mean: round(mean(chunkLengths)), min: Math.min(...chunkLengths), max: Math.max(...chunkLengths) },
  overall: scores(overall),
  by_split: Object.fromEntries(sortedEntries(bySplit)),
  by_type: Object.fromEntries(sortedEntries(byType)),
  top1_chunk_chars_mean: round(mean(top1Lengths)),
  top1_chunk_chars_mean_answerable: round(mean(top1LengthsAnswerable)),
  timing_ms: {
    startup: Object.fromEntries(Object.entries(startup).map(([k, v]) => [k, round(v)])),
    retrieval: {
      questions: times.length,
      mean: round(mean(times)),
      p50: round(percentile(sortedTimes, 50)),
      p99: round(percentile(sortedTimes, 99)),
      max: round(sortedTimes[sortedTimes.length - 1] ?? 0),
      first: round(times[0] ?? 0),
    },
  },
  misses: misses.length,
};
if (args.misses) result.miss_list = misses;

if (args.json) {
  process.stdout.write(JSON.stringify(result, null, 2) + "\n");
  process.exit(0);
}

// ---- tables -----------------------------------------------------------------
const out = [];
const f2 = (x) => x.toFixed(2).padStart(5);
const ms = (x) => `${x.toFixed(3)} ms`;
out.push(`${result.stack} (k=${K}), node ${result.node}`);
out.push(`packages: ${PACKAGES.map((p) => `${p}@${result.packages[p]}`).join(", ")}`);
out.push(`text: ${textFile} (${result.text_chars} chars)`);
out.push(`splitter: chunkSize ${chunkSize}, chunkOverlap ${chunkOverlap} -> ${result.chunks} chunks (chars mean ${result.chunk_chars.mean.toFixed(0)}, min ${result.chunk_chars.min}, max ${result.chunk_chars.max})`);
out.push(`questions: ${qaFile} (${items.length})`);
out.push("");
const row = (name, s) =>
  `${name.padEnd(19)} ${String(s.answerable).padStart(5)} ${String(s.unanswerable).padStart(5)}   ${f2(s.hit_at_1)} ${f2(s.hit_at_3)} ${f2(s.hit_at_5)}   ${f2(s.answer_accuracy)}   ${f2(s.refusal)}   ${f2(s.false_refusal)}   ${f2(s.evidence_in_any_chunk)}`;
out.push(`${"".padEnd(19)} ${"ans".padStart(5)} ${"unans".padStart(5)}   ${"hit@1".padStart(5)} ${"hit@3".padStart(5)} ${"hit@5".padStart(5)}   ${"acc".padStart(5)}   ${"refus".padStart(5)}   ${"false".padStart(5)}   ${"ceil".padStart(5)}`);
out.push(row("overall", result.overall));
for (const [k, s] of Object.entries(result.by_split)) out.push(row(`split ${k}`, s));
for (const [k, s] of Object.entries(result.by_type)) out.push(row(`type ${k}`, s));
out.push("");
out.push("hit@k: evidence in the first k chunks; acc: expected phrase in the top-1 chunk (the answer shown);");
out.push("refus: unanswerable questions with no chunk returned; false: answerable questions with no chunk returned;");
out.push(`ceil: evidence wholly inside some chunk (the most hit@k can be); evidence in the text at all: ${f2(result.overall.evidence_in_text).trim()}.`);
out.push(`answer phrase in any of the top ${K} chunks: ${f2(result.overall.answer_in_top5).trim()}; chance baseline (a random chunk shown): ${f2(result.overall.answer_in_random_chunk).trim()}`);
out.push(`mean top-1 chunk (the answer shown): ${result.top1_chunk_chars_mean.toFixed(0)} chars (answerable questions: ${result.top1_chunk_chars_mean_answerable.toFixed(0)})`);
out.push("");
const st = result.timing_ms.startup;
out.push(`ready in ${ms(st.ready_ms)} (import ${ms(st.import_ms)}, read ${ms(st.read_ms)}, split ${ms(st.split_ms)}, index ${ms(st.index_ms)}); ${ms(st.since_process_start_ms)} since process start`);
const rt = result.timing_ms.retrieval;
out.push(`retrieval per question over ${rt.questions}: mean ${ms(rt.mean)}, p50 ${ms(rt.p50)}, p99 ${ms(rt.p99)}, max ${ms(rt.max)} (first ${ms(rt.first)})`);
if (args.misses) {
  out.push("");
  out.push(`${misses.length} misses (as reportbot counts them: wrong answer or evidence not in the first 3; unanswerable answered):`);
  for (const m of misses) {
    if (m.problem === "answered") {
      out.push(`- [${m.id}] answered (unanswerable): ${JSON.stringify(m.question)}`);
      continue;
    }
    out.push(`- [${m.id}] ${m.problem}: ${JSON.stringify(m.question)} want ${JSON.stringify(m.want)}; evidence rank ${m.evidence_rank || "-"}${m.evidence_in_any_chunk ? "" : " (in no chunk)"}`);
  }
} else {
  out.push(`${misses.length} misses (--misses lists them)`);
}
process.stdout.write(out.join("\n") + "\n");
