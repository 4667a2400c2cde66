package rag

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"reportbot/embeddings"
	"reportbot/embeddings/wordvec"
	"reportbot/rag/ingest"
	"reportbot/rag/question"
	"reportbot/rag/rank"
	"reportbot/reports"
)

func bundledSources(tb testing.TB) []ingest.Source {
	tb.Helper()
	srcs, _, err := ingest.ReadFS(reports.FS)
	if err != nil {
		tb.Fatal(err)
	}
	return srcs
}

// openIndex opens the bundled report's index in dir ("" for memory only),
// logging to log (nil discards).
func openIndex(tb testing.TB, dir string, log *bytes.Buffer) (*Index, OpenInfo) {
	tb.Helper()
	var w io.Writer = io.Discard
	if log != nil {
		w = log
	}
	idx, info, err := Open(context.Background(), bundledSources(tb), tuningEmbedder(), Options{
		DataDir: dir,
		Logger:  slog.New(slog.NewTextHandler(w, nil)),
		Words:   wordvec.Default(),
	})
	if err != nil {
		tb.Fatal(err)
	}
	return idx, info
}

func TestOpenPersistsAndReuses(t *testing.T) {
	dir := t.TempDir()
	first, info := openIndex(t, dir, nil)
	if info.Reused || !info.Saved || info.Passages == 0 || info.File != filepath.Join(dir, IndexFileName) {
		t.Fatalf("first open: got %+v, want a saved rebuild", info)
	}
	second, info2 := openIndex(t, dir, nil)
	if !info2.Reused || info2.Fingerprint != info.Fingerprint {
		t.Fatalf("second open: got %+v, want the file reused", info2)
	}
	if !reflect.DeepEqual(first.Passages(), second.Passages()) || !reflect.DeepEqual(first.Reports(), second.Reports()) {
		t.Error("the reloaded index differs from the built one")
	}
	a1, _ := NewExtractive(first, 0, 0).Answer(context.Background(), "How many U.S. troops are based in South Korea?")
	a2, _ := NewExtractive(second, 0, 0).Answer(context.Background(), "How many U.S. troops are based in South Korea?")
	if !reflect.DeepEqual(a1, a2) {
		t.Errorf("answers differ between built and reloaded index:\n%+v\n%+v", a1, a2)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("data dir holds %d entries, want only the index file", len(entries))
	}
}

func TestOpenRebuildsBadFiles(t *testing.T) {
	tests := []struct {
		name    string
		damage  func(data []byte) []byte
		wantLog string
	}{
		{"truncated", func(d []byte) []byte { return d[:len(d)/2] }, "index file unusable"},
		{"truncated header", func(d []byte) []byte { return d[:20] }, "index file unusable"},
		{"flipped byte", func(d []byte) []byte { d[len(d)-10] ^= 0xff; return d }, "checksum"},
		{"garbage", func([]byte) []byte { return []byte("not an index at all") }, "not an index file"},
		{"empty", func([]byte) []byte { return nil }, "index file unusable"},
		{"trailing bytes", func(d []byte) []byte { return append(d, 'x') }, "trailing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			_, built := openIndex(t, dir, nil)
			path := filepath.Join(dir, IndexFileName)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, tt.damage(data), 0o644); err != nil {
				t.Fatal(err)
			}
			var log bytes.Buffer
			idx, info := openIndex(t, dir, &log)
			if info.Reused || !info.Saved || len(idx.Passages()) != built.Passages {
				t.Errorf("got %+v, want a full rebuild", info)
			}
			if !strings.Contains(log.String(), tt.wantLog) {
				t.Errorf("log %q does not mention %q", log.String(), tt.wantLog)
			}
			if _, again := openIndex(t, dir, nil); !again.Reused {
				t.Error("the rebuilt file was not reused on the next open")
			}
		})
	}
}

