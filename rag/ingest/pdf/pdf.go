// Package pdf reads the characters of a PDF's text layer with their
// positions, sizes and fonts. It runs PDFium compiled to WebAssembly
// (github.com/klippa-app/go-pdfium) in the wazero runtime: pure Go, no cgo.
//
// It does not put text in reading order or decide what a line is for:
// package ingest does that from the geometry this package returns. It does
// not render pages, and it cannot read scanned pages, which have no text
// layer (run an OCR tool such as ocrmypdf first).
package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// Limits on what one document may ask of the engine. A PDF beyond them is
// cut short with a warning: its first pages are still read.
const (
	MaxPages        = 2000
	MaxCharsPerPage = 100_000
)

// Errors returned (wrapped) by Read.
var (
	ErrEncrypted = errors.New("the PDF is encrypted: it needs a password to open")
	ErrDamaged   = errors.New("the PDF is damaged")
	ErrNotPDF    = errors.New("the file is not a PDF (it does not start with %PDF-)")
	ErrTimeout   = errors.New("reading the PDF took too long")
)

// Char is one character of a page's text layer. Coordinates are in points
// from the page's top-left corner, y growing downwards.
type Char struct {
	Rune rune
	// Box is the character's loose box: the font's full height around the
	// glyph, so that the characters of a line share a top and a bottom.
	// Across, at a word's edges, it is the character's advance (from its
	// origin to where the next character would start), not its glyph: an
	// italic f's glyph overhangs both ways, into the space around it.
	X0, Y0, X1, Y1 float64
	// Baseline is the y of the character's origin.
	Baseline float64
	Size     float64 // font size in points, 0 when unknown
	Font     string  // font name, e.g. "Times-Bold" or "ABCDEF+CMBX12"
	Weight   int     // font weight (400 regular, 700 bold), 0 when unknown
	Italic   bool
	// Rotated is a character set at an angle to the page: a line set
	// up the margin, a watermark across the page.
	Rotated bool
	// Space is a white-space character: the PDF's own or one PDFium
	// inferred between words. Only Rune, Inferred and the box's X0 and
	// X1 (0 when unknown) are set; an inferred space has no width, at
	// the advance's end of the character before it.
	Space bool
	// Inferred is a space PDFium added from the gap between characters
	// (which a kerned pair can fool), not one the file draws.
	Inferred bool
}

// Page is one page's size in points and its characters in the order of
// the page's content.
type Page struct {
	Width, Height float64
	Chars         []Char
	// Images counts the page's images, only for a page without
	// characters (a scanned page is an image and nothing else).
	Images int
}

// Document is what Read found in a PDF.
type Document struct {
	Title    string // from the document information, "" when none
	Pages    []Page
	Warnings []string // parts of the file that could not be read
	// Unreadable counts the pages that could not be loaded.
	Unreadable int
}

// Options configure an Engine.
type Options struct {
	// CacheDir keeps PDFium's compiled code between runs (created if
	// missing). Empty means no cache: every process then compiles the
	// module again on its first PDF, which takes seconds.
	CacheDir string
}

// Engine reads PDFs. It starts the PDFium module on the first Read and keeps
// it for the next ones. It is safe for concurrent use; documents are read
// one at a time. The zero Engine is not usable: call New.
type Engine struct {
	opts Options

	mu     sync.Mutex // held while starting and while reading a document
	pool   pdfium.Pool
	cache  wazero.CompilationCache
	starts int
	closed bool
}

// New returns an engine that starts on its first Read.
func New(opts Options) *Engine { return &Engine{opts: opts} }

// Starts reports how many times the engine has started the PDFium module:
// 0 until the first Read.
func (e *Engine) Starts() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.starts
}

// Start starts the engine if it has not started: it compiles the PDFium
// module (or loads it from the cache) and prepares the runtime. Read calls
// it; calling it first keeps the start out of a Read's deadline.
func (e *Engine) Start() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.start()
}

