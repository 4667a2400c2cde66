package ingest

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// markdown renders Markdown as HTML, GitHub's flavour (tables, task lists,
// strikethrough, bare links), so that the HTML reader reads it: its
// headings, list items, tables and code blocks are the page's, and its
// link and emphasis marks are no text. A YAML front matter block is left
// out. Headings get the ids GitHub gives them ("## Use cases" is
// #use-cases), so that a README's own table of contents, a list of links
// to them, is known for one (contentsList).
var markdown = goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithParserOptions(parser.WithAutoHeadingID()))

// readMarkdown reads a Markdown report through readHTML.
func readMarkdown(data []byte) (layout, []paragraph, error) {
	text, _ := decodeText(data)
	var page bytes.Buffer
	// The page's encoding, declared: the text is UTF-8 by now.
	page.WriteString("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\n")
	if err := markdown.Convert([]byte(withoutFrontMatter(text)), &page); err != nil {
		return layout{}, nil, fmt.Errorf("read Markdown: %w", err)
	}
	page.WriteString("</body></html>\n")
	return readHTML(page.Bytes())
}

// withoutFrontMatter cuts a YAML front matter block ("---" lines around
// "title: …") from the start of a Markdown text.
func withoutFrontMatter(text string) string {
	first, rest, ok := strings.Cut(text, "\n")
	if !ok || strings.TrimSpace(first) != "---" {
		return text
	}
	for rest != "" {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		if l := strings.TrimSpace(line); l == "---" || l == "..." {
			return rest
		}
	}
	return text // no end: not front matter
}
