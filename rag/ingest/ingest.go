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
// It does not embed, index or search: package rag does that with the
// passages this package makes.
package ingest

import (
	"errors"
	"fmt"
	"path"
	"strings"
)

// Version identifies the ingestion pipeline. It changes whenever the passages
// made from the same input may change, so that persisted indexes rebuild.
const Version = "ingest-6"

// Report describes one parsed report.
type Report struct {
	Name  string `json:"name"`           // file it was read from, e.g. "IF10165.txt"
	Title string `json:"title"`          // as the report shows it, or from the file name
	Date  string `json:"date,omitempty"` // as the report shows it, e.g. "May 18, 2021"
}

// Document is a parsed report: its description, its cleaned lines in reading
// order, and its passages in order.
type Document struct {
	Report   Report
	Lines    []Line
	Passages []Passage
}

// ErrNoText is returned (wrapped) for a report with no running text to index.
var ErrNoText = errors.New("no text to index")

// Parse runs the whole pipeline on one report file. It fails only when the
// report holds no running text (wrapping ErrNoText).
func Parse(src Source) (Document, error) {
	markdown := strings.EqualFold(path.Ext(src.Name), ".md") || strings.EqualFold(path.Ext(src.Name), ".markdown")
	lay := classify(normalizeLines(src.Data), markdown)
	rep := Report{Name: src.Name, Title: lay.Title, Date: lay.Date}
	if rep.Title == "" {
		rep.Title = strings.TrimSuffix(path.Base(src.Name), path.Ext(src.Name))
	}
	lines := lay.Lines
	if !markdown {
		// Markdown is written, never extracted from a PDF's columns.
		lines = reorder(lines)
	}
	passages := chunk(rep.Title, paragraphs(lines))
	if len(passages) == 0 {
		return Document{}, fmt.Errorf("parse %s: %w", src.Name, ErrNoText)
	}
	return Document{Report: rep, Lines: lines, Passages: passages}, nil
}

// Text renders the document's cleaned lines in reading order, for people to
// inspect what is indexed: a title line, a "[page N]" marker where a page
// starts, "## " before headings and "[caption] " before captions. Running
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
		}
		b.WriteString(strings.TrimSuffix(l.Text, string(softHyphen)) + "\n")
	}
	return b.String()
}
