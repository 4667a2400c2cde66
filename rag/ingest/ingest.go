// Package ingest turns report files into citable passages.
//
// The pipeline has four stages, each a function of the one before:
//
//	normalize  bytes -> lines with consistent characters
//	classify   lines -> kinds and pages: body, headings, captions,
//	           running headers and footers, title and date
//	reorder    lines -> lines in reading order (the seam where repair of
//	           interleaved two-column text plugs in)
//	chunk      lines -> paragraphs -> passages of whole sentences
//
// That is the pipeline of plain text. Markdown skips reorder, being written
// rather than extracted from a page's columns. A format with structure of
// its own has a reader that makes lines, kinds and paragraphs directly, in
// place of the first three stages: HTML (readHTML), and PDF, whose
// characters package pdf reads with their positions and layoutPDF
// (pdflayout.go, pdfkinds.go) puts in lines, columns, reading order and
// kinds from the page geometry.
//
// It does not embed, index or search: package rag does that with the
// passages this package makes.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"
)

// Version identifies the ingestion pipeline. It changes whenever the passages
// made from the same input may change, so that persisted indexes rebuild.
const Version = "ingest-36"

// Report describes one parsed report.
type Report struct {
	Name  string `json:"name"`           // file it was read from, e.g. "IF10165.txt"
	Title string `json:"title"`          // as the report shows it, or from the file name
	Date  string `json:"date,omitempty"` // as the report shows it, e.g. "May 18, 2021"
	// Authors are the report's bylines and signatures as written, e.g.
	// "Mark E. Manyin, Specialist in Asian Affairs".
	Authors []string `json:"authors,omitempty"`
}

// Document is a parsed report: its description, its cleaned lines in reading
// order, and its passages in order.
type Document struct {
	Report   Report
	Lines    []Line
	Passages []Passage
	// Warnings name parts of the file that could not be read (a PDF's
	// damaged pages); the passages hold the rest.
	Warnings []string
}

// ErrNoText is returned (wrapped) for a report with no running text to index.
var ErrNoText = errors.New("no text to index")

// Parse runs the whole pipeline on one report file, read as the format its
// extension names (a .txt file, and a file of any other extension, as plain
// text). It fails when the file cannot be read as its format, and when the
// report holds no running text (wrapping ErrNoText). A PDF is read by a
// parser that all Parse calls share, without a compilation cache and with
// DefaultPDFTimeout: use a Parser to choose.
func Parse(src Source) (Document, error) {
	if IsPDF(src.Name) {
		return defaultParser().Parse(context.Background(), src)
	}
	return parseFile(src)
}

// parseFile parses a report of any format but PDF.
func parseFile(src Source) (Document, error) {
	var (
		lay   layout
		paras []paragraph
	)
	switch f, _ := formatOf(src.Name); f {
	case formatHTML:
		var err error
		if lay, paras, err = readHTML(src.Data); err != nil {
			return Document{}, fmt.Errorf("parse %s: %w", src.Name, err)
		}
	case formatMarkdown:
		var err error
		if lay, paras, err = readMarkdown(src.Data); err != nil {
			return Document{}, fmt.Errorf("parse %s: %w", src.Name, err)
		}
	default:
		lay = readText(src.Data)
		paras = paragraphs(lay.Lines, false)
	}
	rep := Report{Name: src.Name, Title: lay.Title, Date: lay.Date, Authors: lay.Authors}
	if rep.Title == "" {
		rep.Title = strings.TrimSuffix(path.Base(src.Name), path.Ext(src.Name))
	}
	passages := chunk(rep.Title, paras)
	if len(passages) == 0 {
		return Document{}, fmt.Errorf("parse %s: %w", src.Name, ErrNoText)
	}
	return Document{Report: rep, Lines: lay.Lines, Passages: passages}, nil
}

// Text renders the document's cleaned lines in reading order, for people to
// inspect what is indexed: a title line, a "[page N]" marker where a page
// starts, "## " before headings, "[caption] ", "[table] " and "[footnote] "
// before those lines. Running
// headers, footers, page numbers and blank lines are left out.
func (d Document) Text() string {
	var b strings.Builder
	b.WriteString("# " + d.Report.Title)
	if d.Report.Date != "" {
		b.WriteString(" (" + d.Report.Date + ")")
	}
	b.WriteString("\n")
	page := 0
	for _, l := range d.Lines {
		if l.Kind == Furniture || l.Kind == Blank || l.Kind == Meta {
			continue
		}
		if l.Page != page {
			page = l.Page
			fmt.Fprintf(&b, "\n[page %d]\n", page)
		}
		switch l.Kind {
		case Heading:
			b.WriteString("## ")
		case Caption:
			b.WriteString("[caption] ")
		case Table:
			b.WriteString("[table] ")
		case Footnote:
			b.WriteString("[footnote] ")
		}
		b.WriteString(strings.TrimSuffix(l.Text, string(softHyphen)) + "\n")
	}
	return b.String()
}