func TestOpenRebuildsOnNewFingerprint(t *testing.T) {
	dir := t.TempDir()
	_, first := openIndex(t, dir, nil)
	srcs := bundledSources(t)
	srcs[0].Data = append(bytes.Clone(srcs[0].Data), []byte("\nOne more sentence at the end.\n")...)
	_, info, err := Open(context.Background(), srcs, embeddings.NewLocal(0), Options{DataDir: dir, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if info.Reused || info.Fingerprint == first.Fingerprint || !strings.Contains(info.Reason, "other reports") {
		t.Errorf("changed report: got %+v, want a rebuild for a new fingerprint", info)
	}
	_, info, err = Open(context.Background(), srcs, embeddings.NewLocal(64), Options{DataDir: dir, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if info.Reused {
		t.Error("a different embedding model reused the old vectors")
	}
}

func TestOpenWithUnwritableDataDir(t *testing.T) {
	// A data "directory" that is a file cannot be created or written, even
	// by root.
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	idx, info := openIndex(t, filepath.Join(file, "data"), &log)
	if info.Saved || info.Reused || len(idx.Passages()) == 0 {
		t.Errorf("got %+v, want an unsaved in-memory index", info)
	}
	if !strings.Contains(log.String(), "index not saved") {
		t.Errorf("log %q does not say the index was not saved", log.String())
	}
	ans, err := NewExtractive(idx, 0, 0).Answer(context.Background(), "How many U.S. troops are based in South Korea?")
	if err != nil || !ans.Answered {
		t.Errorf("got %+v, %v: want an answer from memory", ans, err)
	}
}

func TestOpenFailsOnEmbedderError(t *testing.T) {
	_, _, err := Open(context.Background(), bundledSources(t), failingEmbedder{}, Options{})
	if err == nil || !strings.Contains(err.Error(), "embed passages") {
		t.Errorf("got %v, want an embed passages error", err)
	}
}

type failingEmbedder struct{}

func (failingEmbedder) Embed(context.Context, []string) ([][]float32, error) {
	return nil, errors.New("model down")
}
func (failingEmbedder) Model() string { return "failing" }

var answerMarker = regexp.MustCompile(`\s*\[(\d+)\]`)

// quotes splits an extractive answer into its sentences and the citation
// number each carries.
func quotes(tb testing.TB, text string) map[string]int {
	tb.Helper()
	out := map[string]int{}
	rest := text
	for {
		loc := answerMarker.FindStringSubmatchIndex(rest)
		if loc == nil {
			break
		}
		n := 0
		for _, c := range rest[loc[2]:loc[3]] {
			n = n*10 + int(c-'0')
		}
		out[strings.TrimSpace(rest[:loc[0]])] = n
		rest = rest[loc[1]:]
	}
	if strings.TrimSpace(rest) != "" {
		tb.Errorf("answer text after the last citation: %q", rest)
	}
	return out
}

func TestAnswerCitesTheQuotedPassage(t *testing.T) {
	idx, _ := openIndex(t, "", nil)
	ans := answerOf(t, idx, "How many U.S. troops are based in South Korea?")
	if !ans.Answered || ans.Mode != ModeExtractive || !strings.Contains(ans.Text, "28,500") || !strings.Contains(ans.Text, "[1]") {
		t.Fatalf("got %+v, want an extractive answer with 28,500 citing [1]", ans)
	}
	if len(ans.Passages) != DefaultTopK {
		t.Errorf("got %d passages, want %d", len(ans.Passages), DefaultTopK)
	}
	for q, n := range quotes(t, ans.Text) {
		if n < 1 || n > len(ans.Citations) || ans.Citations[n-1].N != n {
			t.Fatalf("marker [%d] names no citation in %+v", n, ans.Citations)
		}
		if !strings.Contains(ans.Citations[n-1].Text, q) {
			t.Errorf("quoted %q is not in cited passage %q", q, ans.Citations[n-1].Text)
		}
	}
}

func TestAnswerRefusesWhatTheReportDoesNotSay(t *testing.T) {
	idx, _ := openIndex(t, "", nil)
	ans := answerOf(t, idx, "What is kimchi made of?")
	if ans.Answered || len(ans.Citations) != 0 || ans.Citations == nil {
		t.Fatalf("got %+v, want a refusal with an empty citation list", ans)
	}
	if want := "The report doesn't answer “What is kimchi made of”: it never mentions “kimchi”."; !strings.HasPrefix(ans.Text, want) {
		t.Errorf("got %q, want it to start %q", ans.Text, want)
	}
	closest := fmt.Sprintf("Closest: “%s” (p. %d)", ans.Passages[0].Section, ans.Passages[0].Page)
	if !strings.Contains(ans.Text, closest) {
		t.Errorf("got %q, want the closest sections named: %q", ans.Text, closest)
	}
}

func TestAnswerRejectsBadQuestions(t *testing.T) {
	idx, _ := openIndex(t, "", nil)
	a := NewExtractive(idx, 0, 0)
	for _, q := range []string{"", "   \n\t", strings.Repeat("why ", 2500), "\x00\x01\xff\xfe", "?!…"} {
		_, err := a.Answer(context.Background(), q)
		var qe *QuestionError
		if !errors.As(err, &qe) {
			t.Errorf("Answer(%.20q): got %v, want a QuestionError", q, err)
		}
	}
}

func TestCleanQuestion(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{"  how   many\ttroops? ", "how many troops?", ""},
		{"zero\u200bwidth \u202ebidi\u202c", "zerowidth bidi", ""},
		{"line\nbreaks\r\nok", "line breaks ok", ""},
		{"", "", "empty"},
		{"\u200b\u200b", "", "empty"},
		{"...???", "", "no words"},
		{"bad \xff utf8", "", "doesn't look like text"},
		{"nul\x00byte", "", "doesn't look like text"},
		{strings.Repeat("a", 21), "", "21 characters long; the limit is 20"},
		{strings.Repeat("é", 20), strings.Repeat("é", 20), ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := CleanQuestion(tt.in, 20)
			if tt.err == "" && (err != nil || got != tt.want) {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
			if tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Errorf("got %q, %v; want an error saying %q", got, err, tt.err)
			}
		})
	}
}

func readEvalSet(tb testing.TB) []EvalItem {
	tb.Helper()
	return readSet(tb, "../testdata/qa.jsonl")
}

// TestEvalFloors keeps the quality figures on the tuning data (the
// bundled report's question set and the tuning articles of testdata/squad)
// from silently regressing. Raise the floors when the figures improve; the
// held-out articles are never floored (see testdata/squad/README.md).
func TestEvalFloors(t *testing.T) {
	ts := loadTuning(t)
	res, err := Evaluate(context.Background(), ts.asker(), ts.items)
	if err != nil {
		t.Fatal(err)
	}
	var squad tally
	for _, it := range ts.items {
		if it.Doc == "" {
			continue
		}
		switch {
		case it.Offtopic:
			squad.offtopic++
		case it.Impossible:
			squad.impossible++
		default:
			squad.answerable++
		}
	}
	if squad.answerable < 600 || squad.offtopic < 150 {
		t.Errorf("tuning articles have %d answerable and %d off-topic questions, want at least 600 and 150", squad.answerable, squad.offtopic)
	}
	bundled := res.ByDoc["-"]
	var articles Scores
	{
		// The four articles together: re-evaluate them alone.
		var items []EvalItem
		for _, it := range ts.items {
			if it.Doc != "" {
				items = append(items, it)
			}
		}
		r, err := Evaluate(context.Background(), ts.asker(), items)
		if err != nil {
			t.Fatal(err)
		}
		articles = r.Overall
	}
	t.Logf("bundled: acc %.3f first %.3f false %.3f refused %.2f; articles: acc %.3f first %.3f false %.3f off-topic refused %.2f median %d",
		bundled.Accuracy, bundled.First, bundled.FalseRefusal, bundled.ImpossibleRefused, articles.Accuracy, articles.First, articles.FalseRefusal, articles.OfftopicRefused, articles.MedianChars)
	floors := []struct {
		name      string
		got, want float64
		atMost    bool
	}{
		{"articles acc", articles.Accuracy, 0.78, false},
		{"articles first-sentence acc", articles.First, 0.72, false},
		{"articles false refusal", articles.FalseRefusal, 0.05, true},
		{"articles off-topic refused", articles.OfftopicRefused, 0.95, false},
		{"articles median length", float64(articles.MedianChars), 250, true},
		{"bundled acc", bundled.Accuracy, 0.78, false},
		{"bundled first-sentence acc", bundled.First, 0.72, false},
		{"bundled false refusal", bundled.FalseRefusal, 0.08, true},
		// Refusing this set's unanswerable questions trades against
		// refusing its answerable ones: the floor sits under the fit's.
		{"bundled refusal", bundled.ImpossibleRefused, 0.38, false},
	}
	for _, f := range floors {
		if (!f.atMost && f.got < f.want) || (f.atMost && f.got > f.want) {
			t.Errorf("%s: got %.3f, want %s %.3f", f.name, f.got, map[bool]string{false: "at least", true: "at most"}[f.atMost], f.want)
		}
	}
}

// quoted matches one quoted sentence of an answer and its citation number.
var quotedSentence = regexp.MustCompile(`(.+?) \[(\d+)\](?: |$)`)

// TestAnswersQuoteTheirCitations checks, over the whole question set and
// a SQuAD article's (whose text has footnote marks), that every sentence an
// answer quotes is a substring of the passage it cites, the passage's own
// footnote marks left out.
func TestAnswersQuoteTheirCitations(t *testing.T) {
	idx, _ := openIndex(t, "", nil)
	article := openArticle(t, "Huguenot")
	quotes := 0
	items := readEvalSet(t)
	for _, it := range readSet(t, "../testdata/squad/qa.jsonl") {
		if it.Doc == "Huguenot" {
			items = append(items, it)
		}
	}
	for _, it := range items {
		e := NewExtractive(idx, 0, 0)
		if it.Doc != "" {
			e = NewExtractive(article, 0, 0)
		}
		ans, err := e.Answer(context.Background(), it.Question)
		if err != nil {
			t.Fatalf("%s: %v", it.ID, err)
		}
		if !ans.Answered || question.Analyze(it.Question).About != question.None {
			continue // answers about the report itself say what it is, not quote it
		}
		ms := quotedSentence.FindAllStringSubmatch(ans.Text, -1)
		if len(ms) == 0 || strings.Join(flatten(ms), " ") != ans.Text {
			t.Errorf("%s: answer %q is not a run of quoted sentences with citations", it.ID, ans.Text)
			continue
		}
		for _, m := range ms {
			n, _ := strconv.Atoi(m[2])
			if n < 1 || n > len(ans.Citations) {
				t.Errorf("%s: cites [%d] of %d citations", it.ID, n, len(ans.Citations))
				continue
			}
			if !strings.Contains(withoutMarks(ans.Citations[n-1].Passage.Text), m[1]) {
				t.Errorf("%s: quote %q is not in the passage it cites, %q", it.ID, m[1], ans.Citations[n-1].Passage.Text)
			}
			quotes++
		}
	}
	t.Logf("%d quotes checked", quotes)
}

// flatten returns the whole matches.
func flatten(ms [][]string) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = strings.TrimSuffix(m[0], " ")
	}
	return out
}

