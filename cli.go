package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"reportbot/bot"
	"reportbot/config"
	"reportbot/embeddings"
	"reportbot/embeddings/wordvec"
	"reportbot/rag"
	"reportbot/rag/ingest"
	"reportbot/rag/llm"
	"reportbot/redact"
	"reportbot/reports"
)

const usage = `reportbot answers questions about a report, citing the passages it used.

Usage:
  reportbot ask [--json] [--report PATH] [-k N] QUESTION   answer one question
  reportbot ask [--json] [--report PATH] [-k N] -          answer each line of standard input
  reportbot passages [--text] [--report PATH]              print the indexed passages as JSON lines
                                                           (--text: the repaired full text instead)
  reportbot index [--report PATH]                          build or refresh the persisted index
  reportbot eval [--qa FILE] [--misses] [--report PATH]    quality figures on a question set
  reportbot serve [--report PATH]                          run the Discord bot (needs DISCORD_TOKEN)
  reportbot version                                        print the version (also --version)

Run "reportbot COMMAND --help" for a command's flags. Settings come from the
environment and from .env (see .env.example); flags override them.
`

// usageError is a mistake in the command line; main exits with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// run is the whole program: it parses args, wires config, embeddings, index
// and answerer, and runs one command. getenv, environ (os.Environ: the
// names set, for spotting misspelt ones and empty values), stdin, stdout
// and stderr stand for the process's own so that tests can call run
// directly.
func run(ctx context.Context, args []string, getenv func(string) string, environ func() []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return &usageError{"no command given"}
	}
	env := cliEnv{getenv: getenv, environ: environ, stdin: stdin, stdout: stdout, stderr: stderr}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "ask":
		return env.ask(ctx, rest)
	case "passages":
		return env.passages(ctx, rest)
	case "index":
		return env.index(ctx, rest)
	case "eval":
		return env.eval(ctx, rest)
	case "serve":
		return env.serve(ctx, rest)
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, "reportbot", version())
		return nil
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return &usageError{fmt.Sprintf("unknown command %q", cmd)}
	}
}

// cliEnv is what every command gets from the process.
type cliEnv struct {
	getenv  func(string) string
	environ func() []string
	stdin   io.Reader
	stdout  io.Writer
	stderr  io.Writer
	// quiet commands (ask, passages, eval) log at warn unless LOG_LEVEL
	// says otherwise: their output is the answer.
	quiet bool
}

// flags is a command's flag set with the settings it may override.
type flags struct {
	*flag.FlagSet
	report    *string
	overrides map[string]string
}

func (e cliEnv) newFlags(name, synopsis string) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: reportbot %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	f := &flags{FlagSet: fs, overrides: map[string]string{}}
	f.report = fs.String("report", "", "report `PATH`: a .txt, .md, .html or .pdf file, or a directory of them (default: $REPORT_PATH, else the bundled report)")
	return f
}

// parse parses flags and positional arguments in any order ("ask -k 3 why?"
// and "ask why? -k 3"); after "--" everything is positional. --help prints
// the command's usage and returns flag.ErrHelp.
func (f *flags) parse(args []string) ([]string, error) {
	var pos []string
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				f.SetOutput(nil) // subsequent Usage calls go to stderr by default
				return nil, err
			}
			return nil, &usageError{err.Error()}
		}
		rest := f.Args()
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			break
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
	if *f.report != "" {
		f.overrides["REPORT_PATH"] = *f.report
	}
	return pos, nil
}

// parseFlagsOnly parses the flags of a command that takes no arguments. It
// reports help when --help was asked for and answered.
func (e cliEnv) parseFlagsOnly(f *flags, args []string) (help bool, err error) {
	pos, err := f.parse(args)
	if errors.Is(err, flag.ErrHelp) {
		e.helpTo(f)
		return true, nil
	}
	if err != nil {
		return false, err
	}
	if len(pos) > 0 {
		f.Usage()
		return false, &usageError{f.Name() + " takes no arguments"}
	}
	return false, nil
}