// start is Start with e.mu held.
func (e *Engine) start() error {
	if e.closed {
		return errors.New("pdf engine is closed")
	}
	if e.pool != nil {
		return nil
	}
	cfg := wazero.NewRuntimeConfig().
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		WithCloseOnContextDone(true)
	if e.opts.CacheDir != "" {
		if err := os.MkdirAll(e.opts.CacheDir, 0o755); err == nil {
			if c, err := wazero.NewCompilationCacheWithDir(e.opts.CacheDir); err == nil {
				e.cache = c
				cfg = cfg.WithCompilationCache(c)
			}
		}
		// An unusable cache directory only costs time: compile without it.
	}
	pool, err := webassembly.Init(webassembly.Config{
		MinIdle: 0, MaxIdle: 1, MaxTotal: 1,
		RuntimeConfig: cfg,
		FSConfig:      wazero.NewFSConfig(), // no host files: documents are passed as bytes
		Stdout:        io.Discard,
		Stderr:        io.Discard,
	})
	if err != nil {
		e.closeCache()
		return fmt.Errorf("start pdf engine: %w", err)
	}
	e.pool = pool
	e.starts++
	return nil
}

func (e *Engine) closeCache() {
	if e.cache != nil {
		e.cache.Close(context.Background())
		e.cache = nil
	}
}

// Close stops the engine. Reads after Close fail.
func (e *Engine) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.closed = true
	var err error
	if e.pool != nil {
		err = e.pool.Close()
		e.pool = nil
	}
	e.closeCache()
	return err
}

// Budget is how long the reading of one PDF may take: Base, and PerPage
// more for each of its pages, so that a long report is not cut off by a
// limit meant to stop a file that hangs. Zero is no limit of its own.
type Budget struct {
	Base, PerPage time.Duration
}

// For returns the time a document of n pages may take.
func (b Budget) For(n int) time.Duration { return b.Base + time.Duration(n)*b.PerPage }

// Read returns the text layer of the PDF in data. ctx and the budget bound
// the reading (not the engine's first start): when either ends, the running
// module is stopped and Read returns an error wrapping ErrTimeout (for a
// deadline or the budget) or ctx.Err(). It returns an error wrapping ErrEncrypted or ErrDamaged for
// files it cannot open. A file that opens but is partly unreadable gives the
// pages it could read, with Warnings. A document whose pages hold no
// characters (a scan) is not an error here.
func (e *Engine) Read(ctx context.Context, data []byte, budget Budget) (*Document, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.start(); err != nil {
		return nil, err
	}
	// The budget's clock starts now, with Base; once the pages are
	// counted, it grows by PerPage for each.
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var pages func(n int)
	if budget != (Budget{}) {
		started := time.Now()
		timer := time.AfterFunc(budget.Base, func() { cancel(ErrTimeout) })
		defer timer.Stop()
		pages = func(n int) {
			if timer.Stop() {
				timer.Reset(max(0, budget.For(n)-time.Since(started)))
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, ctxError(ctx)
	}
	inst, err := e.pool.GetInstanceWithContext(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctxError(ctx)
		}
		return nil, fmt.Errorf("start pdf reader: %w", err)
	}
	// The module stops where it is when ctx ends: wazero checks the
	// context the worker runs under, which Kill cancels.
	killed := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		inst.Kill()
		close(killed)
	})
	doc, err := read(ctx, inst, data, pages)
	if !stop() {
		<-killed
		return nil, ctxError(ctx)
	}
	inst.Close()
	if err != nil {
		return nil, err
	}
	if !bytes.Contains(data[max(0, len(data)-2048):], []byte("%%EOF")) {
		doc.Warnings = append(doc.Warnings, "the file looks truncated (no end-of-file marker): its text may be incomplete")
	}
	return doc, nil
}

func ctxError(ctx context.Context) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(context.Cause(ctx), ErrTimeout) {
		return ErrTimeout
	}
	return ctx.Err()
}

