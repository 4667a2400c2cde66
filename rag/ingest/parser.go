package ingest

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"
	"sync"
	"time"

	"reportbot/rag/ingest/pdf"
)

// DefaultPDFTimeout bounds the reading of one PDF when Options.PDFTimeout is
// not set. Reading takes well under a second per page; a file that takes
// this long is pathological.
const DefaultPDFTimeout = 45 * time.Second

// DefaultPDFPerPage is the time each page of a PDF adds to its PDFTimeout
// when Options.PDFPerPage is unset: a page reads in about 66 ms here, so a
// long report (a 1,000-page one takes about a minute) is read whole, while
// a file that hangs is still stopped.
const DefaultPDFPerPage = 250 * time.Millisecond

// MaxPDFBytes bounds the size of one PDF report: images make PDFs much
// larger than their text.
const MaxPDFBytes = 256 << 20

// Options configure a Parser.
type Options struct {
	// PDFCacheDir keeps the PDF engine's compiled code between runs, so that
	// only the first run on a machine pays for compiling it (seconds). ""
	// means no cache.
	PDFCacheDir string
	// PDFTimeout bounds the reading of one PDF; <= 0 means
	// DefaultPDFTimeout.
	PDFTimeout time.Duration
	// PDFPerPage is the time each page adds to PDFTimeout; <= 0 means
	// DefaultPDFPerPage.
	PDFPerPage time.Duration
}

// Parser parses report files of every supported format. Its PDF engine is
// started on the first PDF it parses, never before, and shared by the PDFs
// after it. A Parser is safe for concurrent use; PDFs are read one at a
// time. Close it when done.
type Parser struct {
	opts Options

	mu     sync.Mutex
	engine *pdf.Engine // nil until the first PDF
	closed bool
}

// NewParser returns a parser. It starts nothing.
func NewParser(opts Options) *Parser {
	if opts.PDFTimeout <= 0 {
		opts.PDFTimeout = DefaultPDFTimeout
	}
	if opts.PDFPerPage <= 0 {
		opts.PDFPerPage = DefaultPDFPerPage
	}
	return &Parser{opts: opts}
}

var (
	sharedOnce   sync.Once
	sharedParser *Parser
)

// defaultParser is the parser of the package-level Parse.
func defaultParser() *Parser {
	sharedOnce.Do(func() { sharedParser = NewParser(Options{}) })
	return sharedParser
}

// IsPDF reports whether name is a PDF file by its extension.
func IsPDF(name string) bool {
	f, _ := formatOf(name)
	return f == formatPDF
}

// PDFEngineStarted reports whether the parser has started its PDF engine.
func (p *Parser) PDFEngineStarted() bool {
	p.mu.Lock()
	e := p.engine
	p.mu.Unlock()
	return e != nil && e.Starts() > 0
}

// pdfEngine returns the parser's PDF engine, made on first use (it starts
// on its first Read), or nil once the parser is closed.
func (p *Parser) pdfEngine() *pdf.Engine {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.engine == nil && !p.closed {
		p.engine = pdf.New(pdf.Options{CacheDir: p.opts.PDFCacheDir})
	}
	if p.closed {
		return nil
	}
	return p.engine
}

// Close stops the PDF engine, if it was started. Parsing a PDF after Close
// fails; text and Markdown still parse.
func (p *Parser) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	if p.engine != nil {
		return p.engine.Close()
	}
	return nil
}

// Parse runs the whole pipeline on one report file, like the package-level
// Parse. ctx bounds the reading of a PDF, together with the parser's
// PDFTimeout. Errors name the file and say in a sentence what is wrong:
// encrypted, damaged, too slow to read, or without text (a scan, which needs
// OCR first).
func (p *Parser) Parse(ctx context.Context, src Source) (Document, error) {
	if !IsPDF(src.Name) {
		return parseFile(src)
	}
	engine := p.pdfEngine()
	if engine == nil {
		return Document{}, fmt.Errorf("parse %s: the parser is closed", src.Name)
	}
	doc, err := p.parsePDF(ctx, engine, src)
	if err != nil {
		return Document{}, fmt.Errorf("parse %s: %w", src.Name, err)
	}
	return doc, nil
}

// ErrNoTextLayer is returned (wrapped, along with ErrNoText) for a PDF
// without a text layer.
var ErrNoTextLayer = errors.New("the PDF has no text layer (is it a scan?): make one with an OCR tool first, for example `ocrmypdf in.pdf out.pdf`")

func (p *Parser) parsePDF(ctx context.Context, engine *pdf.Engine, src Source) (doc Document, err error) {
	defer func() {
		// The layout works on whatever geometry a hostile file yields; a
		// bug there must cost one file, never the process.
		if r := recover(); r != nil {
			doc, err = Document{}, fmt.Errorf("the PDF could not be laid out (%v)", r)
		}
	}()
	// The deadline bounds the reading of this file, not the engine's
	// start (seconds the first time on a machine, once per process).
	if err := engine.Start(); err != nil {
		return Document{}, err
	}
	raw, err := engine.Read(ctx, src.Data, pdf.Budget{Base: p.opts.PDFTimeout, PerPage: p.opts.PDFPerPage})
	if errors.Is(err, pdf.ErrTimeout) {
		return Document{}, fmt.Errorf("%w (more than %s and %s a page)", err, p.opts.PDFTimeout, p.opts.PDFPerPage)
	}
	if err != nil {
		return Document{}, err
	}
	chars, images := 0, 0
	for _, pg := range raw.Pages {
		chars += len(pg.Chars)
		images += pg.Images
	}
	switch {
	case len(raw.Pages) == 0 || raw.Unreadable == len(raw.Pages):
		return Document{}, fmt.Errorf("%w: %w (none of its pages can be read)", ErrNoText, pdf.ErrDamaged)
	case chars == 0 && images > 0:
		return Document{}, fmt.Errorf("%w: %w", ErrNoText, ErrNoTextLayer)
	case chars == 0:
		return Document{}, fmt.Errorf("%w: its pages hold no text (or their text cannot be decoded)", ErrNoText)
	}
	lay := layoutPDF(raw)
	rep := Report{Name: src.Name, Title: lay.title, Date: lay.date, Authors: lay.authors}
	if rep.Title == "" {
		rep.Title = strings.TrimSuffix(path.Base(src.Name), path.Ext(src.Name))
	}
	passages := chunk(rep.Title, paragraphs(lay.lines, true))
	if len(passages) == 0 {
		return Document{}, ErrNoText
	}
	return Document{Report: rep, Lines: lay.lines, Passages: passages, Warnings: raw.Warnings}, nil
}