// helpTo prints a command's usage on stdout for --help.
func (e cliEnv) helpTo(f *flags) {
	f.SetOutput(e.stdout)
	f.Usage()
}

// app is everything a command needs once wired.
type app struct {
	cfg      config.Config
	log      *slog.Logger
	index    *rag.Index
	info     rag.OpenInfo
	answerer answerer
	mode     string           // rag.ModeGenerative or rag.ModeExtractive
	warnings []ingest.Warning // about report files skipped or read by guessing
}

// answerer answers a question in the context of a conversation:
// *rag.Extractive and *rag.Generative.
type answerer interface {
	Respond(ctx context.Context, req rag.Request) (rag.Answer, error)
}

// config loads the configuration: flags over environment over .env. It
// logs a warning for each variable that looks like a misspelt setting, and
// each hint of the configuration's.
func (e cliEnv) config(overrides map[string]string) (config.Config, error) {
	look, warnings, err := config.FromEnvironment(e.getenv, e.environ())
	if err != nil {
		return config.Config{}, err
	}
	cfg, err := config.LoadWithFlags(overrides, look)
	if err != nil {
		return config.Config{}, err
	}
	log := e.logger(cfg)
	for _, w := range append(warnings, cfg.Warnings...) {
		log.Warn(w)
	}
	return cfg, nil
}

// setup loads the configuration, reads the reports and opens their index.
func (e cliEnv) setup(ctx context.Context, overrides map[string]string) (*app, error) {
	cfg, err := e.config(overrides)
	if err != nil {
		return nil, err
	}
	bar := newProgress(e.stderr)
	a, err := e.open(ctx, cfg, bar.update)
	bar.finish()
	if err != nil {
		return nil, err
	}
	e.warn(a.warnings)
	return a, nil
}

// warn tells the user on stderr about report files skipped or read by
// guessing; the rest is served.
func (e cliEnv) warn(warnings []ingest.Warning) {
	for _, w := range warnings {
		fmt.Fprintf(e.stderr, "reportbot: warning: %s\n", w)
	}
}

// logWarnings logs what warn would print, for a server.
func logWarnings(log *slog.Logger, warnings []ingest.Warning) {
	for _, w := range warnings {
		msg := "report read by guessing its encoding"
		if w.Skipped {
			msg = "report skipped"
		}
		log.Warn(msg, "file", w.Name, "reason", w.Reason)
	}
}

// open reads the configured reports, opens their index with the configured
// embedder (progress, when set, follows a rebuild) and makes the configured
// answerer: a model's when one is configured, else the extractive one. The
// app's warnings say which report files were skipped, and why; the caller
// shows them.
func (e cliEnv) open(ctx context.Context, cfg config.Config, progress func(rag.Progress)) (*app, error) {
	log := e.logger(cfg)
	srcs, warnings, err := readReports(cfg.ReportPath)
	if err != nil {
		return nil, err
	}
	var client *llm.Client
	if m := cfg.Model; m.Generates() {
		client = llm.New(llm.Config{BaseURL: m.BaseURL, APIKey: m.APIKey, ConnectTimeout: m.ConnectTimeout, MaxRetries: m.MaxRetries, Logger: log})
	}
	var emb rag.Embedder = embeddings.NewLocal(0)
	vectorWeight := 0.0 // the default, fitted for the local embedder
	if cfg.Model.Embeddings == "openai" {
		emb = embeddings.NewAPI(client, cfg.Model.EmbeddingModel, 0, 0)
		vectorWeight = modelVectorWeight
	}
	parser := newParser(cfg)
	idx, info, err := rag.Open(ctx, srcs, emb, rag.Options{DataDir: cfg.DataDir, Logger: log, Progress: progress, Words: wordvec.Default(), Parser: parser, VectorWeight: vectorWeight})
	parser.Close() // the index holds the passages: no PDF is parsed after this
	if err != nil {
		return nil, err
	}
	a := &app{cfg: cfg, log: log, index: idx, info: info, mode: rag.ModeExtractive,
		answerer: rag.NewExtractive(idx, cfg.TopK, cfg.MaxQuestionChars),
		warnings: append(warnings, info.Skipped...)}
	if client != nil {
		a.mode = rag.ModeGenerative
		// rag reads the client's errors (401, 404, 429) by their HTTP status.
		chat := client.Chat(cfg.Model.ChatModel, cfg.Model.MaxTokens)
		a.answerer = rag.NewGenerative(idx, chat, rag.GenerativeOptions{
			TopK: cfg.TopK, MaxQuestion: cfg.MaxQuestionChars, Timeout: cfg.Model.Timeout, Logger: log,
			Secrets: []string{cfg.Model.APIKey, cfg.Discord.Token},
		})
	}
	return a, nil
}

