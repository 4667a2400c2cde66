package question

import (
	"reflect"
	"strings"
	"testing"
)

func TestKinds(t *testing.T) {
	tests := []struct {
		q    string
		want Kind
	}{
		{"How many troops are based in Korea?", Number},
		{"how much does Seoul pay", Number},
		{"What percentage of exports go to China?", Number},
		{"How long is the border?", Number},
		{"When was the treaty signed?", Date},
		{"In what year did the war end?", Date},
		{"what century did the Normans arrive", Date},
		{"Who leads the country?", Person},
		{"Whose idea was it?", Person},
		{"Where are the bases?", Place},
		{"Which city hosts the summit?", Place},
		{"Why did the talks stop?", Reason},
		{"What caused the crisis?", Reason},
		{"What does ROK stand for?", Definition},
		{"What is OPCON?", Definition},
		{"What was AppleTalk", Definition},
		{"What does \"Executable Form\" mean?", Definition},
		{"What does the term Larger Work mean?", Definition},
		{"What does Covered Software mean?", Definition},
		{"What is meant by a Larger Work?", Definition},
		{"What is the definition of Covered Software?", Definition},
		{"Define Executable Form", Definition},
		{"What is South Korea's legislature called?", Name},
		{"What is the name of the treaty?", Name},
		{"Which countries are members of the Quad?", List},
		{"What are the main exports?", List},
		{"What proclamation ended the war?", Entity},
		{"Which king issued the edict?", Entity},
		{"What did the report say about trade?", Any},
		{"How did China respond?", Any},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			if got := Analyze(tt.q).Want; got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAbout(t *testing.T) {
	tests := []struct {
		q    string
		want About
	}{
		{"What is the report about?", Subject},
		{"what's this document about", Subject},
		{"when was this doc written", Written},
		{"who wrote this pdf", Authors},
		{"who updated this document", Authors},
		{"what is this page about?", Subject},
		{"who wrote this guide", Authors},
		{"Summarize the report", Subject},
		{"summary", Subject},
		{"what are these reports about?", Subject},
		{"Who wrote the reports?", Authors},
		{"What does the paper cover?", Subject},
		{"What is the title of the report?", Title},
		{"When was the report published?", Written},
		{"When was this report last updated?", Written},
		{"How old is the report?", Written},
		{"Who wrote this report?", Authors},
		{"Who are the authors?", Authors},
		{"When was the treaty signed?", None},
		{"What did the report say about trade?", None},
		{"Who wrote the Brundtland report on sustainability?", None},
		{"Who wrote this?", Authors},
		{"Who holds the copyright?", Rights},
		{"Who owns the copyright of this manual?", Rights},
		{"Who is the copyright holder?", Rights},
		{"What does the copyright notice say?", None},
		{"who wrote it", Authors},
		{"Who is it by?", Authors},
		{"who compiled this report", Authors},
		{"who put this report together", Authors},
		{"who put it together?", Authors},
		{"Who drafted the memo?", Authors},
		{"who made this", Authors},
		{"who worked on this document", Authors},
		{"Who wrote the specification?", Authors},
		{"When was this spec last updated?", Written},
		{"Who made this decision?", None},
		{"who put the troops there", None},
		{"When was it last modified?", Written},
		{"When was this published?", Written},
		{"When was this report last revised?", Written},
		{"What is this document?", Subject},
		{"What is this?", Subject},
		{"Who wrote this function?", None},
		{"When was it signed?", None},
		{"When was this proclamation issued?", None},
		{"What is the report's main finding?", None},
		{"authors", Authors},
		{"the authors?", Authors},
		{"name the authors", Authors},
		{"list the authors please", Authors},
		{"who's the author", Authors},
		{"Who are the authors of the treaty?", None},
		{"title?", Title},
		{"what is it called", Title},
		{"publication date", Written},
		{"What's the publication date of the report?", Written},
		{"What's in the report?", Subject},
		{"What are the sections of the report?", Contents},
		{"table of contents", Contents},
		{"What topics does the report cover?", Contents},
		{"which chapters does it have", Contents},
		{"How is this document organized?", Contents},
		{"list the sections", Contents},
		{"show me the report's sections", Contents},
		{"What are the parts of the treaty?", None},
		{"Which sections discuss trade?", None},
		{"what topics did the summit cover", None},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			if got := Analyze(tt.q).About; got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNamed(t *testing.T) {
	tests := []struct {
		q     string
		name  string
		about About
	}{
		{"Who wrote zlib Usage Example?", "zlib Usage Example", Authors},
		{"Who is the author of \"Fruit Facts\"?", "Fruit Facts", Authors},
		{"Who are the authors of the Fruit Facts report?", "the Fruit Facts report", Authors},
		{"Who is Fruit Facts by?", "Fruit Facts", Authors},
		{"When was Fruit Facts first published?", "Fruit Facts", Written},
		{"When was the treaty signed?", "", None},
		{"What is GoDotEnv?", "GoDotEnv", Subject},
		{"What is Fruit Facts about?", "Fruit Facts", Subject},
		{"Who wrote this report?", "this report", Authors},
		{"How many troops are there?", "", None},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			q := Analyze(tt.q)
			if q.Named != tt.name || q.AboutNamed != tt.about {
				t.Errorf("got %q %v, want %q %v", q.Named, q.AboutNamed, tt.name, tt.about)
			}
		})
	}
}

func TestTermsLeaveOutTheKindOfAnswer(t *testing.T) {
	tests := []struct {
		q    string
		want []string
	}{
		{"What year was the treaty signed?", []string{"treati", "sign"}},
		{"Which city hosts the summit?", []string{"host", "summit"}},
		{"How many troops are in Korea?", []string{"troop", "korea"}},
		{"U.S. troops", []string{"us", "troop"}},
		{"What does ROK stand for?", []string{"rok"}},
		{"what does opcon mean", []string{"opcon"}},
		{"What is the meaning of detente?", []string{"detent"}},
		{"Where does the army stand?", []string{"armi", "stand"}},
		{"What does Figure 1 show?", []string{"figur", "1"}},
		{"What did the survey show?", []string{"survey", "show"}},
		{"What does a map of Paris show?", []string{"map", "pari", "show"}},
		{"What does table 2b show?", []string{"tabl", "2b"}},
	}
	for _, tt := range tests {
		if got := Analyze(tt.q).Terms(); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: got %q, want %q", tt.q, got, tt.want)
		}
	}
}

func TestWords(t *testing.T) {
	q := Analyze("How many U.S. troops did Biden send in 2021?")
	var capital, acronym, number []string
	for _, w := range q.Words {
		if w.Capital {
			capital = append(capital, w.Text)
		}
		if w.Acronym {
			acronym = append(acronym, w.Text)
		}
		if w.Number {
			number = append(number, w.Text)
		}
	}
	if !reflect.DeepEqual(capital, []string{"U.S", "Biden"}) || !reflect.DeepEqual(acronym, []string{"U.S"}) || !reflect.DeepEqual(number, []string{"2021"}) {
		t.Errorf("capital %q, acronym %q, number %q", capital, acronym, number)
	}
}

func TestCounted(t *testing.T) {
	tests := []struct {
		q    string
		want []string
	}{
		{"How many troops are based there?", []string{"troop"}},
		{"how many covid cases has south korea had", []string{"covid", "case"}},
		{"How many U.S. troops are in Korea?", []string{"us", "troop"}},
		{"How much does it cost?", nil},
		{"When did it start?", nil},
	}
	for _, tt := range tests {
		if got := Analyze(tt.q).Counted; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: got %q, want %q", tt.q, got, tt.want)
		}
	}
}