func TestEvaluateCounts(t *testing.T) {
	items := []EvalItem{
		{ID: "a", Question: "q1", Answers: []string{"yes"}, Evidence: "Alpha sentence."},
		{ID: "b", Question: "q2", Answers: []string{"no", "nope"}, Evidence: "Beta sentence."},
		{ID: "c", Question: "q3", Impossible: true},
		{ID: "d", Question: "q4", Offtopic: true},
		{ID: "e", Question: "q5", Answers: []string{"late"}},
	}
	fake := fakeAsker{
		"q1": {Text: "YES, it is. [1]", Answered: true, Passages: []ScoredPassage{{Passage: ingest.Passage{Text: "x"}}, {Passage: ingest.Passage{Text: "The  alpha sentence. More."}}}},
		"q2": {Text: "The report doesn't say.", Passages: []ScoredPassage{{Passage: ingest.Passage{Text: "beta sentence."}}}},
		"q3": {Text: "Something.", Answered: true},
		"q4": {Text: "The report doesn't say."},
		"q5": {Text: "First sentence here. Then it is late. [1]", Answered: true, Passages: []ScoredPassage{{Passage: ingest.Passage{Text: "too late"}}}},
	}
	res, err := Evaluate(context.Background(), only(fake), items)
	if err != nil {
		t.Fatal(err)
	}
	want := Scores{Answerable: 3, Impossible: 1, Offtopic: 1, Accuracy: 0.6667, First: 0.3333, FalseRefusal: 0.3333,
		ImpossibleRefused: 0, OfftopicRefused: 1, Hit1: 0.6667, Hit3: 1, Hit5: 1, MedianChars: 11}
	if res.Overall != want {
		t.Errorf("got %+v, want %+v", res.Overall, want)
	}
	var problems []string
	for _, m := range res.Misses {
		problems = append(problems, m.Item.ID+" "+m.Problem)
	}
	if got, want := strings.Join(problems, ", "), "b refused, c answered, e late answer"; got != want {
		t.Errorf("misses: got %s, want %s", got, want)
	}
}

// only asks every document's questions of a.
func only(a Asker) AskerFor {
	return func(string) (Asker, error) { return a, nil }
}

type fakeAsker map[string]Answer

func (f fakeAsker) Answer(_ context.Context, q string) (Answer, error) { return f[q], nil }

func TestReadEvalSetRejectsBadLines(t *testing.T) {
	for _, in := range []string{
		`{"id":"x"}`,
		`{"id":"x","question":"q"}`,
		`{"id":"x","q":"q","answers":[]}`,
		`{"id":"x","question":"q","answer":"a","evidence":"e","typo":1}`,
		`not json`,
		``,
	} {
		if _, err := ReadEvalSet(strings.NewReader(in)); err == nil {
			t.Errorf("ReadEvalSet(%q): want an error", in)
		}
	}
}