// read reads the document's pages, telling pages (when not nil) how many
// there are once it knows.
func read(ctx context.Context, inst pdfium.Pdfium, data []byte, pages func(n int)) (*Document, error) {
	repaired := repairTJ(data)
	opened, err := inst.OpenDocument(&requests.OpenDocument{File: &repaired})
	if err != nil {
		switch {
		case errors.Is(err, pdfiumerrors.ErrPassword), errors.Is(err, pdfiumerrors.ErrSecurity):
			return nil, ErrEncrypted
		case errors.Is(err, pdfiumerrors.ErrFormat), errors.Is(err, pdfiumerrors.ErrFile), errors.Is(err, pdfiumerrors.ErrUnknown), errors.Is(err, pdfiumerrors.ErrPage):
			switch {
			case !bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")):
				return nil, ErrNotPDF
			case !bytes.Contains(data[max(0, len(data)-2048):], []byte("%%EOF")):
				return nil, fmt.Errorf("%w (it looks truncated: it has no end-of-file marker)", ErrDamaged)
			}
			return nil, ErrDamaged
		}
		return nil, fmt.Errorf("open pdf: %w", err)
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: opened.Document})
	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: opened.Document})
	if err != nil {
		return nil, fmt.Errorf("count pages: %w", err)
	}
	doc := &Document{}
	if t, err := inst.FPDF_GetMetaText(&requests.FPDF_GetMetaText{Document: opened.Document, Tag: "Title"}); err == nil {
		doc.Title = t.Value
	}
	n := count.PageCount
	if n > MaxPages {
		doc.Warnings = append(doc.Warnings, fmt.Sprintf("only the first %d of %d pages were read", MaxPages, n))
		n = MaxPages
	}
	if pages != nil {
		pages(n)
	}
	var unreadable []int
	for i := 0; i < n; i++ {
		if ctx.Err() != nil {
			return nil, ctxError(ctx)
		}
		page, warn, err := readPage(inst, opened.Document, i)
		if err != nil {
			unreadable = append(unreadable, i+1)
		}
		if warn != "" {
			doc.Warnings = append(doc.Warnings, warn)
		}
		doc.Pages = append(doc.Pages, page)
	}
	doc.Unreadable = len(unreadable)
	if len(unreadable) > 0 {
		doc.Warnings = append(doc.Warnings, fmt.Sprintf("%d of %d pages could not be read (first: page %d)", len(unreadable), n, unreadable[0]))
	}
	return doc, nil
}

// readPage reads one page's characters. A page that cannot be loaded is
// returned empty with an error.
func readPage(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, index int) (Page, string, error) {
	loaded, err := inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: index})
	if err != nil {
		return Page{}, "", err
	}
	defer inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: loaded.Page})
	ref := requests.Page{ByReference: &loaded.Page}
	var page Page
	if w, err := inst.FPDF_GetPageWidthF(&requests.FPDF_GetPageWidthF{Page: ref}); err == nil {
		page.Width = float64(w.PageWidth)
	}
	if h, err := inst.FPDF_GetPageHeightF(&requests.FPDF_GetPageHeightF{Page: ref}); err == nil {
		page.Height = float64(h.PageHeight)
	}
	text, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: ref})
	if err != nil {
		return page, "", err
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: text.TextPage})
	count, err := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: text.TextPage})
	if err != nil {
		return page, "", err
	}
	n, warn := count.Count, ""
	if n == 0 {
		page.Images = countImages(inst, ref)
	}
	if n > MaxCharsPerPage {
		warn = fmt.Sprintf("page %d: only the first %d of %d characters were read", index+1, MaxCharsPerPage, n)
		n = MaxCharsPerPage
	}
	page.Chars = make([]Char, 0, n)
	var prev Char // the last character read, for readChar
	space := true
	var raw [2]float64 // the loose box across of the last character
	for i := 0; i < n; i++ {
		c, rawX0, ok := readChar(inst, text.TextPage, i, page.Height, &prev, space)
		if !ok {
			continue
		}
		// A space starts where the character before it advanced to; that
		// character's box reaches past it when its glyph overhangs. The
		// characters of a ligature share one box: all of them end there.
		if n := len(page.Chars); c.Space && n > 0 && !page.Chars[n-1].Space {
			end := page.Chars[n-1].X1
			for k := n - 1; k >= 0 && !page.Chars[k].Space && page.Chars[k].X1 == end && c.X0 > page.Chars[k].X0 && c.X0 < end; k-- {
				page.Chars[k].X1 = c.X0
			}
		}
		if n := len(page.Chars); !c.Space && n > 0 && !page.Chars[n-1].Space && c.X1 == raw[1] && rawX0 == raw[0] {
			c.X0 = page.Chars[n-1].X0 // the next character of a ligature
		}
		if !c.Space {
			raw = [2]float64{rawX0, c.X1}
		}
		page.Chars = append(page.Chars, c)
		space = c.Space
	}
	return page, warn, nil
}

// countImages counts the images among a page's first objects.
func countImages(inst pdfium.Pdfium, page requests.Page) int {
	objs, err := inst.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: page})
	if err != nil {
		return 0
	}
	n := 0
	for i := 0; i < objs.Count && i < 1000; i++ {
		o, err := inst.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: page, Index: i})
		if err != nil {
			continue
		}
		if t, err := inst.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: o.PageObject}); err == nil && t.Type == enums.FPDF_PAGEOBJ_IMAGE {
			n++
		}
	}
	return n
}

