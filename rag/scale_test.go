package rag

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"reportbot/embeddings"
	"reportbot/embeddings/wordvec"
	"reportbot/rag/ingest"
)

// The scale benchmarks index a synthetic corpus of about 10,000 passages:
// scaleReports generated reports of about scalePassages passages each. Every
// report plants one fact under a name of its own, and the benchmarks ask for
// those facts, so retrieval at scale is measured on questions with a known
// answer, not only timed.
const (
	scaleReports  = 250
	scalePassages = 40
)

var (
	synthNouns = strings.Fields(`agency budget program network harbor market farm factory river bridge school
		hospital railway reservoir pipeline border council court treaty survey reserve fleet grid tariff
		subsidy loan export import harvest mine forest coast port airport highway district province
		industry union reform election policy strategy exercise mission facility laboratory satellite
		vaccine clinic archive museum library festival census inflation currency deficit surplus`)
	synthVerbs = strings.Fields(`expanded reduced financed delayed approved rejected reviewed upgraded
		closed opened inspected funded restructured audited relocated doubled halved launched suspended
		extended renewed negotiated monitored regulated`)
	synthAdjs = strings.Fields(`regional national coastal rural urban northern southern eastern western
		public private federal local annual seasonal industrial agricultural strategic technical
		historic modern costly modest rapid gradual`)
	synthMaterials = strings.Fields(`grain steel copper timber cement fuel cotton coffee rice salt
		lithium nickel wool sugar coal`)
	syllables = strings.Fields(`ka lo mi ren to sa vel dor an is ur qua bel tin mar os ze rhu fen gal pra
		nor vik hal sun tor lem bri cas dun`)
)

// synthName returns a capitalised made-up name of n syllables.
func synthName(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(syllables[r.IntN(len(syllables))])
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

func pick(r *rand.Rand, words []string) string { return words[r.IntN(len(words))] }

// synthFact is the fact a synthetic report plants, and a question for it.
type synthFact struct {
	report   string
	question string
	answer   string
}

// synthSentence writes one sentence of generated prose about place, with
// numbers, years, names and acronyms as reports have them.
func synthSentence(r *rand.Rand, place, org, acronym string) string {
	switch r.IntN(6) {
	case 0:
		return fmt.Sprintf("In %d, the %s %s of %s %s by %d%% to $%d.%d billion.", 1990+r.IntN(35), pick(r, synthAdjs), pick(r, synthNouns), place, pick(r, synthVerbs), 1+r.IntN(40), 1+r.IntN(900), r.IntN(10))
	case 1:
		return fmt.Sprintf("%s %s, who leads the %s, said the %s %s would be %s before %d.", synthName(r, 2), synthName(r, 3), org, pick(r, synthAdjs), pick(r, synthNouns), pick(r, synthVerbs), 2000+r.IntN(30))
	case 2:
		return fmt.Sprintf("The %s (%s) %s %d %ss across %s after a %s %s.", org, acronym, pick(r, synthVerbs), 2+r.IntN(500), pick(r, synthNouns), place, pick(r, synthAdjs), pick(r, synthNouns))
	case 3:
		return fmt.Sprintf("Because the %s %s was %s, %s %s its %s %s.", pick(r, synthAdjs), pick(r, synthNouns), pick(r, synthVerbs), place, pick(r, synthVerbs), pick(r, synthAdjs), pick(r, synthNouns))
	case 4:
		return fmt.Sprintf("Critics of the %s argue that the %s %s has %s the %s %s and %s %s.", acronym, pick(r, synthAdjs), pick(r, synthNouns), pick(r, synthVerbs), pick(r, synthNouns), pick(r, synthNouns), pick(r, synthAdjs), pick(r, synthNouns))
	default:
		return fmt.Sprintf("%s exported %d tonnes of %s to %s, mostly through its %s %s.", place, 100+r.IntN(90000), pick(r, synthMaterials), synthName(r, 2), pick(r, synthAdjs), pick(r, synthNouns))
	}
}

// synthCorpus generates n reports of about perReport passages each, and the
// fact each plants. The same seed gives the same corpus.
func synthCorpus(n, perReport int, seed uint64) ([]ingest.Source, []synthFact) {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	srcs := make([]ingest.Source, 0, n)
	facts := make([]synthFact, 0, n)
	for i := range n {
		place := synthName(r, 3)
		org := fmt.Sprintf("%s %s %s", pick(r, synthAdjs), pick(r, synthNouns), "Authority")
		org = strings.ToUpper(org[:1]) + org[1:]
		acronym := strings.ToUpper(fmt.Sprintf("%c%c%c", 'A'+r.IntN(26), 'A'+r.IntN(26), 'A'+r.IntN(26)))
		title := fmt.Sprintf("%s: %s and %s", place, pick(r, synthNouns), pick(r, synthNouns))
		var b strings.Builder
		fmt.Fprintf(&b, "# %s\n\n", strings.ToUpper(title[:1])+title[1:])
		depot := synthName(r, 4)
		material := pick(r, synthMaterials)
		amount := fmt.Sprintf("%d,%03d", 1+r.IntN(90), r.IntN(1000))
		fact := fmt.Sprintf("The %s depot stored %s tonnes of %s in %d, more than any other site in %s.", depot, amount, material, 2000+r.IntN(21), place)
		factAt := r.IntN(perReport)
		for p := range perReport {
			if p%5 == 0 {
				fmt.Fprintf(&b, "## The %s %s\n\n", pick(r, synthAdjs), pick(r, synthNouns))
			}
			sents := make([]string, 0, 7)
			for range 6 {
				sents = append(sents, synthSentence(r, place, org, acronym))
			}
			if p == factAt {
				sents[r.IntN(len(sents))] = fact
			}
			b.WriteString(strings.Join(sents, " "))
			b.WriteString("\n\n")
		}
		name := fmt.Sprintf("synthetic/report-%03d.md", i)
		srcs = append(srcs, ingest.Source{Name: name, Data: []byte(b.String())})
		facts = append(facts, synthFact{
			report:   name,
			question: fmt.Sprintf("how much %s did the %s depot store", material, strings.ToLower(depot)),
			answer:   amount + " tonnes of " + material,
		})
	}
	return srcs, facts
}

// heapMB is the live heap after a collection, in MiB.
func heapMB() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc) / (1 << 20)
}