func BenchmarkAsk(b *testing.B) {
	idx, _ := openIndex(b, "", nil)
	a := NewExtractive(idx, 0, 0)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.Answer(ctx, "How many U.S. troops are based in South Korea?"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAskQuestionSet answers every question of testdata/qa.jsonl in
// turn: the time per question over the whole mix, refusals included.
func BenchmarkAskQuestionSet(b *testing.B) {
	items := readEvalSet(b)
	idx, _ := openIndex(b, "", nil)
	a := NewExtractive(idx, 0, 0)
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := a.Answer(ctx, items[i%len(items)].Question); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkBuildIndex(b *testing.B) {
	srcs := bundledSources(b)
	emb := embeddings.NewLocal(0)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Open(context.Background(), srcs, emb, Options{Logger: quietLogger(), Words: wordvec.Default()}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadIndex(b *testing.B) {
	dir := b.TempDir()
	openIndex(b, dir, nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, info := openIndex(b, dir, nil); !info.Reused {
			b.Fatal("not reused")
		}
	}
}

func TestStandalone(t *testing.T) {
	troops := []Turn{{Question: "How many U.S. troops are based in South Korea?", Answer: "Approximately 28,500 [1]"}}
	tests := []struct {
		q       string
		history []Turn
		want    string
	}{
		{"and how much does Seoul pay for them?", troops, "How much does Seoul pay for U.S. troops?"},
		{"what is their cost?", troops, "what is U.S. troops’ cost?"},
		{"why?", troops, "why (about: How many U.S. troops are based in South Korea)?"},
		{"what about japan?", troops, "what about japan (about: How many U.S. troops are based in South Korea)?"},
		{"When was Moon elected?", troops, "When was Moon elected?"},
		{"when was he elected?", []Turn{{Question: "Who is President Moon?"}}, "when was President Moon elected?"},
		// A chain of bare follow-ups is listed, not nested.
		{"why?", []Turn{{Question: "When was that (about: When did the talks start)?"}}, "why (about: When was that; When did the talks start)?"},
		{"and how much does Seoul pay for them?", nil, "and how much does Seoul pay for them?"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			if got := Standalone(tt.q, tt.history); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLeansOnEarlier(t *testing.T) {
	tests := []struct {
		q    string
		want bool
	}{
		{"and when was that?", true},
		{"What about Japan?", true},
		{"why?", true},
		{"When was that?", true},
		{"How much do they cost?", true},
		{"When was he elected?", true},
		{"what is their cost?", true},
		{"Is it expensive?", true},
		{"What did South Korea say about its economy?", false},
		{"How many U.S. troops are based in South Korea?", false},
		{"What is this report about?", false},
		{"What are these reports about?", false},
		{"Who is Moon?", false},
		{"what?", true},
		{"how so", true},
		{"thanks!", false},
		{"hi", false},
		{"ok", false},
		{"Thank you.", false},
	}
	for _, tt := range tests {
		if got := LeansOnEarlier(tt.q); got != tt.want {
			t.Errorf("LeansOnEarlier(%q) = %t, want %t", tt.q, got, tt.want)
		}
	}
}

func TestAskedMoment(t *testing.T) {
	tests := []struct {
		q     string
		want  moment
		dated bool
	}{
		{"how many deaths by the end of 2021", moment{2021, 12}, true},
		{"who won in 2022", moment{2022, 0}, true},
		{"what happened between 1950 and 1953", moment{1953, 0}, true},
		{"what did they agree in late 2020", moment{2020, 12}, true},
		{"how many troops are there", moment{}, false},
	}
	for _, tt := range tests {
		got, dated := askedMoment(tt.q)
		if got != tt.want || dated != tt.dated {
			t.Errorf("askedMoment(%q) = %v, %v; want %v, %v", tt.q, got, dated, tt.want, tt.dated)
		}
	}
	report, _ := reportMoment("May 18, 2021")
	if !(moment{2021, 12}).after(report) || (moment{2021, 0}).after(report) || !(moment{2022, 0}).after(report) || (moment{2021, 5}).after(report) {
		t.Errorf("after: wrong order around %v", report)
	}
}

func TestAnswerKnowsTheReportsDate(t *testing.T) {
	idx, _ := openIndex(t, "", nil)
	e := NewExtractive(idx, 0, 0)
	ans, err := e.Answer(context.Background(), "How many COVID deaths had South Korea reported by the end of 2021?")
	if err != nil {
		t.Fatal(err)
	}
	if ans.Answered || !strings.Contains(ans.Text, "dated May 18, 2021") {
		t.Errorf("got %q, want a refusal naming the report's date", ans.Text)
	}
	ans, err = e.Answer(context.Background(), "How many COVID deaths had South Korea reported by mid-May 2021?")
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Answered || !strings.Contains(ans.Text, "1,900 deaths") {
		t.Errorf("got %q, want the figures as of the report's date", ans.Text)
	}
}

// TestOpenSkipsReportsWithoutText opens reports of which some cannot be
// parsed: the rest is indexed, the others are listed in OpenInfo.Skipped,
// also when the index file is reused; with nothing left Open fails saying
// why for each.
func TestOpenSkipsReportsWithoutText(t *testing.T) {
	good := ingest.Source{Name: "bread.txt", Data: []byte("Bread Notes\n\nBread is baked in ovens at high heat.\n")}
	links := ingest.Source{Name: "numbers.txt", Data: []byte("1\n\n2\n\f\n3\n")} // page numbers alone
	script := ingest.Source{Name: "page.html", Data: []byte("<title>T</title><script>x()</script>")}
	wantSkipped := []ingest.Warning{
		{Name: "numbers.txt", Skipped: true, Reason: "no text to index"},
		{Name: "page.html", Skipped: true, Reason: "no text to index"},
	}
	dir := t.TempDir()
	for _, run := range []string{"built", "reused"} {
		idx, info, err := Open(context.Background(), []ingest.Source{links, good, script}, embeddings.NewLocal(0), Options{DataDir: dir, Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatalf("%s: %v", run, err)
		}
		if info.Reused != (run == "reused") || info.Reports != 1 || len(idx.Reports()) != 1 || idx.Reports()[0].Name != "bread.txt" {
			t.Errorf("%s: got %+v, want bread.txt alone", run, info)
		}
		if !reflect.DeepEqual(info.Skipped, wantSkipped) {
			t.Errorf("%s: skipped: got %+v, want %+v", run, info.Skipped, wantSkipped)
		}
	}
	_, _, err := Open(context.Background(), []ingest.Source{links, script}, embeddings.NewLocal(0), Options{})
	if !errors.Is(err, ingest.ErrNoReports) || !strings.Contains(err.Error(), "skipped numbers.txt: no text to index; skipped page.html: no text to index") {
		t.Errorf("got %v, want ErrNoReports listing both files", err)
	}
}

// TestOpenFromSavedIndexNeverStartsThePDFEngine: a PDF is parsed when the
// index is built; a start from the saved index parses nothing, so the PDF
// engine (seconds to compile without a cache) never starts.
func TestOpenFromSavedIndexNeverStartsThePDFEngine(t *testing.T) {
	data, err := os.ReadFile("ingest/testdata/pdf/groff/water.pdf")
	if err != nil {
		t.Fatal(err)
	}
	srcs := []ingest.Source{{Name: "water.pdf", Data: data}}
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cache := filepath.Join(os.TempDir(), "reportbot-test-pdfium-cache")
	first := ingest.NewParser(ingest.Options{PDFCacheDir: cache})
	defer first.Close()
	idx, info, err := Open(context.Background(), srcs, embeddings.NewLocal(0), Options{DataDir: dir, Logger: log, Parser: first})
	if err != nil {
		t.Fatal(err)
	}
	if info.Reused || !first.PDFEngineStarted() {
		t.Fatalf("first open: reused %v, engine started %v; want a build that parsed the PDF", info.Reused, first.PDFEngineStarted())
	}
	pages := map[int]bool{}
	for _, p := range idx.Passages() {
		pages[p.Page] = true
	}
	if !pages[1] || !pages[2] {
		t.Errorf("passages on pages %v, want pages 1 and 2 of the PDF", pages)
	}
	second := ingest.NewParser(ingest.Options{PDFCacheDir: cache})
	defer second.Close()
	again, info, err := Open(context.Background(), srcs, embeddings.NewLocal(0), Options{DataDir: dir, Logger: log, Parser: second})
	if err != nil {
		t.Fatal(err)
	}
	if !info.Reused || second.PDFEngineStarted() {
		t.Errorf("second open: reused %v, engine started %v; want the saved index and no engine", info.Reused, second.PDFEngineStarted())
	}
	if !reflect.DeepEqual(idx.Passages(), again.Passages()) {
		t.Error("the saved index's passages differ from the built ones")
	}
}

// TestReportTitleSetsTheTopic asks in the words of a report's title: the
// report that is titled so answers, though its text never says them.
func TestReportTitleSetsTheTopic(t *testing.T) {
	srcs := []ingest.Source{
		{Name: "rail.md", Data: []byte("# Northside Light Rail Extension: Project Summary\n\n## Route\n\nThe extension will run eleven kilometres from the station to the airport, with six stops.\n\n## Costs\n\nConstruction will cost $2.1 billion, paid by the state and the city. Trains are due to run from 2029.\n")},
		{Name: "harbour.md", Data: []byte("# Harbour Dredging Plan\n\n## Channel\n\nThe channel will be deepened to fourteen metres for larger ships. Work starts in the spring.\n")},
	}
	idx := indexOf(t, srcs)
	ans := answerOf(t, idx, "How much does the project cost?")
	if !ans.Answered || !strings.Contains(ans.Text, "$2.1 billion") || ans.Citations[0].Report != "Northside Light Rail Extension: Project Summary" {
		t.Errorf("got %q citing %+v, want the rail project's cost", ans.Text, ans.Citations)
	}
}

// TestAboutTheReport answers questions about the report itself from what
// it says of itself, citing a passage of its body, never its disclaimer.
func TestAboutTheReport(t *testing.T) {
	idx, _ := openIndex(t, "", nil)
	e := NewExtractive(idx, 0, 0)
	tests := []struct{ q, want, section string }{
		{"What is the report about?", "South Korea (officially the Republic of Korea, or ROK) is one of the United States’ most important", "Overview"},
		{"Who wrote this report?", "Mark E. Manyin, Specialist in Asian Affairs", ""},
		{"When was the report last updated?", "May 18, 2021", ""},
		{"What is the title of the report?", "South Korea: Background and U.S. Relations", ""},
	}
	for _, tt := range tests {
		ans, err := e.Answer(context.Background(), tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Answered || !strings.Contains(ans.Text, tt.want) || len(ans.Citations) != 1 {
			t.Errorf("%q: got %q, want it to say %q with a citation", tt.q, ans.Text, tt.want)
			continue
		}
		if c := ans.Citations[0]; c.Section == "Disclaimer" || tt.section != "" && c.Section != tt.section {
			t.Errorf("%q: cites %q, want %q", tt.q, c.Section, tt.section)
		}
	}
}

// TestAuthorsFromTheirSection answers "who wrote it" of a report with no
// byline from its section about its authors, and says so plainly of one
// with neither.
func TestAuthorsFromTheirSection(t *testing.T) {
	tests := []struct{ doc, want string }{
		{"# The Tide Tables Guide\n\n## Reading a Table\n\nEach row gives a port, the time of high water and its height in metres.\n\n## Authors\n\nJane Doe and Ravi Patel of the Harbour Office wrote this guide in 2020.\n", "“The Tide Tables Guide” says under Authors: Jane Doe and Ravi Patel"},
		{"# The Tide Tables Guide\n\n## Reading a Table\n\nEach row gives a port, the time of high water and its height in metres.\n", "“The Tide Tables Guide” does not name its authors."},
	}
	for _, tt := range tests {
		idx := indexOf(t, []ingest.Source{{Name: "tides.md", Data: []byte(tt.doc)}})
		ans := answerOf(t, idx, "Who are the authors of this guide?")
		if !strings.HasPrefix(ans.Text, tt.want) {
			t.Errorf("got %q, want it to start %q", ans.Text, tt.want)
		}
	}
}

// TestAboutANamedReport answers "who wrote <title>", "when was <title>
// published" and "what is <title>" about the report so titled, and only
// about it; a name no report bears is an ordinary question. Without a
// byline or an authors' section, the copyright notice says who holds the
// rights; without a date at the top, a line that dates the report does.
func TestAboutANamedReport(t *testing.T) {
	srcs := []ingest.Source{
		{Name: "tides.html", Data: []byte("<html><head><title>Tide Tables Guide</title></head><body><h1>Tide Tables Guide</h1><p>Each row gives a port, the time of high water and its height in metres.</p><p>The guide covers the northern coast only.</p><hr><address>Copyright (c) 2004, 2005 by Jane Doe<br>Last modified 11 December 2005</address></body></html>")},
		{Name: "harbour.md", Data: []byte("# Harbour Dredging Plan\n\n## Channel\n\nThe channel will be deepened to fourteen metres for larger ships. Work starts in the spring.\n\n## Who?\n\nThe plan was drawn up by Ravi Patel of the port authority.\n")},
	}
	idx := indexOf(t, srcs)
	e := NewExtractive(idx, 0, 0)
	tests := []struct{ q, want, not string }{
		{"Who wrote Tide Tables Guide?", "“Tide Tables Guide” names no author; its copyright notice says: Copyright (c) 2004, 2005 by Jane Doe [1]", "Harbour"},
		{"Who wrote the Harbour Dredging Plan?", "“Harbour Dredging Plan” says under Who?: The plan was drawn up by Ravi Patel", "Tide"},
		{"When was the Tide Tables Guide last modified?", "“Tide Tables Guide” says: Last modified 11 December 2005 [1]", "Harbour"},
		{"What is Harbour Dredging Plan?", "“Harbour Dredging Plan” — from its Channel: The channel will be deepened", "Tide"},
		{"Who wrote this?", "“Tide Tables Guide” names no author", ""},
		{"Who holds the copyright?", "“Tide Tables Guide”: Copyright (c) 2004, 2005 by Jane Doe [1] “Harbour Dredging Plan” has no copyright notice.", ""},
	}
	for _, tt := range tests {
		ans, err := e.Answer(context.Background(), tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Answered || !strings.HasPrefix(ans.Text, tt.want) || tt.not != "" && strings.Contains(ans.Text, tt.not) {
			t.Errorf("%q: got %q, want it to start %q and not name %q", tt.q, ans.Text, tt.want, tt.not)
		}
	}
	// Not a title: the question is about what the reports say.
	ans, err := e.Answer(context.Background(), "What is the channel?")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(ans.Text, "— from its") {
		t.Errorf("got %q, want an answer from the text, not a summary", ans.Text)
	}
}

// TestReportsThatDoNotSayAreCounted says how many reports of a folder do
// not give the fact asked for, not each one's title.
func TestReportsThatDoNotSayAreCounted(t *testing.T) {
	var srcs []ingest.Source
	for _, name := range []string{"Apples", "Pears", "Plums", "Cherries"} {
		srcs = append(srcs, ingest.Source{Name: name + ".md", Data: []byte("# " + name + "\n\n" + name + " grow on trees in orchards and are picked in late summer.\n")})
	}
	idx := indexOf(t, srcs)
	ans := answerOf(t, idx, "Who wrote these reports?")
	if want := "None of the 4 reports names its authors."; ans.Text != want {
		t.Errorf("got %q, want %q", ans.Text, want)
	}
}

// TestListLeadInBringsItsItems quotes a list's items with the sentence that
// leads in to them.
func TestListLeadInBringsItsItems(t *testing.T) {
	doc := "Tide Tables\n\nPorts\n\nThe harbour office publishes tide tables for the coast. The tables cover the following ports:\n\n- Northhaven\n- Eastmouth\n- Southby\n\nHeights\n\nEach table gives a month of high and low waters, with heights in metres.\n"
	idx := indexOf(t, []ingest.Source{{Name: "tides.txt", Data: []byte(doc)}})
	ans := answerOf(t, idx, "Which ports do the tide tables cover?")
	if !strings.Contains(ans.Text, "the following ports: Northhaven; Eastmouth; Southby [1]") {
		t.Errorf("got %q, want the lead-in quoted with its three items", ans.Text)
	}
}

// TestBoilerplateNeverAnswers checks that a report's legal notice answers
// no question about its content, nor is named as a closest section, but
// does answer a question about itself.
func TestBoilerplateNeverAnswers(t *testing.T) {
	idx, _ := openIndex(t, "", nil)
	e := NewExtractive(idx, 0, 0)
	for _, q := range []string{"Who prepared this for Congress?", "Can I distribute it?", "What is the role of the members of Congress?", "Who are the staff?", "What is kimchi made of?"} {
		ans, err := e.Answer(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range append(ans.Citations, passagesAsCitations(ans.Passages)...) {
			if c.Section == "Disclaimer" {
				t.Errorf("%q: the disclaimer was used: %q", q, ans.Text)
			}
		}
		if strings.Contains(ans.Text, "Disclaimer") {
			t.Errorf("%q: the disclaimer was offered: %q", q, ans.Text)
		}
	}
	ans, err := e.Answer(context.Background(), "Is this report protected by copyright?")
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Answered || ans.Citations[0].Section != "Disclaimer" {
		t.Errorf("a question about copyright: got %q", ans.Text)
	}
}

func passagesAsCitations(ps []ScoredPassage) []Citation {
	out := make([]Citation, len(ps))
	for i, p := range ps {
		out[i] = Citation{Passage: p.Passage}
	}
	return out
}

// TestRefusalsAreShort checks the wording of refusals: grammatical
// whatever the question, the question quoted short, nothing added to it.
func TestRefusalsAreShort(t *testing.T) {
	idx, _ := openIndex(t, "", nil)
	e := NewExtractive(idx, 0, 0)
	long := "What did the committee on fisheries " + strings.Repeat("and agriculture and forestry ", 30) + "decide about salmon quotas?"
	tests := []struct {
		q, prefix string
		maxLen    int
	}{
		{"hi", "Hi! Ask me a question about the report", 120},
		{"hi?", "Hi! Ask me a question about the report", 120},
		{"thanks!", "You're welcome!", 120},
		{"?! the of", "There is nothing in that to look up.", 150},
		{"What is kimchi made of?", "The report doesn't answer “What is kimchi made of”: it never mentions “kimchi”.", 300},
		// A word that gives several terms (an address) is named once.
		{"https://example.com/?q=troops", "The report doesn't answer “https://example.com/?q=troops”: it never mentions “https://example.com/?q=troops”.", 300},
		{"what about foo.bar@example.com and www.kpop.org?", "The report doesn't answer “what about foo.bar@example.com and www.kpop.org”: it never mentions “foo.bar@example.com” or “www.kpop.org”.", 300},
		{long, "The report doesn't answer “What did the committee on fisheries and agriculture and…”", 400},
		{"주한미군은 몇 명입니까?", "I read questions in English", 150},
		{"¿Cuántos soldados estadounidenses hay en Corea del Sur?", "I read questions in English", 150},
	}
	for _, tt := range tests {
		ans, err := e.Answer(context.Background(), tt.q)
		if err != nil {
			t.Fatalf("%q: %v", tt.q, err)
		}
		if ans.Answered || !strings.HasPrefix(ans.Text, tt.prefix) || len([]rune(ans.Text)) > tt.maxLen {
			t.Errorf("%.40q: got %q, want a refusal starting %q, at most %d characters", tt.q, ans.Text, tt.prefix, tt.maxLen)
		}
		if strings.Contains(ans.Text, "?”") && !strings.HasSuffix(strings.TrimSpace(tt.q), "?") {
			t.Errorf("%q: a question mark was added: %q", tt.q, ans.Text)
		}
	}
	// English questions are still answered.
	ans, err := e.Answer(context.Background(), "How many U.S. troops are based in South Korea?")
	if err != nil || !ans.Answered || !strings.Contains(ans.Text, "28,500") {
		t.Errorf("got %q, %v", ans.Text, err)
	}
}

// TestChatIsNotARefusal: a question with nothing to look up is marked
// Chat, so that it is said back rather than shown as a refusal; a question
// the report does not cover, or answers, is not.
func TestChatIsNotARefusal(t *testing.T) {
	idx, _ := openIndex(t, "", nil)
	e := NewExtractive(idx, 0, 0)
	for q, want := range map[string]bool{
		"thanks!": true, "hi": true, "?! the of": true,
		"What is kimchi made of?": false, "How many U.S. troops are based in South Korea?": false,
		"thanks! How many U.S. troops are based in South Korea?": false,
	} {
		ans, err := e.Answer(context.Background(), q)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if ans.Chat != want {
			t.Errorf("%q: Chat %t, want %t (%q)", q, ans.Chat, want, ans.Text)
		}
	}
}

// TestRestoreRejectsAnalysesThatDoNotFit gives restore saved analyses that
// a checksum would pass but that do not fit the passages: each is an
// error, never a panic or an index that panics later.
func TestRestoreRejectsAnalysesThatDoNotFit(t *testing.T) {
	idx, _ := openIndex(t, "", nil)
	good := idx.saved()
	tests := map[string]func(a *analysis){
		"a passage short":    func(a *analysis) { a.Sentences = a.Sentences[1:] },
		"a token too many":   func(a *analysis) { a.Tokens = append(a.Tokens, a.Tokens[0]) },
		"a length too long":  func(a *analysis) { a.Lengths[0] += 1000 },
		"a negative count":   func(a *analysis) { a.Sentences[0] = -1 },
		"a span past text":   func(a *analysis) { a.Spans[1] = 1 << 30 },
		"an unknown term":    func(a *analysis) { a.Vocab.Terms = a.Vocab.Terms[:1]; a.Vocab.DF = a.Vocab.DF[:1] },
		"a lost alias term":  func(a *analysis) { a.Vocab.Aliases = [][][]int32{{{1 << 20}}} },
		"flags out of step":  func(a *analysis) { a.Flags = a.Flags[1:] },
		"boilerplate short":  func(a *analysis) { a.Boiler = nil },
		"spans out of order": func(a *analysis) { a.Spans[0], a.Spans[1] = 10, 5 },
	}
	for name, spoil := range tests {
		t.Run(name, func(t *testing.T) {
			a := good
			a.Tokens = slices.Clone(good.Tokens)
			a.Lengths, a.Sentences, a.Spans, a.Flags = slices.Clone(good.Lengths), slices.Clone(good.Sentences), slices.Clone(good.Spans), slices.Clone(good.Flags)
			a.Vocab.Terms, a.Vocab.DF = slices.Clone(good.Vocab.Terms), slices.Clone(good.Vocab.DF)
			spoil(&a)
			x := &Index{passages: idx.passages}
			if err := x.restore(a); err == nil {
				t.Errorf("restored an analysis with %s", name)
			}
		})
	}
	x := &Index{passages: idx.passages}
	if err := x.restore(good); err != nil {
		t.Errorf("the good analysis: %v", err)
	}
}

// TestNeighboursCrossPassages checks that a sentence opening a passage sees
// the sentence before it in the passage before, when that passage goes on
// in the same section: a premise and what followed it may be cut apart.
func TestNeighboursCrossPassages(t *testing.T) {
	idx, _ := openIndex(t, "", nil)
	prev := -1
	for k, name := range rank.FeatureNames {
		if name == "prev" {
			prev = k
		}
	}
	f, err := idx.find(context.Background(), "how did china respond to the missile defense deployment", DefaultTopK)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range f.sents {
		text := idx.sentenceText(s)
		if s.sent != 0 || idx.neighbour(s.passage, -1) == nil || !strings.HasPrefix(text, "China responded") {
			continue
		}
		if s.Features[prev] == 0 {
			t.Errorf("%q opens its passage but does not see the premise before it", text)
		}
		return
	}
	t.Fatal("no sentence opening a passage that goes on from the one before answers the question")
}

// TestHeadingsAndShoutingInText checks two things a licence's text does: a
// heading run into its paragraph ("7. Disclaimer of Warranty. Unless …") is
// never quoted as an answer, and words in capitals for emphasis ("WITHOUT
// WARRANTIES") are read as words, not acronyms; a question in capitals is
// read as if typed in lowercase.
func TestHeadingsAndShoutingInText(t *testing.T) {
	text := "Terms\n\n6. Trademarks. This License does not grant permission to use the trade names of the Licensor.\n\n" +
		"7. Disclaimer of Warranty. Unless required by law, the Licensor provides the Work on an \"AS IS\" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND.\n\n" +
		"8. Limitation of Liability. In no event shall any Contributor be liable to You for damages.\n"
	idx, _, err := Open(context.Background(), []ingest.Source{{Name: "licence.txt", Data: []byte(text)}}, embeddings.NewLocal(0), Options{Logger: slog.New(slog.DiscardHandler), Words: wordvec.Default()})
	if err != nil {
		t.Fatal(err)
	}
	e := NewExtractive(idx, 0, 0)
	for _, q := range []string{"Is there a warranty?", "IS THERE A WARRANTY"} {
		ans, err := e.Answer(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Answered || !strings.Contains(ans.Text, "WITHOUT WARRANTIES") {
			t.Errorf("%q: got %q, want the sentence that disclaims warranties", q, ans.Text)
		}
		if strings.HasPrefix(ans.Text, "Disclaimer of Warranty.") {
			t.Errorf("%q: the heading was quoted as the answer: %q", q, ans.Text)
		}
	}
}

// TestRefusalNamesTheReportsOfItsClosest checks that with several reports a
// refusal says whose sections are closest.
func TestRefusalNamesTheReportsOfItsClosest(t *testing.T) {
	bread := ingest.Source{Name: "bread.txt", Data: []byte("Bread Notes\n\nOvens\n\nBread is baked in ovens at high heat for an hour.\n")}
	tea := ingest.Source{Name: "tea.txt", Data: []byte("Tea Notes\n\nLeaves\n\nTea leaves are dried in the sun for a day.\n")}
	idx, _, err := Open(context.Background(), []ingest.Source{bread, tea}, embeddings.NewLocal(0), Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ans := answerOf(t, idx, "Who won the football cup in 1998?")
	if ans.Answered || !strings.Contains(ans.Text, "Closest: “") || !strings.Contains(ans.Text, " Notes, p. 1)") {
		t.Errorf("got %q, want a refusal naming the report of each closest section", ans.Text)
	}
}

// TestAboutSkipsTheTitleBlock answers what a report is about from its first
// passage that says something in a sentence, not from the lines of its
// title block (publisher, author, address) that come first.
func TestAboutSkipsTheTitleBlock(t *testing.T) {
	srcs := []ingest.Source{{Name: "widgets.md", Data: []byte("# Shared Widget Database\n\nX Widget Group (http://widgets.example.org)\n\nThomas Leonard\n\ntal197 at users.example.net\n\n## 1. Introduction\n\n### 1.1 Version\n\nThis is version 0.21 of the Shared Widget Database specification, last updated 2 October 2018.\n")}}
	idx := indexOf(t, srcs)
	ans := answerOf(t, idx, "What is this document about?")
	if want := "“Shared Widget Database” — from its 1.1 Version: This is version 0.21"; !strings.HasPrefix(ans.Text, want) {
		t.Errorf("got %q, want it to start %q", ans.Text, want)
	}
}

func TestReportWordsAreNoChat(t *testing.T) {
	// "bc" is chat for "because", but of bc's manual it is bc.
	srcs := []ingest.Source{{Name: "bc.txt", Data: []byte("The bc Calculator\n\nbc is a language that supports arbitrary precision numbers with interactive execution of statements.\n\nThe program reads its input from files or from the standard input.\n")}}
	idx := indexOf(t, srcs)
	ans := answerOf(t, idx, "what is bc?")
	if !ans.Answered || !strings.HasPrefix(ans.Text, "bc is a language") {
		t.Errorf("got %q, want bc's definition", ans.Text)
	}
}

func TestQuotesLeaveOutFootnoteMarks(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Protestantism was declared illegal.[citation needed]", "Protestantism was declared illegal."},
		{"Prices fell.[12][13]", "Prices fell."},
		{"The fleet sailed,[a] in 1624.", "The fleet sailed, in 1624."},
		{"It grew[when?] fast.", "It grew fast."},
		{"Read x[i] twice.", "Read x[i] twice."},
		{"The options are described in details: [1]", "The options are described in details:"},
		{"Use arr[1] to read it.", "Use arr[1] to read it."},
		{"The first element is x[0]", "The first element is x[0]"},
		{"It is defined in [RFC] [12]", "It is defined in [RFC]"},
		{"See [the manual] for more.", "See [the manual] for more."},
	}
	for _, tt := range tests {
		if got := withoutMarks(tt.in); got != tt.want {
			t.Errorf("withoutMarks(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// indexOf opens an index of the sources with the default embedder and
// word vectors.
func indexOf(tb testing.TB, srcs []ingest.Source) *Index {
	tb.Helper()
	idx, _, err := Open(context.Background(), srcs, embeddings.NewLocal(0), Options{Logger: quietLogger(), Words: wordvec.Default()})
	if err != nil {
		tb.Fatal(err)
	}
	return idx
}

// answerOf answers the question extractively from the index.
func answerOf(tb testing.TB, idx *Index, question string) Answer {
	tb.Helper()
	ans, err := NewExtractive(idx, 0, 0).Answer(context.Background(), question)
	if err != nil {
		tb.Fatal(err)
	}
	return ans
}

// TestShortOptionsKeepTheirCase: a command's "-l" and "-L" are two options,
// and "-r" is no chat for "are".
func TestShortOptionsKeepTheirCase(t *testing.T) {
	doc := "Tidewatch Manual\n\nOptions\n\n-l --list List the stations known to the program and quit.\n\n-L --license Display the licence of the program and quit.\n\n-r --recursive Read every table in the directories given, and in theirs.\n"
	idx := indexOf(t, []ingest.Source{{Name: "tidewatch.txt", Data: []byte(doc)}})
	for q, want := range map[string]string{"What does -l do?": "-l --list", "What does -L do?": "-L --license", "what is the -r flag for": "-r --recursive"} {
		if ans := answerOf(t, idx, q); !strings.HasPrefix(ans.Text, want) {
			t.Errorf("%s: got %q, want it to start %q", q, ans.Text, want)
		}
	}
}

// TestFAQQuestionsAreAnsweredNotQuoted: a question the report asks, as an
// FAQ does, is answered by the statement after it, however short; a list
// of its questions answers nothing.
func TestFAQQuestionsAreAnsweredNotQuoted(t *testing.T) {
	doc := "Grindstone FAQ\n\nQuestions\n\nHow do you pronounce Grindstone?\nWhere does the name Grindstone come from?\n\nBackground\n\nHow do you pronounce Grindstone?\n\nThe first part is said as in the word value, the second as in ground.\n\nWhere does the name Grindstone come from?\n\nFrom Nordic mythology.\n\nThe project was first named Heimdall, after the watchman of the gods.\n"
	idx := indexOf(t, []ingest.Source{{Name: "faq.txt", Data: []byte(doc)}})
	for q, want := range map[string]string{
		"where does the name grindstone come from": "From Nordic mythology.",
		"how do you pronounce grindstone":          "The first part is said as in the word value",
	} {
		ans := answerOf(t, idx, q)
		if !strings.HasPrefix(ans.Text, want) || strings.Contains(ans.Text, "?") {
			t.Errorf("%s: got %q, want it to start %q and quote no question", q, ans.Text, want)
		}
	}
}

// TestCodeAnswersOnlyHowTo quotes code and commands (a Markdown code
// block, a compiler's output in plain text) only for a question that asks
// how to do something or for a command; any other question gets the
// prose around them.
func TestCodeAnswersOnlyHowTo(t *testing.T) {
	md := "# Package manager versions\n\nPackwell is a small tool that keeps the versions of your package managers in step across a team.\n\n" +
		"## Pinning a version\n\nYou can use packwell use to ask Packwell to update your package.json to use the package manager of your choice:\n\n" +
		"```sh\npackwell use pnpm@7.x # sets the latest 7.x version in the package.json\npackwell use yarn@* # sets the latest version in the package.json\n```\n\n" +
		"## Enabling\n\nPackwell must be enabled before it has any effect, and it ships disabled.\n"
	txt := "Passing a pointer to a const pointer\n\nExample:\n\n#include <stdio.h>\nvoid test(const char **b){\n  printf(\"%s\\n\", *b);\n}\nint main(void){\n  char *s=\"aoeu\";\n  test(&s);\n}\n\n" +
		"const.cc:7: passing char ** as argument 1 of test(const char **) adds cv-quals without intervening const\n\n" +
		"Thanks for your report. This is not a bug in the compiler, but in your code: the standard forbids the conversion.\n"
	tests := []struct {
		name, data, q string
		want, notWant string
	}{
		{"packwell.md", md, "What does Packwell do?", "Packwell is a small tool", "pnpm@7.x"},
		{"packwell.md", md, "How do I set the package manager version in package.json with Packwell?", "packwell use pnpm@7.x", ""},
		{"const.txt", txt, "is passing char** to a function that takes const char** a compiler bug?", "not a bug in the compiler", "const.cc:7"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			idx := indexOf(t, []ingest.Source{{Name: tt.name, Data: []byte(tt.data)}})
			ans := answerOf(t, idx, tt.q)
			if !strings.Contains(ans.Text, tt.want) || tt.notWant != "" && strings.Contains(ans.Text, tt.notWant) {
				t.Errorf("got %q, want it to say %q and not %q", ans.Text, tt.want, tt.notWant)
			}
		})
	}
}

// TestShortAnswerQuotedOnce: the sentence a short answer to a question of
// the report's brings ("No." and its reason) is not quoted again on its
// own, whichever of the two scored better.
func TestShortAnswerQuotedOnce(t *testing.T) {
	doc := "Harbour FAQ\n\nFees\n\nIs mooring free?\n\nNo.\n\nMooring costs five pounds a night for each boat in the harbour.\n\nWhere do I pay?\n\nAt the harbour office by the gate.\n"
	idx := indexOf(t, []ingest.Source{{Name: "faq.txt", Data: []byte(doc)}})
	for _, q := range []string{"is mooring in the harbour free", "is mooring free, what does mooring cost"} {
		ans := answerOf(t, idx, q)
		if n := strings.Count(ans.Text, "Mooring costs five pounds"); n != 1 {
			t.Errorf("%s: got %q, quoting the reason %d times, want once", q, ans.Text, n)
		}
	}
}

// TestAnswersBringTheSentenceTheyPointBack: a sentence that only names
// what the sentence before it describes ("This process is referred to as
// …") is quoted after that sentence, and one followed by a sentence that
// says what it named ("These are …") is quoted with that one: alone, each
// says nothing of what was asked.
func TestAnswersBringTheSentenceTheyPointBack(t *testing.T) {
	doc := "Harbour Works\n\nDredging\n\nThe board first lowers the bed of the outer channel by a metre each winter, using two barges that carry the silt out to sea. This process is referred to as winter dredging.\n\n" +
		"The mooring fees pay for the dredging and the new quay, and the board sets them each spring.\n\n" +
		"Lighting\n\nAt night the approach is marked by leading lights. These are two lamps that stand one above the other on the hill, which a pilot keeps in line to stay in the channel.\n\n" +
		"The lamps were first lit in 1871 and have been electric since 1928.\n"
	idx := indexOf(t, []ingest.Source{{Name: "harbour.txt", Data: []byte(doc)}})
	for q, want := range map[string]string{
		"what is winter dredging":     "The board first lowers the bed of the outer channel",
		"what are the leading lights": "These are two lamps that stand one above the other",
	} {
		ans := answerOf(t, idx, q)
		if !strings.Contains(ans.Text, want) {
			t.Errorf("%s: got %q, want it to quote %q", q, ans.Text, want)
		}
	}
}
