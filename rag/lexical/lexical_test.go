package lexical

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []Token
	}{
		{"U.S. troops", []Token{{"us", true, false, false, false}, {"troops", false, false, false, false}}},
		{"U.S.-ROK alliance", []Token{{"us", true, false, false, false}, {"rok", true, false, false, false}, {"alliance", false, false, false, false}}},
		{"South Korea’s economy", []Token{{"south", false, false, false, false}, {"korea", false, true, false, false}, {"economy", false, false, false, false}}},
		{"28,500 troops; 13.9% and $9.7 billion.", []Token{{"28500", false, false, true, false}, {"troops", false, false, false, false}, {"13.9", false, false, false, false}, {"and", false, false, false, false}, {"9.7", false, false, false, false}, {"billion", false, false, false, false}}},
		{"don't say “quoted” words", []Token{{"don't", false, false, false, false}, {"say", false, false, false, false}, {"quoted", false, false, false, false}, {"words", false, false, false, false}}},
		{"COVID-19", []Token{{"covid", true, false, false, false}, {"19", false, false, false, false}}},
		{"e.g. this", []Token{{"eg", false, false, false, false}, {"this", false, false, false, false}}},
		{"-l --list", []Token{{"-l", false, false, false, true}, {"list", false, false, false, false}}},
		{"gzip -L and (-rf)", []Token{{"gzip", false, false, false, false}, {"-L", false, false, false, true}, {"and", false, false, false, false}, {"-rf", false, false, false, true}}},
		{"tar -xvf -é", []Token{{"tar", false, false, false, false}, {"xvf", false, false, false, false}, {"é", false, false, false, false}}},
		{"well-known e-mail -5 -abcd", []Token{{"well", false, false, false, false}, {"known", false, false, false, false}, {"e", false, false, false, false}, {"mail", false, false, false, false}, {"5", false, false, false, false}, {"abcd", false, false, false, false}}},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Tokens(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestTerms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"How many U.S. troops are based in South Korea?", []string{"us", "troop", "base", "south", "korea"}},
		{"tell us about the economies", []string{"economi"}},
		{"US forces", []string{"us", "forc"}},
		{"What is it?", []string{}},
		{"What does -L do?", []string{"-L"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Terms(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestBM25(t *testing.T) {
	docs := [][]Field{
		{{Terms: Terms("The alliance hosts troops on the peninsula."), Weight: 1}, {Terms: Terms("Security"), Weight: 2}},
		{{Terms: Terms("Exports of semiconductors grew; exports of autos fell."), Weight: 1}, {Terms: Terms("Economy"), Weight: 2}},
		{{Terms: Terms("Troops troops troops everywhere, and more troops."), Weight: 1}, {Terms: Terms("Other"), Weight: 2}},
		{{Terms: Terms("Nothing relevant here at all."), Weight: 1}, {Terms: Terms("Economy"), Weight: 2}},
	}
	x := NewBM25(docs)
	if x.Len() != 4 {
		t.Fatalf("Len: got %d, want 4", x.Len())
	}
	hits := x.Search(Terms("troops"), 0)
	if len(hits) != 2 || hits[0].Doc != 2 || hits[1].Doc != 0 {
		t.Errorf("troops: got %+v, want docs 2 then 0", hits)
	}
	hits = x.Search(Terms("economy exports"), 1)
	if len(hits) != 1 || hits[0].Doc != 1 {
		t.Errorf("economy exports: got %+v, want doc 1 only", hits)
	}
	if x.Search(Terms("unrelated words"), 0) == nil || len(x.Search(Terms("unrelated words"), 0)) != 0 {
		t.Error("unknown terms should match nothing")
	}
	if !(x.IDF("zzz") > x.IDF(Stem("semiconductors")) && x.IDF(Stem("semiconductors")) > x.IDF(Stem("troops"))) {
		t.Errorf("IDF should fall with document frequency: unseen %v, df1 %v, df2 %v", x.IDF("zzz"), x.IDF(Stem("semiconductors")), x.IDF(Stem("troops")))
	}
	if x.DocFreq("troop") != 2 {
		t.Errorf("DocFreq(troop): got %d, want 2", x.DocFreq("troop"))
	}
}

func TestIrregularForms(t *testing.T) {
	for _, pair := range [][2]string{{"paid", "pays"}, {"grew", "growing"}, {"fell", "falls"}, {"children", "child"}, {"spent", "spends"}} {
		a, b := Terms(pair[0]), Terms(pair[1])
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s gives %q, %s gives %q: want the same term", pair[0], a, pair[1], b)
		}
	}
}

func TestAccentsAreFolded(t *testing.T) {
	for _, pair := range [][2]string{{"Hervé", "Herve"}, {"Alès", "ales"}, {"Besançon", "besancon"}, {"Cévennes", "cevennes"}} {
		a, b := Terms(pair[0]), Terms(pair[1])
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s gives %q, %s gives %q: want the same term", pair[0], a, pair[1], b)
		}
	}
	if got := Terms("Øresund"); !reflect.DeepEqual(got, []string{"øresund"}) {
		t.Errorf("Øresund gives %q, want its ø kept", got)
	}
}

func TestStemKeepsUnrelatedWordsApart(t *testing.T) {
	for _, pair := range [][2]string{{"important", "imports"}, {"university", "universe"}, {"organization", "organs"}} {
		if Stem(pair[0]) == Stem(pair[1]) {
			t.Errorf("Stem(%q) = Stem(%q) = %q", pair[0], pair[1], Stem(pair[0]))
		}
	}
	if Stem("importance") != Stem("important") {
		t.Errorf("importance and important should share a stem")
	}
}

func TestIsEnglish(t *testing.T) {
	for _, w := range []string{"worth", "population", "gotten", "stats", "currency"} {
		if !IsEnglish(w) {
			t.Errorf("IsEnglish(%q) = false", w)
		}
	}
	for _, w := range []string{"rn", "prez", "tteokbokki", "wrth", "Worth"} {
		if IsEnglish(w) {
			t.Errorf("IsEnglish(%q) = true", w)
		}
	}
}

func TestIsAdverbOf(t *testing.T) {
	tests := []struct {
		w    string
		want bool
	}{
		{"roughly", true}, {"approximately", true}, {"exactly", true}, {"basically", true},
		{"happily", true}, {"probably", true}, {"currently", true},
		// Words that only end in -ly, and short ones.
		{"family", false}, {"supply", false}, {"assembly", false}, {"reply", false},
		{"only", false}, {"early", false}, {"italy", false}, {"july", false},
		// Not English at all.
		{"foobarly", false},
	}
	for _, tt := range tests {
		if got := IsAdverbOf(tt.w); got != tt.want {
			t.Errorf("IsAdverbOf(%q) = %v, want %v", tt.w, got, tt.want)
		}
	}
}

func TestIsEnglishFindsEveryListedWord(t *testing.T) {
	IsEnglish("a")
	words := strings.Split(strings.TrimSpace(string(englishList)), "\n")
	for i, w := range words {
		if !IsEnglish(w) {
			t.Fatalf("IsEnglish(%q) = false for line %d of the list", w, i)
		}
		if i > 0 && words[i-1] >= w {
			t.Fatalf("list not sorted at line %d: %q, %q", i, words[i-1], w)
		}
	}
	for _, w := range []string{"", "aaaaa", "zzzzzz", "mmmmq"} {
		if IsEnglish(w) {
			t.Errorf("IsEnglish(%q) = true", w)
		}
	}
}

// FuzzTokens checks the tokeniser on any text: no panic; tokens are
// non-empty and lowercase; Terms is the terms of Tokens.
func FuzzTokens(f *testing.F) {
	f.Add("How many U.S. troops are based in South Korea's bases?")
	f.Add("wat r the ROK's #1 exports rn?? tit-for-tat, self-imposed… U.S.-ROK (KORUS FTA) 28,500 –3%")
	f.Add("\u202eÅngström café naïve 한국 日本 \x00\xff")
	f.Fuzz(func(t *testing.T, text string) {
		var terms []string
		for _, tok := range Tokens(text) {
			if tok.Text == "" {
				t.Fatalf("empty token in %q", text)
			}
			if strings.ToLower(tok.Text) != tok.Text {
				t.Fatalf("token %q is not lowercase", tok.Text)
			}
			if term := TermOf(tok); term != "" {
				terms = append(terms, term)
			}
		}
		if got := Terms(text); !reflect.DeepEqual(got, terms) && !(len(got) == 0 && len(terms) == 0) {
			t.Fatalf("Terms(%q) = %q, want the terms of its tokens %q", text, got, terms)
		}
		if u := Unshout(text); len(u) != len(text) && strings.ToLower(u) != strings.ToLower(text) {
			t.Fatalf("Unshout(%q) = %q: more than the case changed", text, u)
		}
	})
}

// TestIDBM25AgreesWithBM25 checks that the numbered BM25 ranks documents as
// the one over strings does.
func TestIDBM25AgreesWithBM25(t *testing.T) {
	texts := []string{"troops are based in korea", "trade with korea grew", "troops and trade, troops again", "nothing here"}
	ids := map[string]int32{}
	var docs [][]Field
	var idDocs [][]IDField
	for _, text := range texts {
		terms := Terms(text)
		var nums []int32
		for _, t := range terms {
			if _, ok := ids[t]; !ok {
				ids[t] = int32(len(ids))
			}
			nums = append(nums, ids[t])
		}
		docs = append(docs, []Field{{Terms: terms, Weight: 1}})
		idDocs = append(idDocs, []IDField{{Terms: nums, Weight: 1}})
	}
	bm, idbm := NewBM25(docs), NewIDBM25(len(ids), idDocs)
	query := map[string]float64{"troop": 1, "korea": 0.5}
	want := bm.SearchWeighted(query, 0)
	got := idbm.Search(map[int32]float64{ids["troop"]: 1, ids["korea"]: 0.5, -1: 1, 99: 1})
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i].Doc != want[i].Doc || math.Abs(got[i].Score-want[i].Score) > 1e-6 {
			t.Errorf("hit %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	if idbm.DocFreq(ids["troop"]) != 2 || idbm.DocFreq(-1) != 0 {
		t.Errorf("document frequencies wrong")
	}
}

func TestUnshout(t *testing.T) {
	tests := []struct{ in, want string }{
		{"HOW MANY US TROOPS ARE IN KOREA?", "how many us troops are in korea?"},
		{"on an \"AS IS\" BASIS, WITHOUT WARRANTIES OR CONDITIONS", "on an \"as is\" basis, without warranties or conditions"},
		{"The U.S.-ROK alliance and the DPRK.", "The U.S.-ROK alliance and the DPRK."},
		{"NATO and UN troops", "NATO and UN troops"},
		{"  spaced   OUT WORDS HERE  ", "  spaced   out words here  "},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Unshout(tt.in); got != tt.want {
			t.Errorf("Unshout(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