// readChar reads character i. Each call into the module costs
// microseconds (wazero watches the context of each), so only the character
// and its box are asked for every character: a character whose box has the
// same top and height as the one before it shares its baseline and size,
// and the font and the origin are asked for again only at the start of a
// word or where the box changes (the angle only where the box changes).
// prev carries what was read between calls. It also returns the left of
// the character's loose box, which the origin may have moved its X0 from.
func readChar(inst pdfium.Pdfium, tp references.FPDF_TEXTPAGE, i int, height float64, prev *Char, wordStart bool) (Char, float64, bool) {
	u, err := inst.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: tp, Index: i})
	if err != nil {
		return Char{}, 0, false
	}
	r := rune(u.Unicode)
	switch r {
	case ' ', '\t', '\r', '\n', '\u00a0', '\u3000':
		c := Char{Rune: ' ', Space: true}
		if g, err := inst.FPDFText_IsGenerated(&requests.FPDFText_IsGenerated{TextPage: tp, Index: i}); err == nil {
			c.Inferred = g.IsGenerated
		}
		if box, err := inst.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: tp, Index: i}); err == nil && !anyBad(float64(box.Rect.Left), float64(box.Rect.Right)) {
			c.X0, c.X1 = float64(box.Rect.Left), float64(box.Rect.Right)
			if c.Inferred {
				c.X1 = c.X0
			}
		}
		return c, c.X0, true
	case 0, 0xfffe, 0xffff:
		return Char{}, 0, false
	}
	box, err := inst.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: tp, Index: i})
	if err != nil {
		return Char{}, 0, false
	}
	c := Char{
		Rune: r,
		X0:   float64(box.Rect.Left), X1: float64(box.Rect.Right),
		Y0: height - float64(box.Rect.Top), Y1: height - float64(box.Rect.Bottom),
	}
	if anyBad(c.X0, c.X1, c.Y0, c.Y1) {
		return Char{}, 0, false
	}
	loose := c.X0
	h := c.Y1 - c.Y0
	same := prev.Font != "" && math.Abs(c.Y0-prev.Y0) < 0.01*h+0.01 && math.Abs(h-(prev.Y1-prev.Y0)) < 0.005*h+0.01
	if same {
		c.Baseline, c.Size, c.Rotated = prev.Baseline, prev.Size, prev.Rotated
	} else if a, err := inst.FPDFText_GetCharAngle(&requests.FPDFText_GetCharAngle{TextPage: tp, Index: i}); err == nil && !anyBad(float64(a.CharAngle)) {
		// Radians, counterclockwise from the page's horizontal.
		turn := math.Mod(float64(a.CharAngle), 2*math.Pi)
		c.Rotated = math.Min(math.Abs(turn), 2*math.Pi-math.Abs(turn)) > 0.05
	}
	if !same || wordStart {
		// A word starts at its first character's origin: the glyph's box
		// reaches left of it when it overhangs.
		o, err := inst.FPDFText_GetCharOrigin(&requests.FPDFText_GetCharOrigin{TextPage: tp, Index: i})
		ok := err == nil && !anyBad(o.X, o.Y)
		if ok && wordStart && o.X > c.X0 && o.X < c.X1 {
			c.X0 = o.X
		}
		if !same {
			c.Baseline = c.Y1
			if ok {
				c.Baseline = height - o.Y
			}
		}
	}
	if !same {
		if s, err := inst.FPDFText_GetFontSize(&requests.FPDFText_GetFontSize{TextPage: tp, Index: i}); err == nil && !anyBad(s.FontSize) {
			c.Size = s.FontSize
		}
	}
	if same && !wordStart {
		c.Font, c.Weight, c.Italic = prev.Font, prev.Weight, prev.Italic
	} else {
		c.Font = "?" // asked for, whatever the answer
		if fi, err := inst.FPDFText_GetFontInfo(&requests.FPDFText_GetFontInfo{TextPage: tp, Index: i}); err == nil {
			c.Font = fi.FontName
			c.Italic = fi.Flags&(1<<6) != 0
			if fi.Flags&(1<<18) != 0 { // ForceBold
				c.Weight = 700
			}
		}
		if w, err := inst.FPDFText_GetFontWeight(&requests.FPDFText_GetFontWeight{TextPage: tp, Index: i}); err == nil && w.FontWeight > 0 && c.Weight == 0 {
			c.Weight = w.FontWeight
		}
	}
	*prev = c
	return c, loose, true
}

// anyBad reports whether any value is not a finite number.
func anyBad(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return true
		}
	}
	return false
}