// newParser returns the parser of report files. The PDF engine's compiled
// code is kept in PDF_CACHE_DIR, so that only the first PDF on a machine
// pays for compiling it; the engine starts only if a PDF must be parsed.
func newParser(cfg config.Config) *ingest.Parser {
	return ingest.NewParser(ingest.Options{PDFCacheDir: cfg.PDFCacheDir, PDFTimeout: cfg.PDFTimeout})
}

// modelVectorWeight is the weight of a model's embeddings in retrieval's
// fusion: what reportbot used for every embedder before its own was
// measured (see rag.DefaultVectorWeight); no model could be measured here.
const modelVectorWeight = 0.6

// readReports reads the configured reports, or the bundled one, with
// warnings about the files skipped or read by guessing.
func readReports(path string) ([]ingest.Source, []ingest.Warning, error) {
	if path == "" {
		return ingest.ReadFS(reports.FS)
	}
	return ingest.ReadPath(path)
}

// logger returns the command's logger: to stderr, at the configured level
// (warn for a quiet command when LOG_LEVEL is not set), with secrets and
// the passwords of URLs scrubbed from every line.
func (e cliEnv) logger(cfg config.Config) *slog.Logger {
	level := cfg.LogLevel
	if e.quiet && !cfg.LogLevelSet {
		level = slog.LevelWarn
	}
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(e.stderr, opts)
	if cfg.LogFormat == "json" {
		h = slog.NewJSONHandler(e.stderr, opts)
	}
	secrets := []string{cfg.Model.APIKey, cfg.Discord.Token}
	return slog.New(redact.Handler(h, func(s string) string { return redact.Secrets(redact.URLs(s), secrets...) }))
}

func (e cliEnv) ask(ctx context.Context, args []string) error {
	e.quiet = true
	f := e.newFlags("ask", "ask [--json] [--report PATH] [-k N] QUESTION | -")
	asJSON := f.Bool("json", false, "print the answer as one JSON object (one per line with -)")
	// A string, so that config checks -k exactly as it checks TOP_K.
	k := f.String("k", "", "passages to retrieve, 1 to 20 (default: $TOP_K, else 5)")
	pos, err := f.parse(args)
	if errors.Is(err, flag.ErrHelp) {
		e.helpTo(f)
		return nil
	}
	if err != nil {
		return err
	}
	f.Visit(func(fl *flag.Flag) {
		if fl.Name == "k" {
			f.overrides["TOP_K"] = *k
		}
	})
	if len(pos) == 0 {
		f.Usage()
		return &usageError{"ask needs a question, or - to read questions from standard input"}
	}
	question := strings.Join(pos, " ")
	if question != "-" {
		// Check the question before any work, so bad input fails fast; its
		// length waits for the configured limit.
		if _, err := rag.CleanQuestion(question, math.MaxInt); err != nil {
			return err
		}
	}
	a, err := e.setup(ctx, f.overrides)
	if err != nil {
		return err
	}
	out := &answerPrinter{w: e.stdout, json: *asJSON}
	if question != "-" {
		return out.ask(ctx, a.answerer, question)
	}
	return e.askEach(ctx, a.answerer, out, a.cfg.MaxQuestionChars)
}