func TestSplit(t *testing.T) {
	tests := []struct {
		q    string
		want []string
	}{
		{"Who is the president and when is the next election?", []string{"Who is the president?", "When is the next election?"}},
		{"Who is the president? When is the election?", []string{"Who is the president?", "When is the election?"}},
		{"What is the difference between trade and security?", []string{"What is the difference between trade and security?"}},
		{"What was built in 1900 and is still standing?", []string{"What was built in 1900 and is still standing?"}},
		{"and when?", []string{"and when?"}},
	}
	for _, tt := range tests {
		if got := Split(tt.q); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: got %q, want %q", tt.q, got, tt.want)
		}
	}
}

func TestExpandChat(t *testing.T) {
	tests := []struct{ in, want string }{
		{"how many ppl r there", "how many people are there"},
		{"y did u go", "why did you go"},
		{"US troops in IT", "US troops in IT"}, // capitals are acronyms, not chat
		{"no chat here", "no chat here"},
		{"what does -r do", "what does -r do"}, // an option
		{"r u there", "are you there"},
	}
	for _, tt := range tests {
		if got := ExpandChat(tt.in); got != tt.want {
			t.Errorf("ExpandChat(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// A report's own word is no chat; one letter always is.
	uses := func(w string) bool { return w == "bc" || w == "r" }
	if got, want := expandChat("what is bc r u sure", uses), "what is bc are you sure"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	for _, line := range strings.Split(chatTable, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if f := strings.Fields(line); len(f) < 2 || f[0] != strings.ToLower(f[0]) {
			t.Errorf("chat.txt: bad line %q: want a lowercase short form and its words", line)
		}
	}
}

// FuzzAnalyze checks that any text is read without a panic and that
// splitting a question never loses its words.
func FuzzAnalyze(f *testing.F) {
	f.Add("Who is the president and when is the next election?")
	f.Add("¿Cuántos soldados? 주한미군 \x00 what's the report about")
	f.Fuzz(func(t *testing.T, text string) {
		Analyze(text)
		for _, part := range Split(text) {
			Analyze(part)
		}
	})
}

func TestShoutedQuestionsReadAsLowercase(t *testing.T) {
	loud, quiet := Analyze("HOW MANY US TROOPS ARE IN SOUTH KOREA?"), Analyze("how many us troops are in south korea?")
	if !reflect.DeepEqual(loud.Terms(), quiet.Terms()) || loud.Want != quiet.Want {
		t.Errorf("shouted: terms %q kind %v; lowercase: terms %q kind %v", loud.Terms(), loud.Want, quiet.Terms(), quiet.Want)
	}
	if q := Analyze("How many ROK troops are in the DMZ?"); !q.Words[2].Acronym {
		t.Errorf("ROK in a question in lowercase lost its capitals")
	}
}

func TestAsksCode(t *testing.T) {
	tests := []struct {
		q    string
		want bool
	}{
		{"How do I install godotenv?", true},
		{"how can i read the bug reporting instructions in emacs", true},
		{"How to enable corepack", true},
		{"what command enables corepack", true},
		{"Which configure flag enables IPv6?", true},
		{"Which option writes the statistics to a file?", true},
		{"What is the syntax of an address?", true},
		{"What do I run to upgrade yarn?", true},
		{"How is the proxy installed?", true},
		{"Who maintains Corepack?", false},
		{"What is Corepack?", false},
		{"is passing char** to a function that takes const char** a compiler bug?", false},
		{"How many troops are based in Korea?", false},
		{"How did China respond?", false},
		{"Why do C++ exceptions not work?", false},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			if got := Analyze(tt.q).AsksCode; got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDocumentFrameIsNoSearch(t *testing.T) {
	tests := []struct{ q, want string }{
		{"What does the report say about Japan?", "japan"},
		{"does this document mention THAAD", "thaad"},
		{"According to the report, how many troops are there?", "troop"},
		{"how many troops are there in the report", "troop"},
		{"what is this paper's main finding", "paper main find"},
		{"why was this document produced", "document produc"},
		{"What did the report recommend?", "report recommend"},
		{"Who wrote the Brundtland report?", "write brundtland report"},
	}
	for _, tt := range tests {
		if got := strings.Join(Analyze(tt.q).Terms(), " "); got != tt.want {
			t.Errorf("%q: terms %q, want %q", tt.q, got, tt.want)
		}
	}
}
