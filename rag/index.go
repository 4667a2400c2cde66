// Package rag answers questions about reports by retrieval: it indexes the
// passages package ingest makes, in a chromem-go vector collection and a BM25
// word index, fuses the two rankings, and answers from the passages it finds,
// citing them.
//
// It does not know where questions come from (the command line, Discord) or
// how vectors are made: callers pass an Embedder.
package rag

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	chromem "github.com/philippgille/chromem-go"

	"reportbot/rag/ingest"
	"reportbot/rag/lexical"
	"reportbot/rag/rank"
)

// Embedder turns texts into vectors, one per text, in order. Model names the
// model and its settings: vectors from different models are never mixed.
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
	Model() string
}

// WordVectors gives the unit vector of a lowercase word and its frequency
// rank in English (0 the most frequent), and whether it has them.
type WordVectors interface {
	Lookup(word string) ([]float32, bool)
	Rank(word string) (int, bool)
}

// formatVersion identifies the layout of the persisted index file.
const formatVersion = "reportbot-index-3"

// collectionName names the chromem-go collection of passages.
const collectionName = "passages"

// sectionWeight is how much a passage's section title counts in BM25
// compared with its text: a heading names what the passage is about.
const sectionWeight = 2

// Options configure Open.
type Options struct {
	// DataDir is the directory of the persisted index file. Empty means the
	// index lives in memory only.
	DataDir string
	// Logger receives a line when the index is rebuilt or cannot be saved.
	// Nil means slog.Default().
	Logger *slog.Logger
	// BatchSize is how many passages go to the embedder in one call (an
	// API embedder splits a call into requests of its own size); <= 0
	// means 256.
	BatchSize int
	// Words, when set, gives word vectors: a question's words then match
	// similar words of the reports ("soldiers" and "troops"), not only
	// their own. *wordvec.Table is one.
	Words WordVectors
	// Progress, when set, is called as a rebuild reads the reports and
	// embeds their passages, with the stage and how many of how many are
	// done; it is not called when the index file is reused.
	Progress func(Progress)
	// VectorWeight is how much the vector ranking counts in the fusion,
	// against the word ranking's 1; <= 0 means DefaultVectorWeight, fitted
	// for the built-in embedder. A model's embeddings (OpenAI's, Ollama's)
	// carry more meaning and deserve more, around 0.6.
	VectorWeight float64
	// Parser parses the reports when the index is rebuilt; a saved index
	// that matches is loaded without parsing anything, so its PDF engine
	// never starts. Nil means ingest.Parse.
	Parser *ingest.Parser
	// QueryTimeout bounds embedding a question (the caller's context may
	// bound it more); <= 0 means DefaultQueryTimeout. A question whose
	// embedding fails or times out is searched by its words alone, and
	// the embedder is then left alone for EmbedderRest.
	QueryTimeout time.Duration
}

// DefaultQueryTimeout is how long embedding a question may take by
// default: a short text, which a server that works embeds in well under a
// second.
const DefaultQueryTimeout = 5 * time.Second

// EmbedderRest is how long questions are searched by their words alone
// after embedding one failed, before the embedder is tried again: an
// embeddings endpoint that is down would otherwise cost every question
// the wait.
const EmbedderRest = 30 * time.Second

// Progress is how far a rebuild of the index has come: Done of Total
// things of its Stage, StageReading (reports) or StageEmbedding
// (passages).
type Progress struct {
	Stage       string
	Done, Total int
}

// The stages of a rebuild.
const (
	StageReading   = "reading reports"
	StageEmbedding = "embedding passages"
)

// OpenInfo says what Open did.
type OpenInfo struct {
	Fingerprint string        // of report content, ingest version and embedding model
	File        string        // the index file, "" when not persisted
	Reused      bool          // the file matched and was loaded instead of rebuilt
	Saved       bool          // a rebuilt index was written to File
	Reason      string        // why the index was rebuilt, when it was
	Reports     int           // number of reports indexed
	Passages    int           // number of passages indexed
	Embedded    int           // passages embedded by this Open (the rest reused the file's vectors)
	Duration    time.Duration // time Open took
	// Skipped lists the reports left out because they could not be parsed
	// (no text, a broken file), and the parts of reports that could not be
	// read (a PDF's damaged page: Skipped false), also when the index file
	// was reused.
	Skipped []ingest.Warning
}

