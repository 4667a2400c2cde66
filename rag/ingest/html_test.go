package ingest

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
)

// sectioned renders passages as "section: text" for comparison.
func sectioned(ps []Passage) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Section+": "+p.Text)
	}
	return out
}

func TestParseHTML(t *testing.T) {
	tests := []struct {
		name    string
		html    string
		title   string
		want    []string // passages as "section: text"
		authors []string
	}{
		{
			name:  "title, headings and paragraphs",
			html:  `<html><head><title>Water Report</title></head><body><p>Intro text.</p><h2>Costs</h2><p>It cost a lot.</p><h3>Detail</h3><p>More.</p><h4>Four</h4><p>4.</p><h5>Five</h5><p>5.</p><h6>Six</h6><p>6.</p></body></html>`,
			title: "Water Report",
			want:  []string{"Water Report: Intro text.", "Costs: It cost a lot.", "Detail: More.", "Four: 4.", "Five: 5.", "Six: 6."},
		},
		{
			name:  "the first h1 is the title without a <title>",
			html:  `<h1>Roads</h1><p>Roads are old.</p><h1>Second</h1><p>Other.</p>`,
			title: "Roads",
			want:  []string{"Roads: Roads are old.", "Second: Other."},
		},
		{
			name:  "without <title> or h1, a first heading over all others is the title",
			html:  `<!-- licence --><h2>Introduction to the Compiler</h2><p>It has phases.</p><h3>1. Parsing</h3><p>Tokens.</p><h3>2. Types</h3><p>Checks.</p>`,
			title: "Introduction to the Compiler",
			want:  []string{"Introduction to the Compiler: It has phases.", "1. Parsing: Tokens.", "2. Types: Checks."},
		},
		{
			name:  "a first heading under text is no title",
			html:  `<p>Lead text.</p><h2>Intro</h2><p>It has phases.</p><h3>1. Parsing</h3><p>Tokens.</p>`,
			title: "page",
			want:  []string{"page: Lead text.", "Intro: It has phases.", "1. Parsing: Tokens."},
		},
		{
			name:  "two headings of the first's level: no title",
			html:  `<h2>One</h2><p>Text one.</p><h3>Sub</h3><p>Sub text.</p><h2>Two</h2><p>Text two.</p>`,
			title: "page",
			want:  []string{"One: Text one.", "Sub: Sub text.", "Two: Text two."},
		},
		{
			name:  "the file name is the title without <title> or h1",
			html:  `<h2>Part</h2><p>Text.</p>`,
			title: "page",
			want:  []string{"Part: Text."},
		},
		{
			name: "scripts, styles, navigation, page header and footer, sidebars, hidden text dropped",
			html: `<head><title>T</title><style>.a{color:red}</style><script>var x = "script text";</script></head>
<body><header>Site banner</header><nav><ul><li>Home</li><li>News</li></ul></nav>
<div role="navigation">Skip links</div><div role="banner">Banner role</div>
<p>Kept one.</p><aside><p>Related story</p></aside><noscript>Enable JavaScript</noscript>
<template><p>Template text</p></template><p hidden>Hidden text</p><span aria-hidden="true">Icon</span>
<form><label>Kept label</label><select><option>Option text</option></select><button>Button text</button><textarea>Area text</textarea></form>
<svg><text>Drawing text</text></svg><iframe>Frame text</iframe>
<p>Kept two.</p><footer><p>Copyright footer</p></footer><script>document.write("late script")</script></body>`,
			title: "T",
			want:  []string{"T: Kept one.\n\nKept label\n\nKept two."},
		},
		{
			name:    "an article's own header and footer are kept, its byline names its author",
			html:    `<body><header>Site</header><article><header><h1>Story</h1><p>By A. Writer</p></header><p>Body text.</p><footer>Article note.</footer></article><footer>Site footer</footer></body>`,
			title:   "Story",
			want:    []string{"Story: Body text.\n\nArticle note."},
			authors: []string{"A. Writer"},
		},
		{
			name: "author headings are a byline, not sections",
			html: `<title>Users</title><div class="titlepage"><h1 class="title">Users</h1><h3 class="AUTHOR"><a name="a6"></a>Joey Hess</h3>
<div class="authorgroup"><div class="author"><h3 class="author"><span class="firstname">Colin</span> <span class="surname">Watson</span></h3><code class="email">&lt;cjwatson@example.org&gt;</code></div>
<h3 class="corpauthor">The Debian Project</h3></div><p class="copyright">Copyright © 2001 Joey Hess</p></div>
<h2 class="author-notes">Notes</h2><p>By the way, this is text.</p><h2>Chapter 1</h2><p>Text.</p>`,
			title:   "Users",
			want:    []string{"Users: <cjwatson@example.org>\n\nCopyright © 2001 Joey Hess", "Notes: By the way, this is text.", "Chapter 1: Text."},
			authors: []string{"Joey Hess", "Colin Watson", "The Debian Project"},
		},
		{
			name: "a definition list's term leads its definition",
			html: `<title>T</title><h2>Users</h2><p>Users have groups.</p><dl>
<dt><span class="term">root</span></dt><dd><p>Root is the superuser.</p><p>It owns most files.</p></dd>
<dt>nobody</dt><dt>nogroup</dt>
<dd>Owns nothing.</dd>
<dt>Note:</dt><dd>Terms may end in colons.</dd>
<dt>empty</dt><dd></dd>
<dt>table</dt><dd><table><tr><td>a</td><td>b</td></tr></table></dd>
<dt>outer</dt><dd><dl><dt>inner</dt><dd>Nested.</dd></dl></dd>
</dl><dl><dt>Contents</dt><dt>1. Intro</dt><dt>2. Users</dt></dl><p>After.</p>`,
			title: "T",
			want: []string{"Users: Users have groups.\n\nroot: Root is the superuser.\n\nIt owns most files.\n\nnobody, nogroup: Owns nothing.\n\n" +
				"Note: Terms may end in colons.\n\nempty\n\ntable\n\na | b\n\nouter\n\ninner: Nested.\n\nContents\n\n1. Intro\n\n2. Users\n\nAfter."},
		},
		{
			name:  "only the main content when the page marks it",
			html:  `<title>T</title><div class="cookies">We use cookies.</div><main><h1>Story</h1><p>Body text.</p></main><div>Sign up for our newsletter.</div>`,
			title: "T",
			want:  []string{"Story: Body text."},
		},
		{
			name:  "role main, and a hidden main not taken",
			html:  `<title>T</title><p>Around.</p><main hidden><p>Old.</p></main><div role="main"><p>Body text.</p></div>`,
			title: "T",
			want:  []string{"T: Body text."},
		},
		{
			name:  "entities decoded",
			html:  `<title>Caf&eacute; &amp; Bar</title><p>Fish&nbsp;&amp;&nbsp;chips cost &pound;5 &mdash; or &#8364;6 &#x2014; &ldquo;cheap&rdquo; &lt;really&gt;.</p>`,
			title: "Café & Bar",
			want:  []string{"Café & Bar: Fish & chips cost £5 — or €6 — “cheap” <really>."},
		},
		{
			name:  "br breaks a line, blocks end paragraphs",
			html:  `<title>T</title><p>first line<br>second line<br/>third</p><div>one</div><div>two<div>inner</div>after</div><span>inline</span><b>joined</b>`,
			title: "T",
			want:  []string{"T: first line\nsecond line\nthird\n\none\n\ntwo\n\ninner\n\nafter\n\ninlinejoined"},
		},
		{
			name:  "lists: one item a paragraph, nested lists apart",
			html:  `<title>T</title><h2>Items</h2><ul><li>Apples</li><li>Fruit<ul><li>Pears</li></ul></li></ul><ol><li>First step.</li></ol><dl><dt>Term</dt><dd>Meaning</dd></dl>`,
			title: "T",
			want:  []string{"Items: Apples\n\nFruit\n\nPears\n\nFirst step.\n\nTerm: Meaning"},
		},
		{
			name: "a data table is one passage of rows",
			html: `<title>T</title><h2>Budget</h2><p>The budget grew.</p>
<table><caption>Spending by year</caption><thead><tr><th>Year</th><th>Spending</th></tr></thead>
<tbody><tr><td>2019</td><td><p>&pound;10m</p><p>(estimate)</p></td></tr><tr><td>2020</td><td></td><td>£32m</td></tr><tr><td></td></tr></tbody></table>
<p>After the table.</p>`,
			title: "T",
			want:  []string{"Budget: The budget grew.\n\nSpending by year\nYear | Spending\n2019 | £10m (estimate)\n2020 | £32m\n\nAfter the table."},
		},
		{
			name:  "a layout table is read as its blocks",
			html:  `<title>T</title><table><tr><td><h2>Menu</h2><p>Side text.</p></td><td><table><tr><td>a</td><td>b</td></tr></table></td></tr></table><table><tr><td><p>Only cell.</p><p>Two blocks.</p></td></tr></table>`,
			title: "T",
			want:  []string{"Menu: Side text.\n\na | b\n\nOnly cell.\n\nTwo blocks."},
		},
		{
			name: "pre keeps its lines",
			html: `<title>T</title><pre>line one
   line two

line four<br>five</pre>`,
			title: "T",
			want:  []string{"T: line one\nline two\nline four\nfive"},
		},
		{
			name:  "a date near the top dates the report",
			html:  `<title>T</title><h1>T</h1><p>Updated May 18, 2021</p><p>Body.</p>`,
			title: "T",
			want:  []string{"T: Body."},
		},
		{
			name:  "invisible characters and soft hyphens cleaned",
			html:  "<title>T</title><p>zero\u200bwidth in&shy;side end&shy;</p>",
			title: "T",
			want:  []string{"T: zerowidth inside end"},
		},
		{
			name:  "a fragment without html or body",
			html:  `Just text <i>here</i>.`,
			title: "page",
			want:  []string{"page: Just text here."},
		},
		{
			name:  "Windows-1252 bytes",
			html:  "<title>Caf\xe9</title><p>\x93Quoted\x94 \x97 done.</p>",
			title: "Café",
			want:  []string{"Café: “Quoted” — done."},
		},
		{
			name: "permalink marks in headings and terms are no text",
			html: `<title>T</title><h2>Costs<span><a class="mark" href="#costs" id="costs">#</a></span></h2><p>It cost <a href="#fn1">1</a> a lot, see <a href="#law">§</a> 3 ¶ 2.</p>
<h3><span>Detail<a class="copiable-anchor" href="#detail"> &para;</a></span></h3><p>More <a href="other.html">§</a>.</p><h3>Links<a href="page.html#links" title="Permalink">🔗&#xfe0f;</a></h3><p id="p9">Last. <a href="#p9">¶</a></p>`,
			title: "T",
			want:  []string{"Costs: It cost 1 a lot, see § 3 ¶ 2.", "Detail: More §.", "Links: Last."},
		},
		{
			name: "blocks of links to the next, previous and parent pages are no text",
			html: `<title>T</title><div class="header"><p>Next: <a href="b.html" accesskey="n" rel="next">Simple Example</a>, Up: <a href="u.html" rel="up">Using libffi</a> &nbsp; [<a href="Index.html" rel="index">Index</a>]</p></div><hr>
<h1>The Basics</h1><p>Text.</p><p><a href="guide.html">Read the guide</a></p><p>See <a href="c.html" rel="next">the next page</a> for more.</p><p>Up: the stairs.</p>
<div class="nav-panel">&laquo; <b>Previous:</b> <a href="a.html">Intro</a> | <b>Next:</b> <a href="c.html">Types</a> &raquo;</div><ul class="pager"><li><a href="c.html" rel="next prefetch">Types</a></li></ul>
<ul class="toc"><li><a href="#a">1 Intro</a></li><li><a href="#i" rel="index">Index</a></li></ul><p>Next: <a href="c.html">Types</a>, <a href="d.html">Tables</a></p>`,
			title: "T",
			want:  []string{"The Basics: Text.\n\nRead the guide\n\nSee the next page for more.\n\nUp: the stairs.\n\n1 Intro\n\nIndex\n\nNext: Types, Tables"},
		},
		{
			name: "a table of contents of in-page links is no text; lists of other links are",
			html: `<title>T</title><div id="toc"><h2>Contents</h2><ul><li><a href="#History"><span>1</span> <span>History</span></a><ul><li><a href="#Early">1.1 Early years</a></li></ul></li><li>2 <a href="#Trade">Trade</a></li></ul></div>
<h2 id="History">History</h2><h3><span id="Early">Early years</span></h3><p>The port opened in 1820.</p><h2 id="Trade">Trade</h2><p>It ships grain.</p>
<ul><li><a href="a.html">Grain ports</a></li><li><a href="b.html">Canals</a></li><li><a href="c.html">Ferries</a></li></ul><ul><li><a href="#History">History</a></li><li><a href="#Trade">Trade</a></li><li><a href="#missing">Other</a></li></ul>`,
			title: "T",
			want:  []string{"Early years: The port opened in 1820.", "Trade: It ships grain.\n\nGrain ports\n\nCanals\n\nFerries\n\nHistory\n\nTrade\n\nOther"},
		},
		{
			name: "a DocBook table of contents, a <dl> of links to the page's own file, is no text",
			html: `<title>FAQ</title><div class="qandaset"><dl><dt>1. <a href="faq.html#bg">Background</a></dt><dd>1.1. <a href="faq.html#say">How do you say it?</a></dd><dd>1.2. <a href="faq.html#name">Where does the name come from?</a></dd></dl>
<h2 id="bg">Background</h2><p id="say">How do you say it? Like "value".</p><p id="name">Where does the name come from? From a myth.</p>
<dl><dt><a href="other.html#bg">Elsewhere</a></dt><dd><a href="http://example.org/faq.html#say">Away</a></dd><dd><a href="/faq.html#name">Root</a></dd></dl></div>`,
			title: "FAQ",
			want:  []string{"Background: How do you say it? Like \"value\".\n\nWhere does the name come from? From a myth.\n\nElsewhere: Away\n\nRoot"},
		},
		{
			name: "a page's index, a table of links to its own places (Texinfo's), is no text, nor its heading; a table of other links is",
			html: `<title>T</title><h2 id="bugs">Reporting bugs</h2><p id="index-bug">Mail the list.</p>
<div class="appendix" id="Concept-index"><h2>Concept index</h2><table><tr><th>Jump to: &nbsp; </th><td><a href="#cp-B"><b>B</b></a> &nbsp; <a href="#cp-R"><b>R</b></a> &nbsp; <a href="#cp-V"><b>V</b></a></td></tr></table>
<table class="index-cp"><tr><td></td><th>Index Entry</th><td>&nbsp;</td><th>Section</th></tr><tr><td colspan="4"><hr></td></tr>
<tr><th id="cp-B">B</th><td></td><td></td></tr><tr><td></td><td><a href="#index-bug">bug reporting</a>:</td><td>&nbsp;</td><td><a href="#bugs">Reporting bugs</a></td></tr>
<tr><th id="cp-R">R</th><td></td><td></td></tr><tr><td></td><td><a href="#index-bug">reporting bugs</a>:</td><td>&nbsp;</td><td><a href="#bugs">Reporting bugs</a></td></tr><tr><th id="cp-V">V</th></tr><tr><td></td><td><a href="#bugs">version</a>:</td></tr></table></div>
<h2>Links</h2><table><tr><td><a href="#bugs">Reporting bugs</a></td><td>where to write</td></tr><tr><td><a href="a.html">Home</a></td><td><a href="b.html">FAQ</a></td></tr></table>`,
			title: "T",
			want:  []string{"Reporting bugs: Mail the list.", "Links: Reporting bugs | where to write\nHome | FAQ"},
		},
		{
			name: "a chapter's contents in DocBook's toc box, two links under a label, is no text",
			html: `<title>T</title><h1>Chapter 4. Structures</h1><div class="toc"><p><strong>Table of Contents</strong></p><dl class="toc"><dt><a href="#a">Xtransport</a></dt><dt><a href="#b">ConnInfo</a></dt></dl></div><p>There are two.</p>
<h2 id="a">Xtransport</h2><p>A record.</p><h2 id="b">ConnInfo</h2><p>A pointer.</p><ul><li><a href="#a">Xtransport</a></li></ul>`,
			title: "T",
			want:  []string{"Chapter 4. Structures: There are two.", "Xtransport: A record.", "ConnInfo: A pointer.\n\nXtransport"},
		},
		{
			name:  "the encoding the page declares",
			html:  `<head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head>` + "<h1>\xcd\xc0\xc7\xc2\xc0\xcd\xc8\xc5</h1><p>chsh \x97 \xe8\xe7\xec\xe5\xed\xff\xe5\xf2.</p>",
			title: "НАЗВАНИЕ",
			want:  []string{"НАЗВАНИЕ: chsh — изменяет."},
		},
		{
			name:  "UTF-16 with a byte-order mark",
			html:  string(utf16Bytes("<title>Café</title><p>Text — here.</p>", false)),
			title: "Café",
			want:  []string{"Café: Text — here."},
		},
		{
			name: "a site's menu above the first heading, and a contents of <div>s with a label, left out; a list of links under a heading kept",
			html: `<title>Harbour Dues</title><body><div class="menu"><ul><li><a href="index.html">Home</a>
<li><a href="javascript:void(0)">Menu</a><li><a href="about.html">About</a><li><a href="dl.html">Release notes</a></ul></div>
<div class="fancy_toc"><a onclick="toggle()"><span>&#x25ba;</span> Table Of Contents</a>
<div id="toc_sub"><div class="toc1"><a href="#dues">1. Dues</a></div><div class="toc2"><a href="#pilots">1.1. Pilots</a></div><div class="toc1"><a href="#berths">2. Berths</a></div></div></div>
<h1 id="dues">1. Dues</h1><p>Ships pay dues.</p><h2 id="pilots">1.1. Pilots</h2><p>Pilots are paid.</p>
<h1 id="berths">2. Berths</h1><p>See also:</p><ul><li><a href="a.html">Tides</a><li><a href="b.html">Locks</a><li><a href="c.html">Cranes</a></ul></body>`,
			title: "Harbour Dues",
			want:  []string{"1. Dues: Ships pay dues.", "1.1. Pilots: Pilots are paid.", "2. Berths: See also:\n\nTides\n\nLocks\n\nCranes"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(Source{Name: "dir/page.html", Data: []byte(tt.html)})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Report.Title != tt.title {
				t.Errorf("title: got %q, want %q", doc.Report.Title, tt.title)
			}
			if !reflect.DeepEqual(doc.Report.Authors, tt.authors) {
				t.Errorf("authors: got %q, want %q", doc.Report.Authors, tt.authors)
			}
			if got := sectioned(doc.Passages); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestParseHTMLNoText(t *testing.T) {
	tests := []struct{ name, html string }{
		{"only script and style", `<html><head><title>T</title><script>x()</script><style>p{}</style></head><body><nav>Menu</nav></body></html>`},
		{"empty body", `<!DOCTYPE html><html><body>   </body></html>`},
		{"only a comment", `<!-- nothing -->`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Parse(Source{Name: "x.htm", Data: []byte(tt.html)}); !errors.Is(err, ErrNoText) {
				t.Errorf("got %v, want ErrNoText", err)
			}
		})
	}
}

func TestParseHTMLTooDeep(t *testing.T) {
	data := strings.Repeat("<div>", 600) + "deep text" + strings.Repeat("</div>", 600)
	_, err := Parse(Source{Name: "deep.html", Data: []byte(data)})
	if err == nil || errors.Is(err, ErrNoText) || !strings.Contains(err.Error(), "deep.html") {
		t.Errorf("got %v, want an error naming deep.html", err)
	}
}

// TestParseHTMLPage reads a page shaped like a real one (site header and
// navigation, an article with its own header, a table, a list, an aside, a
// footer) and checks its text line by line.
func TestParseHTMLPage(t *testing.T) {
	data, err := os.ReadFile("testdata/harbour.html")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Parse(Source{Name: "harbour.html", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	want := `# Harbour Renewal & the City (3 May 2024)

[page 1]
The harbour programme began in 2019. It replaced the old quays with a park, a ferry terminal and housing.
## Costs
The council spent £42 million.
A further €3 million came from grants.
Spending by year
Year | Spending
2019 | £10m
2020 | £32m
## What the money bought
A park of 12 hectares
A ferry terminal with two berths
line one
line two
Filed under: harbour
`
	if got := doc.Text(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	var tables int
	for _, p := range doc.Passages {
		if strings.Contains(p.Text, "Year | Spending\n2019 | £10m\n2020 | £32m") {
			tables++
		}
	}
	if tables != 1 {
		t.Errorf("the table is whole in %d passages, want 1: %q", tables, sectioned(doc.Passages))
	}
}

// TestHTMLTableSplitsBetweenRows checks that a table too big for one
// passage is cut between rows into parts of at most maxSentenceWords words.
func TestHTMLTableSplitsBetweenRows(t *testing.T) {
	tests := []struct {
		rows, parts int // a row is six words: "rowN | a b | c"
	}{
		{10, 1},
		{70, 1},
		{71, 2},
		{400, 6},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.rows), func(t *testing.T) {
			var b strings.Builder
			b.WriteString("<title>T</title><table>")
			for i := range tt.rows {
				fmt.Fprintf(&b, "<tr><td>row%d</td><td>a b</td><td>c</td></tr>", i)
			}
			b.WriteString("</table>")
			doc, err := Parse(Source{Name: "t.html", Data: []byte(b.String())})
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.Passages) != tt.parts {
				t.Errorf("got %d passages, want %d", len(doc.Passages), tt.parts)
			}
			rows := 0
			for _, p := range doc.Passages {
				if n := wordCount(p.Text); n > maxSentenceWords {
					t.Errorf("passage of %d words", n)
				}
				for _, l := range strings.Split(p.Text, "\n") {
					if !strings.HasSuffix(l, " | a b | c") {
						t.Errorf("row cut: %q", l)
					}
					rows++
				}
			}
			if rows != tt.rows {
				t.Errorf("got %d rows, want %d", rows, tt.rows)
			}
		})
	}
}

// TestPreformattedSpans keeps where a page's <pre> blocks and a Markdown
// file's code blocks are in their passages, and nothing else.
func TestPreformattedSpans(t *testing.T) {
	tests := []struct {
		name, data string
		want       []string
	}{
		{"page.html", "<html><title>Tool</title><body><h1>Tool</h1><p>You can pin the version of your choice with the tool:</p><pre>tool use pnpm@7.x # pins 7.x\ntool use yarn@*</pre><p>The tool then downloads it on first use.</p></body></html>",
			[]string{"tool use pnpm@7.x # pins 7.x\ntool use yarn@*"}},
		{"readme.md", "# Tool\n\nInstall it with the Go command:\n\n```sh\ngo get example.com/tool\n```\n\nIt reads its settings from the environment.\n\n    tool --help\n",
			[]string{"go get example.com/tool", "tool --help"}},
		{"prose.md", "# Tool\n\nThe tool reads `TOOL_HOME` from the environment and writes nothing else.\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(Source{Name: tt.name, Data: []byte(tt.data)})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range doc.Passages {
				for _, sp := range p.Pre {
					got = append(got, p.Text[sp.Start:sp.End])
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