// askEach answers every non-blank line of standard input in turn. A line
// that cannot be answered is reported on stderr and the rest go on.
func (e cliEnv) askEach(ctx context.Context, answerer answerer, out *answerPrinter, maxChars int) error {
	sc := bufio.NewScanner(e.stdin)
	sc.Buffer(nil, 1<<20)
	failed := 0
	for n := 1; sc.Scan(); n++ {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if _, err := rag.CleanQuestion(line, maxChars); err != nil {
			failed++
			fmt.Fprintf(e.stderr, "reportbot: line %d: %v\n", n, err)
			continue
		}
		if !out.json && n > 1 {
			fmt.Fprintln(out.w)
		}
		if !out.json {
			fmt.Fprintf(out.w, "> %s\n", line)
		}
		if err := out.ask(ctx, answerer, line); err != nil {
			var qe *rag.QuestionError
			if !errors.As(err, &qe) {
				return err
			}
			failed++
			fmt.Fprintf(e.stderr, "reportbot: line %d: %v\n", n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read questions: %w", err)
	}
	if failed > 0 {
		return fmt.Errorf("%d question(s) could not be answered", failed)
	}
	return nil
}

// answerPrinter writes answers as text for people, printing a model's text
// as it is written, or as JSON lines.
type answerPrinter struct {
	w       io.Writer
	json    bool
	printed string // of the answer being streamed
	err     error  // the first write error while streaming
}

// ask answers one question and prints the answer.
func (p *answerPrinter) ask(ctx context.Context, a answerer, question string) error {
	p.printed, p.err = "", nil
	req := rag.Request{Question: question}
	if !p.json {
		req.OnText = p.stream
	}
	ans, err := a.Respond(ctx, req)
	if err != nil {
		if p.printed != "" {
			fmt.Fprintln(p.w)
		}
		return err
	}
	if p.err != nil {
		return p.err
	}
	return p.print(ans)
}

// stream prints what a model has written since the last call.
func (p *answerPrinter) stream(text string) {
	if p.err != nil || !strings.HasPrefix(text, p.printed) {
		return
	}
	_, p.err = io.WriteString(p.w, text[len(p.printed):])
	p.printed = text
}

func (p *answerPrinter) print(a rag.Answer) error {
	if p.json {
		return json.NewEncoder(p.w).Encode(a)
	}
	var b strings.Builder
	switch {
	case p.printed == "":
		b.WriteString(a.Text + "\n")
	case strings.HasPrefix(a.Text, p.printed):
		b.WriteString(a.Text[len(p.printed):] + "\n")
	default:
		// The model's answer was dropped (it broke off, or came too late)
		// and another given: start it on a line of its own.
		b.WriteString("\n\n" + a.Text + "\n")
	}
	if len(a.Citations) > 0 {
		b.WriteString("\n")
		for _, c := range a.Citations {
			fmt.Fprintf(&b, "[%d] %s\n", c.N, citedAs(c.Passage))
		}
	}
	if len(a.Sources) > 0 {
		b.WriteString("\nSources (the answer cites none; these are the passages it was given):\n")
		for _, c := range a.Sources {
			fmt.Fprintf(&b, "- %s\n", citedAs(c.Passage))
		}
	}
	for _, w := range a.Warnings {
		fmt.Fprintf(&b, "\nWarning: %s\n", w)
	}
	if a.Note != "" {
		fmt.Fprintf(&b, "\nNote: %s\n", a.Note)
	}
	_, err := io.WriteString(p.w, b.String())
	return err
}

// citedAs says where a cited passage is: "Section · page N · Report", or
// "Title · page N" for a passage of a report without headings, whose
// section is the report's title.
func citedAs(p ingest.Passage) string {
	if p.Section == p.Report || p.Section == "" {
		return fmt.Sprintf("%s · page %d", p.Report, p.Page)
	}
	return fmt.Sprintf("%s · page %d · %s", p.Section, p.Page, p.Report)
}

func (e cliEnv) passages(ctx context.Context, args []string) error {
	e.quiet = true
	f := e.newFlags("passages", "passages [--text] [--report PATH]")
	asText := f.Bool("text", false, "print each report's repaired full text in reading order instead of the passages")
	if help, err := e.parseFlagsOnly(f, args); help || err != nil {
		return err
	}
	if *asText {
		return e.printText(ctx, f.overrides)
	}
	a, err := e.setup(ctx, f.overrides)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(e.stdout)
	enc := json.NewEncoder(w)
	for _, p := range a.index.Passages() {
		if err := enc.Encode(p); err != nil {
			return err
		}
	}
	return w.Flush()
}

// printText prints the cleaned, reading-order text of every report.
func (e cliEnv) printText(ctx context.Context, overrides map[string]string) error {
	cfg, err := e.config(overrides)
	if err != nil {
		return err
	}
	srcs, warnings, err := readReports(cfg.ReportPath)
	if err != nil {
		return err
	}
	parser := newParser(cfg)
	defer parser.Close()
	var docs []ingest.Document
	for _, src := range srcs {
		doc, err := parser.Parse(ctx, src)
		warnings = append(warnings, ingest.ParseWarnings(src, doc, err)...)
		if err != nil {
			continue
		}
		docs = append(docs, doc)
	}
	if len(docs) == 0 {
		return fmt.Errorf("read reports: %w", ingest.NoReports(warnings))
	}
	e.warn(warnings)
	w := bufio.NewWriter(e.stdout)
	for i, doc := range docs {
		if i > 0 {
			w.WriteString("\n")
		}
		w.WriteString(doc.Text())
	}
	return w.Flush()
}

func (e cliEnv) index(ctx context.Context, args []string) error {
	f := e.newFlags("index", "index [--report PATH]")
	if help, err := e.parseFlagsOnly(f, args); help || err != nil {
		return err
	}
	cfg, err := e.config(f.overrides)
	if err != nil {
		return err
	}
	bar := newProgress(e.stderr)
	a, err := e.open(ctx, cfg, bar.update)
	bar.finish()
	if err != nil {
		return err
	}
	e.warn(a.warnings)
	i := a.info
	switch {
	case i.Reused:
		fmt.Fprintf(e.stdout, "reused index %s: %d passages from %s, loaded in %s\n", i.File, i.Passages, reportCount(i.Reports), i.Duration.Round(100_000))
	case i.Saved:
		fmt.Fprintf(e.stdout, "built index %s: %d passages from %s in %s, %d embedded, %d reused (%s)\n", i.File, i.Passages, reportCount(i.Reports), i.Duration.Round(100_000), i.Embedded, i.Passages-i.Embedded, i.Reason)
	default:
		fmt.Fprintf(e.stdout, "built index in memory only: %d passages from %s in %s; it could not be saved to %s (see the log)\n", i.Passages, reportCount(i.Reports), i.Duration.Round(100_000), i.File)
	}
	fmt.Fprintf(e.stdout, "fingerprint %s\n", i.Fingerprint)
	return nil
}

func (e cliEnv) eval(ctx context.Context, args []string) error {
	e.quiet = true
	f := e.newFlags("eval", "eval [--qa FILE] [--docs DIR] [--doc NAME] [--split NAME] [--misses] [--report PATH]")
	qa := f.String("qa", "testdata/qa.jsonl", "question set `FILE`, one JSON object per line")
	docs := f.String("docs", "", "`DIR` of the documents the questions name (default: docs beside the question set)")
	onlyDoc := f.String("doc", "", "evaluate only the questions of document `NAME` (several: comma-separated)")
	showMisses := f.Bool("misses", false, "list the questions answered wrongly")
	split := f.String("split", "", "evaluate only the questions of split `NAME` (dev, test, holdout, ...)")
	if help, err := e.parseFlagsOnly(f, args); help || err != nil {
		return err
	}
	file, err := os.Open(*qa)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("question set %s not found: eval reads it from a clone of the repository (run it there), or give one with --qa FILE", *qa)
	}
	if err != nil {
		return fmt.Errorf("open question set: %w", err)
	}
	items, err := rag.ReadEvalSet(file)
	file.Close()
	if err != nil {
		return err
	}
	var kept []rag.EvalItem
	for _, it := range items {
		if (*split == "" || it.Split == *split) && (*onlyDoc == "" || slices.Contains(strings.Split(*onlyDoc, ","), it.Doc)) {
			kept = append(kept, it)
		}
	}
	if len(kept) == 0 {
		return fmt.Errorf("no questions in %s match --split %q --doc %q", *qa, *split, *onlyDoc)
	}
	if *docs == "" {
		*docs = filepath.Join(filepath.Dir(*qa), "docs")
	}
	cfg, err := e.config(f.overrides)
	if err != nil {
		return err
	}
	indexes := map[string]*app{}
	appFor := func(doc string) (*app, error) {
		if a, ok := indexes[doc]; ok {
			return a, nil
		}
		c := cfg
		c.DataDir = "" // one index per document, in memory
		if doc != "" {
			c.ReportPath = docFile(*docs, doc)
		}
		a, err := e.open(ctx, c, nil)
		if err != nil {
			return nil, err
		}
		e.warn(a.warnings)
		indexes[doc] = a
		return a, nil
	}
	res, err := rag.Evaluate(ctx, func(doc string) (rag.Asker, error) {
		a, err := appFor(doc)
		if err != nil {
			return nil, err
		}
		return rag.NewExtractive(a.index, a.cfg.TopK, a.cfg.MaxQuestionChars), nil
	}, kept)
	if err != nil {
		return err
	}
	var peers [2]rag.EvalResult
	for i, chars := range []int{0, rag.AccuracyChars} {
		peers[i], err = rag.Evaluate(ctx, func(doc string) (rag.Asker, error) {
			a, err := appFor(doc)
			if err != nil {
				return nil, err
			}
			return rag.NewBM25Sentences(a.index, chars), nil
		}, kept)
		if err != nil {
			return err
		}
	}
	printEval(e.stdout, res, peers, *showMisses)
	return nil
}

// printEval prints the figures of an evaluation beside the naive peer's,
// computed in the same run on the same questions.
func printEval(w io.Writer, res rag.EvalResult, peers [2]rag.EvalResult, misses bool) {
	fmt.Fprintf(w, "%-34s %4s %4s %4s | %5s %5s %5s %5s %5s | %5s %5s %5s | %4s | %5s %5s\n",
		"", "ans", "imp", "off", "acc", "first", "false", "imp-r", "off-r", "hit@1", "hit@3", "hit@5", "len", "peer1", "peer4")
	row := func(name string, s, p1, p4 rag.Scores) {
		fmt.Fprintf(w, "%-34s %4d %4d %4d | %5.3f %5.3f %5.3f %5.2f %5.2f | %5.2f %5.2f %5.2f | %4d | %5.3f %5.3f\n",
			name, s.Answerable, s.Impossible, s.Offtopic, s.Accuracy, s.First, s.FalseRefusal, s.ImpossibleRefused, s.OfftopicRefused,
			s.Hit1, s.Hit3, s.Hit5, s.MedianChars, p1.First, p4.Accuracy)
	}
	row("overall", res.Overall, peers[0].Overall, peers[1].Overall)
	for _, groups := range []struct {
		prefix      string
		res, p1, p4 map[string]rag.Scores
	}{{"doc ", res.ByDoc, peers[0].ByDoc, peers[1].ByDoc}, {"split ", res.BySplit, peers[0].BySplit, peers[1].BySplit}, {"type ", res.ByType, peers[0].ByType, peers[1].ByType}} {
		if len(groups.res) < 2 {
			continue
		}
		for _, k := range rag.SortedKeys(groups.res) {
			row(groups.prefix+k, groups.res[k], groups.p1[k], groups.p4[k])
		}
	}
	fmt.Fprintf(w, "\nacc: a right answer in the first %d characters; first: in the first sentence; false: answerable\n", rag.AccuracyChars)
	fmt.Fprintln(w, "questions refused; imp-r, off-r: impossible and off-topic questions refused; hit@k: the evidence (or")
	fmt.Fprintln(w, "an answer) in the first k passages; len: median answer length; the naive peer, never refusing, BM25 over")
	fmt.Fprintf(w, "sentences: peer1: first-sentence acc of its best sentence; peer4: acc of its best sentences up to %d characters.\n", rag.AccuracyChars)
	if !misses {
		fmt.Fprintf(w, "%d misses (--misses lists them)\n", len(res.Misses))
		return
	}
	fmt.Fprintf(w, "\n%d misses:\n", len(res.Misses))
	for _, m := range res.Misses {
		fmt.Fprintf(w, "- [%s %s] %s: %q\n    want %q; got: %s\n", m.Item.Doc, m.Item.ID, m.Problem, m.Item.Question, strings.Join(m.Item.Answers, " | "), m.Got.Text)
	}
}

func (e cliEnv) serve(ctx context.Context, args []string) error {
	f := e.newFlags("serve", "serve [--report PATH]")
	if help, err := e.parseFlagsOnly(f, args); help || err != nil {
		return err
	}
	cfg, err := e.config(f.overrides)
	if err != nil {
		return err
	}
	// A missing token is a config error before anything is loaded or dialled.
	if err := cfg.RequireDiscord(); err != nil {
		return err
	}
	building := &progressLog{log: e.logger(cfg), now: time.Now}
	a, err := e.open(ctx, cfg, building.update)
	if err != nil {
		return err
	}
	logWarnings(a.log, a.warnings)
	d := cfg.Discord
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	b, err := bot.New(bot.Options{
		Token:           d.Token,
		GuildID:         d.GuildID,
		APIURL:          d.APIURL,
		AllowedGuilds:   d.AllowedGuilds,
		AllowedChannels: d.AllowedChannels,
		AllowDMs:        d.AllowDMs,
		RatePerMinute:   d.RatePerMinute,
		RateBurst:       d.RateBurst,
		MaxConcurrent:   d.MaxConcurrent,
		MaxQuestion:     cfg.MaxQuestionChars,
		AnswerTimeout:   d.AnswerTimeout,
		ShutdownTimeout: d.ShutdownTimeout,
		ShardID:         d.ShardID,
		ShardCount:      d.ShardCount,
		FeedbackPath:    filepath.Join(cfg.DataDir, "feedback.jsonl"),
		Logger:          a.log,
		Secrets:         []string{cfg.Model.APIKey},
		Metrics:         reg,
	}, a.answerer, a.index, bot.Info{
		Reports:     a.index.Reports(),
		Passages:    a.info.Passages,
		Sections:    a.index.Sections(),
		Mode:        a.mode,
		Fingerprint: a.info.Fingerprint,
		Version:     version(),
	})
	if err != nil {
		return err
	}
	if d.MetricsAddr != "" {
		h := health{connected: b.Connected, passages: a.info.Passages, fingerprint: a.info.Fingerprint}
		stop, err := listenHealth(ctx, d.MetricsAddr, healthHandler(h, reg), a.log)
		if err != nil {
			return err
		}
		defer stop()
	}
	return b.Run(ctx)
}

// reportCount says how many reports: "1 report", "3 reports".
func reportCount(n int) string {
	if n == 1 {
		return "1 report"
	}
	return fmt.Sprintf("%d reports", n)
}

// version names this build: the module version when built from a tagged
// module, else the VCS revision, else "dev".
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return s.Value[:12]
		}
	}
	return "dev"
}

// docFile is the file of a question set's document in dir: the document's
// name with the first extension reportbot reads that names a file there
// (".txt", ".md", ".html", ".pdf", …), or the name itself when it has one.
// A document with no file is DIR/<doc>.txt, for the error to name.
func docFile(dir, doc string) string {
	if ingest.IsReportFile(doc) {
		return filepath.Join(dir, doc)
	}
	for _, ext := range ingest.Extensions() {
		if p := filepath.Join(dir, doc+ext); fileExists(p) {
			return p
		}
	}
	return filepath.Join(dir, doc+".txt")
}

// fileExists reports whether path names a regular file.
func fileExists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}