// Index holds the passages of one or more reports, searchable by meaning
// (a chromem-go collection of their vectors) and by words (BM25). It is
// immutable once opened and safe for concurrent use.
type Index struct {
	fingerprint string
	reports     []ingest.Report
	passages    []ingest.Passage
	byID        map[string]int
	ofReport    map[string][]int // report title -> its passages, in order
	db          *chromem.DB
	coll        *chromem.Collection
	bm25        *lexical.IDBM25
	embedder    Embedder
	skipped     []ingest.Warning  // reports left out: they could not be parsed
	dates       map[string]moment // report title -> its date, where known
	questions   *vectorCache      // vectors of questions asked before
	// vectorWeight is Options.VectorWeight, defaulted.
	vectorWeight float64
	// Embedding questions: how long it may take, until when the embedder
	// is left alone after a failure (unix nanoseconds), the clock, the log.
	queryTimeout time.Duration
	embedderDown atomic.Int64
	now          func() time.Time
	log          *slog.Logger
	// For ranking sentences: the reports' vocabulary, each passage's
	// sentences (as rank reads them, and where they are in its text), its
	// section title, and whether it is boilerplate (a legal notice).
	vocab  *rank.Vocab
	sents  [][]rank.Sentence
	spans  [][]ingest.Span
	titles []rank.Sentence
	boiler []bool
}

// Open returns the index of the given report sources. When opts.DataDir holds
// an index file with the same fingerprint it is loaded; otherwise (no file, a
// different fingerprint, a truncated or corrupt file) the reports are parsed,
// embedded in batches and indexed, and the file is written atomically. A file
// that cannot be read or written is logged, never fatal. A report that
// cannot be parsed is left out, listed in OpenInfo.Skipped; Open fails when
// none can (wrapping ingest.ErrNoReports) or the embedder fails.
func Open(ctx context.Context, srcs []ingest.Source, emb Embedder, opts Options) (*Index, OpenInfo, error) {
	start := time.Now()
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	info := OpenInfo{Fingerprint: Fingerprint(srcs, emb.Model())}
	store := newStore(opts.DataDir)
	info.File = store.path()

	var cached map[string][]float32 // vectors of a stale file, by text
	if store.enabled() {
		idx, vectors, err := store.load(ctx, info.Fingerprint, emb)
		if err == nil {
			idx.configure(opts, log)
			info.Reused = true
			info.Reports, info.Passages, info.Skipped = len(idx.reports), len(idx.passages), idx.skipped
			info.Duration = time.Since(start)
			log.Debug("index loaded", "file", info.File, "passages", info.Passages, "fingerprint", info.Fingerprint)
			return idx, info, nil
		}
		cached = vectors
		info.Reason = err.Error()
		if errors.Is(err, errNoFile) || errors.Is(err, errStale) {
			log.Info("building index", "file", info.File, "reason", info.Reason)
		} else {
			log.Warn("index file unusable, rebuilding", "file", info.File, "err", err)
		}
	}

	idx, embedded, err := build(ctx, srcs, emb, opts, cached)
	if err != nil {
		return nil, info, err
	}
	info.Embedded = embedded
	idx.configure(opts, log)
	log.Info("index built", "passages", len(idx.passages), "embedded", embedded, "reused", len(idx.passages)-embedded, "model", emb.Model())
	idx.fingerprint = info.Fingerprint
	info.Reports, info.Passages, info.Skipped = len(idx.reports), len(idx.passages), idx.skipped
	if store.enabled() {
		if err := store.save(idx); err != nil {
			log.Warn("index not saved; answering from memory", "file", info.File, "err", err)
		} else {
			info.Saved = true
		}
	}
	info.Duration = time.Since(start)
	return idx, info, nil
}

// configure gives an index, loaded or built, what opts says of answering:
// its word vectors, the weight of its vector ranking, how long a question's
// embedding may take, and the log.
func (x *Index) configure(opts Options, log *slog.Logger) {
	x.vocab.SetVectors(opts.Words, x.sents)
	x.vectorWeight = opts.VectorWeight
	if x.vectorWeight <= 0 {
		x.vectorWeight = DefaultVectorWeight
	}
	x.queryTimeout = opts.QueryTimeout
	if x.queryTimeout <= 0 {
		x.queryTimeout = DefaultQueryTimeout
	}
	x.now = time.Now
	x.log = log
}