func TestSynthCorpusAnswersItsFacts(t *testing.T) {
	srcs, facts := synthCorpus(8, 12, 1)
	idx, _, err := Open(context.Background(), srcs, embeddings.NewLocal(0), Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := NewExtractive(idx, 0, 0)
	for _, f := range facts {
		ans, err := e.Answer(context.Background(), f.question)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Answered || !strings.Contains(ans.Text, f.answer) {
			t.Errorf("%q: got %q, want %q", f.question, ans.Text, f.answer)
		}
	}
}

// scaleSizes are the corpus sizes the scale benchmarks run at, in reports of
// scalePassages passages: about 1,000 and 10,000 passages.
var scaleSizes = []int{scaleReports / 10, scaleReports}

// BenchmarkScaleBuild builds and saves the index of the synthetic corpus;
// it reports the passages indexed, the live heap the index holds and the
// size of its file.
func BenchmarkScaleBuild(b *testing.B) {
	for _, n := range scaleSizes {
		b.Run(fmt.Sprintf("passages=%d", n*scalePassages), func(b *testing.B) {
			srcs, _ := synthCorpus(n, scalePassages, 1)
			before := heapMB()
			var idx *Index
			var info OpenInfo
			for b.Loop() {
				var err error
				idx, info, err = Open(context.Background(), srcs, embeddings.NewLocal(0), Options{DataDir: b.TempDir(), Logger: slog.New(slog.DiscardHandler)})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(info.Passages), "passages")
			b.ReportMetric(heapMB()-before, "heap-MiB")
			if st, err := os.Stat(info.File); err == nil {
				b.ReportMetric(float64(st.Size())/(1<<20), "file-MiB")
			}
			runtime.KeepAlive(idx)
		})
	}
}

// BenchmarkScaleAsk answers the planted questions over the synthetic
// corpus; it reports the share answered with the planted fact.
func BenchmarkScaleAsk(b *testing.B) {
	for _, n := range scaleSizes {
		b.Run(fmt.Sprintf("passages=%d", n*scalePassages), func(b *testing.B) {
			srcs, facts := synthCorpus(n, scalePassages, 1)
			idx, info, err := Open(context.Background(), srcs, embeddings.NewLocal(0), Options{Logger: slog.New(slog.DiscardHandler)})
			if err != nil {
				b.Fatal(err)
			}
			e := NewExtractive(idx, 0, 0)
			right, asked := 0, 0
			for b.Loop() {
				f := facts[asked%len(facts)]
				ans, err := e.Answer(context.Background(), f.question)
				if err != nil {
					b.Fatal(err)
				}
				if strings.Contains(ans.Text, f.answer) {
					right++
				}
				asked++
			}
			b.ReportMetric(float64(info.Passages), "passages")
			b.ReportMetric(float64(right)/float64(asked), "right")
		})
	}
}

// BenchmarkScaleSearch times retrieval alone (analysis, both searches,
// fusion and the sentence rerank) over the synthetic corpus.
func BenchmarkScaleSearch(b *testing.B) {
	for _, n := range scaleSizes {
		b.Run(fmt.Sprintf("passages=%d", n*scalePassages), func(b *testing.B) {
			srcs, facts := synthCorpus(n, scalePassages, 1)
			idx, _, err := Open(context.Background(), srcs, embeddings.NewLocal(0), Options{Logger: slog.New(slog.DiscardHandler)})
			if err != nil {
				b.Fatal(err)
			}
			found, asked := 0, 0
			for b.Loop() {
				f := facts[asked%len(facts)]
				hits, err := idx.Search(context.Background(), f.question, DefaultTopK)
				if err != nil {
					b.Fatal(err)
				}
				if len(hits) > 0 && strings.Contains(hits[0].Passage.Text, f.answer) {
					found++
				}
				asked++
			}
			b.ReportMetric(float64(found)/float64(asked), "hit@1")
		})
	}
}

// openSizes are the corpus sizes BenchmarkScaleOpen runs at, in reports of
// scalePassages passages: about 10,000 and 100,000 passages.
var openSizes = []int{scaleReports, 10 * scaleReports}

// BenchmarkScaleOpen starts from a saved index, as `ask` and `serve` do
// once a report is indexed: the reports are read and fingerprinted, the
// index file matches and is loaded. It reports the time a build took, for
// comparison, and the live heap the loaded index holds beyond its
// passages' text, per passage.
func BenchmarkScaleOpen(b *testing.B) {
	type corpus struct {
		name string
		srcs []ingest.Source
	}
	var corpora []corpus
	// One report of about 2 MB: the generated reports run together.
	one, _ := synthCorpus(90, scalePassages, 2)
	var big []byte
	for _, s := range one {
		big = append(big, s.Data...)
	}
	corpora = append(corpora, corpus{fmt.Sprintf("one-report-%.1fMB", float64(len(big))/1e6), []ingest.Source{{Name: "big.md", Data: big}}})
	for _, n := range openSizes {
		srcs, _ := synthCorpus(n, scalePassages, 1)
		corpora = append(corpora, corpus{fmt.Sprintf("passages=%d", n*scalePassages), srcs})
	}
	for _, c := range corpora {
		b.Run(c.name, func(b *testing.B) {
			srcs := c.srcs
			dir := b.TempDir()
			opts := Options{DataDir: dir, Logger: slog.New(slog.DiscardHandler), Words: wordvec.Default()}
			start := time.Now()
			_, info, err := Open(context.Background(), srcs, embeddings.NewLocal(0), opts)
			if err != nil || !info.Saved {
				b.Fatalf("build: %v, %+v", err, info)
			}
			build := time.Since(start)
			before := heapMB() // the built index is garbage by now
			var idx *Index
			for b.Loop() {
				idx, info, err = Open(context.Background(), srcs, embeddings.NewLocal(0), opts)
				if err != nil || !info.Reused {
					b.Fatalf("open: %v, %+v", err, info)
				}
			}
			b.StopTimer()
			text := 0
			for _, p := range idx.Passages() {
				text += len(p.Text)
			}
			b.ReportMetric(build.Seconds(), "build-s")
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)/build.Seconds(), "open/build")
			b.ReportMetric(float64(info.Passages), "passages")
			b.ReportMetric(((heapMB()-before)*(1<<20)-float64(text))/float64(info.Passages), "heap-B/passage")
			runtime.KeepAlive(idx)
			runtime.KeepAlive(srcs)
		})
	}
}