// Fingerprint identifies an index: the reports' names and contents, the
// ingestion pipeline's version and the embedding model. Any change means the
// persisted index must be rebuilt.
func Fingerprint(srcs []ingest.Source, model string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00", formatVersion, ingest.Version, rank.Version, model)
	for _, s := range srcs {
		sum := sha256.Sum256(s.Data)
		fmt.Fprintf(h, "%s\x00%x\x00", s.Name, sum)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// build parses the sources with opts.Parser and indexes their passages.
// Passages whose text has a vector in cached (keyed by vectorKey) are not
// embedded again; the rest go to the embedder batch by batch. It returns how
// many were embedded.
func build(ctx context.Context, srcs []ingest.Source, emb Embedder, opts Options, cached map[string][]float32) (*Index, int, error) {
	batch, progress := opts.BatchSize, opts.Progress
	if batch <= 0 {
		batch = 256
	}
	parse := func(src ingest.Source) (ingest.Document, error) { return ingest.Parse(src) }
	if opts.Parser != nil {
		parse = func(src ingest.Source) (ingest.Document, error) { return opts.Parser.Parse(ctx, src) }
	}
	var (
		reports  []ingest.Report
		passages []ingest.Passage
		skipped  []ingest.Warning
	)
	for n, src := range srcs {
		if progress != nil {
			progress(Progress{Stage: StageReading, Done: n, Total: len(srcs)})
		}
		doc, err := parse(src)
		skipped = append(skipped, ingest.ParseWarnings(src, doc, err)...)
		if err != nil {
			continue
		}
		reports = append(reports, doc.Report)
		passages = append(passages, doc.Passages...)
	}
	if progress != nil {
		progress(Progress{Stage: StageReading, Done: len(srcs), Total: len(srcs)})
	}
	if len(reports) == 0 {
		return nil, 0, fmt.Errorf("index reports: %w", ingest.NoReports(skipped))
	}
	vectors := make([][]float32, len(passages))
	var missing []int
	for i, p := range passages {
		if v, ok := cached[vectorKey(embeddingText(p))]; ok {
			vectors[i] = v
		} else {
			missing = append(missing, i)
		}
	}
	for start := 0; start < len(missing); start += batch {
		part := missing[start:min(start+batch, len(missing))]
		texts := make([]string, len(part))
		for k, i := range part {
			texts[k] = embeddingText(passages[i])
		}
		vs, err := emb.Embed(ctx, texts)
		if err != nil {
			return nil, 0, fmt.Errorf("embed passages: %w", err)
		}
		if len(vs) != len(texts) {
			return nil, 0, fmt.Errorf("embed passages: got %d vectors for %d texts", len(vs), len(texts))
		}
		for k, i := range part {
			vectors[i] = vs[k]
		}
		if progress != nil {
			progress(Progress{Stage: StageEmbedding, Done: start + len(part), Total: len(missing)})
		}
	}
	idx, err := assemble(ctx, reports, passages, vectors, emb)
	if err != nil {
		return nil, 0, err
	}
	idx.skipped = skipped
	return idx, len(missing), nil
}

// embeddingText is what is embedded for a passage: its section title gives
// short passages the context they leave implicit.
func embeddingText(p ingest.Passage) string {
	return p.Section + "\n" + p.Text
}

// assemble builds the in-memory index from passages and their vectors.
func assemble(ctx context.Context, reports []ingest.Report, passages []ingest.Passage, vectors [][]float32, emb Embedder) (*Index, error) {
	db := chromem.NewDB()
	coll, err := db.CreateCollection(collectionName, nil, noEmbedding)
	if err != nil {
		return nil, fmt.Errorf("create collection: %w", err)
	}
	// The collection holds the vectors; the passages themselves are the
	// index's, saved with its analysis: one copy of each text.
	docs := make([]chromem.Document, len(passages))
	for i, p := range passages {
		docs[i] = chromem.Document{ID: p.ID, Embedding: vectors[i]}
	}
	if len(docs) > 0 {
		if err := coll.AddDocuments(ctx, docs, 4); err != nil {
			return nil, fmt.Errorf("add passages: %w", err)
		}
	}
	return newIndex(reports, passages, db, coll, emb, nil)
}

// noEmbedding is the collection's embedding function. Vectors are always
// computed in batches by the Embedder and passed in, so chromem must never
// embed on its own (its default would call OpenAI).
func noEmbedding(context.Context, string) ([]float32, error) {
	return nil, errors.New("rag: vectors are computed by the Embedder, not by chromem")
}

// newIndex makes the index of the passages: from their saved analysis when
// an is not nil, else by reading them. It fails only when a saved analysis
// does not fit the passages.
func newIndex(reports []ingest.Report, passages []ingest.Passage, db *chromem.DB, coll *chromem.Collection, emb Embedder, an *analysis) (*Index, error) {
	idx := &Index{
		db:       db,
		reports:  reports,
		passages: passages,
		byID:     make(map[string]int, len(passages)),
		ofReport: map[string][]int{},
		coll:     coll,
		embedder: emb,
	}
	if an != nil {
		if err := idx.restore(*an); err != nil {
			return nil, err
		}
	} else {
		idx.analyse()
	}
	fields := make([][]lexical.IDField, len(passages))
	for i, p := range passages {
		idx.byID[p.ID] = i
		idx.ofReport[p.Report] = append(idx.ofReport[p.Report], i)
		for _, s := range idx.sents[i] {
			fields[i] = append(fields[i], lexical.IDField{Terms: s.TermIDs(), Weight: 1})
		}
		fields[i] = append(fields[i], lexical.IDField{Terms: idx.titles[i].TermIDs(), Weight: sectionWeight})
	}
	idx.bm25 = lexical.NewIDBM25(idx.vocab.Len(), fields)
	idx.dates = reportDates(idx)
	idx.questions = newVectorCache(questionCacheSize)
	return idx, nil
}

// questionCacheSize is how many question vectors an index remembers: a
// question asked again (a retry, a button, a popular question) costs no
// embedding request.
const questionCacheSize = 1024

// vectorCache remembers the vectors of recent texts, forgetting the oldest
// when full. It is safe for concurrent use.
type vectorCache struct {
	mu    sync.Mutex
	m     map[string][]float32
	order []string
	max   int
}

func newVectorCache(max int) *vectorCache {
	return &vectorCache{m: make(map[string][]float32), max: max}
}

func (c *vectorCache) get(text string) ([]float32, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[text]
	return v, ok
}

func (c *vectorCache) put(text string, v []float32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[text]; ok {
		return
	}
	if len(c.order) >= c.max {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
	c.m[text] = v
	c.order = append(c.order, text)
}

// embedQuestion returns the vector of a question's text, from the cache when
// it was asked before. Embedding it takes at most the query timeout; when it
// fails, the embedder is left alone for EmbedderRest, and a question asked
// meanwhile fails at once with errEmbedderResting.
func (x *Index) embedQuestion(ctx context.Context, text string) ([]float32, error) {
	if v, ok := x.questions.get(text); ok {
		return v, nil
	}
	if x.clock().UnixNano() < x.embedderDown.Load() {
		return nil, errEmbedderResting
	}
	ectx, cancel := context.WithTimeout(ctx, x.timeout())
	defer cancel()
	vecs, err := x.embedder.Embed(ectx, []string{text})
	if err == nil && len(vecs) != 1 {
		err = fmt.Errorf("got %d vectors for 1 text", len(vecs))
	}
	if err != nil {
		if ctx.Err() == nil { // the embedder's failure, not the caller giving up
			x.embedderDown.Store(x.clock().Add(EmbedderRest).UnixNano())
		}
		return nil, fmt.Errorf("embed question: %w", err)
	}
	x.questions.put(text, vecs[0])
	return vecs[0], nil
}

// errEmbedderResting is embedQuestion's error while the embedder is left
// alone after a failure.
var errEmbedderResting = errors.New("embed question: the embedder failed recently; not tried again yet")

func (x *Index) clock() time.Time {
	if x.now == nil {
		return time.Now()
	}
	return x.now()
}

func (x *Index) timeout() time.Duration {
	if x.queryTimeout <= 0 {
		return DefaultQueryTimeout
	}
	return x.queryTimeout
}

func (x *Index) logger() *slog.Logger {
	if x.log == nil {
		return slog.Default()
	}
	return x.log
}

// Fingerprint returns the fingerprint the index was built for.
func (x *Index) Fingerprint() string { return x.fingerprint }

// Sections returns the section titles of the indexed passages, in report
// order, each once where it runs.
func (x *Index) Sections() []string {
	var sections []string
	for _, p := range x.passages {
		if n := len(sections); n == 0 || sections[n-1] != p.Section {
			sections = append(sections, p.Section)
		}
	}
	return sections
}

// Reports returns the reports indexed, in order. The caller must not modify
// the slice.
func (x *Index) Reports() []ingest.Report { return x.reports }

// Passages returns every passage, in report order. The caller must not
// modify the slice.
func (x *Index) Passages() []ingest.Passage { return x.passages }

// Passage returns the passage with the given ID, and whether there is one.
func (x *Index) Passage(id string) (ingest.Passage, bool) {
	i, ok := x.byID[id]
	if !ok {
		return ingest.Passage{}, false
	}
	return x.passages[i], true
}

// Hit is a passage found by Search with its retrieval score, from 0 to 1
// (1: ranked first by both the vector and the word search).
type Hit struct {
	Passage ingest.Passage
	Score   float64
	index   int
}

// scored turns hits into the answer's retrieved passages.
func scored(hits []Hit) []ScoredPassage {
	out := make([]ScoredPassage, len(hits))
	for i, h := range hits {
		out[i] = ScoredPassage{Passage: h.Passage, Score: round(h.Score)}
	}
	return out
}

// Search returns up to k passages for question, best first: the BM25 and
// vector rankings fused by reciprocal rank, reranked by how well their
// sentences answer it. It fails only when embedding the question or
// querying the collection fails.
func (x *Index) Search(ctx context.Context, question string, k int) ([]Hit, error) {
	f, err := x.find(ctx, question, k)
	return f.hits, err
}

// byScore sorts hits best first, ties in passage order.
func byScore(hits []Hit) {
	sort.Slice(hits, func(a, b int) bool {
		if hits[a].Score != hits[b].Score {
			return hits[a].Score > hits[b].Score
		}
		return hits[a].index < hits[b].index
	})
}
