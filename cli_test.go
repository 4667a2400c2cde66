package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"reportbot/bot/discordtest"
	"reportbot/reports"
)

// cli runs the command line in a scratch working directory (so no stray
// .env is read) with env as the whole environment; DATA_DIR defaults to a
// fresh temporary directory.
type cli struct {
	t   *testing.T
	env map[string]string
}

func newCLI(t *testing.T) *cli {
	t.Helper()
	t.Chdir(t.TempDir())
	return &cli{t: t, env: map[string]string{"DATA_DIR": filepath.Join(t.TempDir(), "data"), "LOG_LEVEL": "warn"}}
}

func (c *cli) run(stdin string, args ...string) (stdout, stderr string, err error) {
	c.t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, func(k string) string { return c.env[k] }, c.environ, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

// environ lists the environment as os.Environ does.
func (c *cli) environ() []string {
	var kv []string
	for k, v := range c.env {
		kv = append(kv, k+"="+v)
	}
	return kv
}

const troops = "How many U.S. troops are based in South Korea?"

func TestAskPrintsCitedAnswer(t *testing.T) {
	out, _, err := newCLI(t).run("", "ask", troops)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "28,500") || !strings.Contains(out, "[1]") || !strings.Contains(out, "\n[1] Overview · page 1 · South Korea: Background and U.S. Relations\n") {
		t.Errorf("got %q, want the answer with 28,500, [1] and its source", out)
	}
}

func TestAskWordsWithoutQuotesAndFlagsAfter(t *testing.T) {
	out, _, err := newCLI(t).run("", "ask", "How", "many", "U.S.", "troops", "are", "in", "South", "Korea?", "--json", "-k", "3")
	if err != nil {
		t.Fatal(err)
	}
	var ans map[string]any
	if err := json.Unmarshal([]byte(out), &ans); err != nil {
		t.Fatalf("not JSON: %v: %q", err, out)
	}
	if ans["question"] != "How many U.S. troops are in South Korea?" || len(ans["passages"].([]any)) != 3 {
		t.Errorf("got %v", ans)
	}
}

func keys(m map[string]any) []string {
	var k []string
	for key := range m {
		k = append(k, key)
	}
	sort.Strings(k)
	return k
}

func TestAskJSONContract(t *testing.T) {
	out, _, err := newCLI(t).run("", "ask", "--json", troops)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(out, "\n") != 1 {
		t.Errorf("want exactly one line of JSON, got %q", out)
	}
	var ans map[string]any
	if err := json.Unmarshal([]byte(out), &ans); err != nil {
		t.Fatal(err)
	}
	if got, want := keys(ans), []string{"answer", "answered", "citations", "mode", "passages", "question"}; !reflect.DeepEqual(got, want) {
		t.Errorf("answer keys: got %q, want %q", got, want)
	}
	if ans["answered"] != true || ans["mode"] != "extractive" || ans["question"] != troops || !strings.Contains(ans["answer"].(string), "28,500 U.S. troops") {
		t.Errorf("got %v", ans)
	}
	cites := ans["citations"].([]any)
	if len(cites) == 0 {
		t.Fatal("no citations")
	}
	c := cites[0].(map[string]any)
	if got, want := keys(c), []string{"id", "n", "page", "report", "section", "text"}; !reflect.DeepEqual(got, want) {
		t.Errorf("citation keys: got %q, want %q", got, want)
	}
	if c["n"] != 1.0 || c["report"] != "South Korea: Background and U.S. Relations" || c["section"] != "Overview" || c["page"] != 1.0 || c["id"] == "" {
		t.Errorf("citation: got %v", c)
	}
	passages := ans["passages"].([]any)
	if len(passages) != 5 {
		t.Errorf("got %d passages, want 5", len(passages))
	}
	p := passages[0].(map[string]any)
	if got, want := keys(p), []string{"id", "page", "report", "score", "section", "text"}; !reflect.DeepEqual(got, want) {
		t.Errorf("passage keys: got %q, want %q", got, want)
	}
}

func TestAskRefusal(t *testing.T) {
	out, _, err := newCLI(t).run("", "ask", "--json", "What is kimchi made of?")
	if err != nil {
		t.Fatal(err)
	}
	var ans struct {
		Answer    string
		Answered  bool
		Citations []any
	}
	if err := json.Unmarshal([]byte(out), &ans); err != nil {
		t.Fatal(err)
	}
	if ans.Answered || !strings.HasPrefix(ans.Answer, "The report doesn't answer “What is kimchi made of”: it never mentions “kimchi”.") || ans.Citations == nil || len(ans.Citations) != 0 {
		t.Errorf("got %+v, want a plain refusal", ans)
	}
}

func TestAskFromStdin(t *testing.T) {
	c := newCLI(t)
	out, _, err := c.run(troops+"\n\n   \nWhat is kimchi made of?\n", "ask", "--json", "-")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want 2: %q", len(lines), out)
	}
	var first, second map[string]any
	json.Unmarshal([]byte(lines[0]), &first)
	json.Unmarshal([]byte(lines[1]), &second)
	if first["answered"] != true || second["answered"] != false {
		t.Errorf("got %v and %v", first, second)
	}

	out, errOut, err := c.run(troops+"\n"+strings.Repeat("x", 1200)+"\nWhen was Moon elected?\n", "ask", "-")
	if err == nil || !strings.Contains(errOut, "line 2: The question is 1200 characters long") {
		t.Errorf("got %v, %q: want line 2 reported and a failing exit", err, errOut)
	}
	if strings.Count(out, "> ") != 2 || !strings.Contains(out, "28,500") {
		t.Errorf("the other questions were not answered: %q", out)
	}
}

func TestPassagesAreStableJSONLines(t *testing.T) {
	c := newCLI(t)
	first, _, err := c.run("", "passages")
	if err != nil {
		t.Fatal(err)
	}
	c.env["DATA_DIR"] = filepath.Join(t.TempDir(), "other")
	second, _, err := c.run("", "passages")
	if err != nil {
		t.Fatal(err)
	}
	if first != second {
		t.Error("passages differ between runs")
	}
	lines := strings.Split(strings.TrimSpace(first), "\n")
	if len(lines) < 10 {
		t.Fatalf("only %d passages", len(lines))
	}
	for _, l := range lines {
		var p map[string]any
		if err := json.Unmarshal([]byte(l), &p); err != nil {
			t.Fatalf("not JSON: %q", l)
		}
		if got, want := keys(p), []string{"id", "page", "report", "section", "text"}; !reflect.DeepEqual(got, want) {
			t.Fatalf("keys: got %q, want %q", got, want)
		}
		if p["id"] == "" || p["section"] == "" || p["text"] == "" || p["page"].(float64) < 1 {
			t.Errorf("incomplete passage %v", p)
		}
	}
}

func TestIndexIsReused(t *testing.T) {
	c := newCLI(t)
	out, _, err := c.run("", "index")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "built index ") || !strings.Contains(out, "passages from 1 report") {
		t.Errorf("first index: got %q", out)
	}
	out, _, err = c.run("", "index")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "reused index ") {
		t.Errorf("second index: got %q, want the file reused", out)
	}
}

func TestReportFlag(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("# Fruit Facts\n\n## Apples\n\nApples grow on trees in orchards.\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte("Bread Notes\n\nBread is baked in ovens at high heat.\n"), 0o644)
	out, _, err := c.run("", "ask", "--json", "--report", dir, "where do apples grow?")
	if err != nil {
		t.Fatal(err)
	}
	var ans struct {
		Answer    string
		Citations []struct{ Report, Section string }
	}
	json.Unmarshal([]byte(out), &ans)
	if !strings.Contains(ans.Answer, "orchards") || len(ans.Citations) != 1 || ans.Citations[0].Report != "Fruit Facts" || ans.Citations[0].Section != "Apples" {
		t.Errorf("got %+v, want the apples passage of Fruit Facts", ans)
	}
	c.env["REPORT_PATH"] = filepath.Join(dir, "b.txt")
	out, _, err = c.run("", "passages")
	if err != nil || !strings.Contains(out, `"report":"Bread Notes"`) || strings.Contains(out, "Apples") {
		t.Errorf("REPORT_PATH: got %q, %v", out, err)
	}
}

// writeReports writes files (name -> content) to a new folder and returns it.
func writeReports(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestFolderWithUnusableFiles reads a folder with a good report, an empty
// file, a file of another format, a report with no text and one in
// Windows-1252: every command serves what can be used and warns on stderr
// about each of the rest, also when the index is reused.
func TestFolderWithUnusableFiles(t *testing.T) {
	dir := writeReports(t, map[string]string{
		"bread.txt":  "Bread Notes\n\nBread is baked in ovens at high heat.\n",
		"empty.txt":  "",
		"notes.docx": "PK\x03\x04",
		"links.md":   "![logo](logo.png)\n\n[![build](https://a.example/badge.svg)](https://a.example)\n",
		"cafe.txt":   "Caf\xe9 Notes\n\nThe caf\xe9 serves coffee \x93all day\x94.\n",
	})
	warnings := []string{
		"reportbot: warning: cafe.txt: not UTF-8: read as Windows-1252 (Latin-1)",
		"reportbot: warning: skipped empty.txt: file is empty",
		"reportbot: warning: skipped notes.docx: .docx files are not read (reportbot reads .txt, .md, .markdown, .html, .htm, .pdf)",
		"reportbot: warning: skipped links.md: no text to index",
	}
	c := newCLI(t)
	c.env["REPORT_PATH"] = dir
	tests := []struct {
		name string
		args []string
		want string // on stdout
	}{
		{"index", []string{"index"}, "built index"},
		{"index reused", []string{"index"}, "reused index"},
		{"ask", []string{"ask", "where is bread baked?"}, "ovens"},
		{"passages", []string{"passages"}, `"report":"Café Notes"`},
		{"passages text", []string{"passages", "--text"}, "The café serves coffee “all day”."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, stderr, err := c.run("", tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("stdout: got %q, want %q in it", out, tt.want)
			}
			for _, w := range warnings {
				if !strings.Contains(stderr, w+"\n") {
					t.Errorf("stderr: got %q, want %q in it", stderr, w)
				}
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	empty := t.TempDir()
	unusable := writeReports(t, map[string]string{"blank.txt": " \n", "notes.docx": "PK"})
	notext := writeReports(t, map[string]string{"numbers.txt": "1\n\n2\n\f\n3\n"})
	tests := []struct {
		name  string
		args  []string
		usage bool
		want  string
	}{
		{"no command", nil, true, "no command"},
		{"unknown command", []string{"serve-me"}, true, `unknown command "serve-me"`},
		{"unknown flag", []string{"ask", "--nope", "q"}, true, "flag provided but not defined: -nope"},
		{"no question", []string{"ask"}, true, "ask needs a question"},
		{"empty question", []string{"ask", ""}, false, "The question is empty"},
		{"blank question", []string{"ask", "   \t "}, false, "The question is empty"},
		{"long question", []string{"ask", strings.Repeat("troops ", 1429)}, false, "10002 characters long; the limit is 1000"},
		{"binary junk", []string{"ask", "\x00\x9f\x92\x96\xff\xfe"}, false, "doesn't look like text"},
		{"missing report", []string{"ask", "--report", "/no/such/report.txt", "why?"}, false, `report path "/no/such/report.txt" does not exist`},
		{"no reports in dir", []string{"ask", "--report", empty, "why?"}, false, "no usable reports found (reportbot reads .txt, .md"},
		{"nothing usable in dir", []string{"ask", "--report", unusable, "why?"}, false, "no usable reports found: skipped blank.txt: file is empty; skipped notes.docx: .docx files are not read"},
		{"no text in any report", []string{"ask", "--report", notext, "why?"}, false, "no usable reports found: skipped numbers.txt: no text to index"},
		{"bad k", []string{"ask", "-k", "99", "why?"}, false, `-k must be a whole number from 1 to 20, not "99"`},
		{"passages args", []string{"passages", "extra"}, true, "passages takes no arguments"},
		{"missing qa", []string{"eval", "--qa", "/no/qa.jsonl"}, false, "question set /no/qa.jsonl not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := newCLI(t).run("", tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error saying %q", err, tt.want)
			}
			var ue *usageError
			if errors.As(err, &ue) != tt.usage {
				t.Errorf("usage error: got %v, want %v", !tt.usage, tt.usage)
			}
		})
	}
}

func TestConfigErrorsAreListed(t *testing.T) {
	c := newCLI(t)
	c.env["TOP_K"] = "zero"
	c.env["LOG_FORMAT"] = "yaml"
	_, _, err := c.run("", "ask", troops)
	if err == nil || !strings.Contains(err.Error(), "TOP_K") || !strings.Contains(err.Error(), "LOG_FORMAT") {
		t.Errorf("got %v, want both TOP_K and LOG_FORMAT named", err)
	}
}

func TestDotenvDoesNotOverrideEnvironment(t *testing.T) {
	c := newCLI(t)
	os.WriteFile(".env", []byte("TOP_K=2\nLOG_LEVEL=warn\n"), 0o600)
	out, _, err := c.run("", "ask", "--json", troops)
	if err != nil {
		t.Fatal(err)
	}
	var ans struct{ Passages []any }
	json.Unmarshal([]byte(out), &ans)
	if len(ans.Passages) != 2 {
		t.Errorf("TOP_K from .env: got %d passages, want 2", len(ans.Passages))
	}
	c.env["TOP_K"] = "4"
	out, _, _ = c.run("", "ask", "--json", troops)
	json.Unmarshal([]byte(out), &ans)
	if len(ans.Passages) != 4 {
		t.Errorf("TOP_K from the environment: got %d passages, want 4", len(ans.Passages))
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"ask", "--help"}, {"passages", "-h"}, {"index", "--help"}, {"eval", "--help"}} {
		out, _, err := newCLI(t).run("", args...)
		if err != nil || !strings.Contains(out, "Usage") {
			t.Errorf("%q: got %q, %v; want usage on stdout", args, out, err)
		}
	}
}

func TestEval(t *testing.T) {
	qa, err := filepath.Abs("testdata/qa.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := newCLI(t).run("", "eval", "--qa", qa, "--misses")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"hit@1", "hit@3", "hit@5", "overall", "split dev", "split test", "type number", "misses:"} {
		if !strings.Contains(out, want) {
			t.Errorf("eval output lacks %q:\n%s", want, out)
		}
	}
}

// TestEvalDocsInTheirFormats: a multi-document set's documents are read
// in their own formats (docs/<doc>.md as Markdown), not only as .txt.
func TestEvalDocsInTheirFormats(t *testing.T) {
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	if err := os.Mkdir(docs, 0o755); err != nil {
		t.Fatal(err)
	}
	md := "# Tide Notes\n\n## Ports\n\nThe [harbour office](https://example.org/office) publishes the tables for **Northhaven**.\n"
	if err := os.WriteFile(filepath.Join(docs, "tides.md"), []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	qa := filepath.Join(dir, "qa.jsonl")
	set := `{"id": "q1", "doc": "tides", "q": "Who publishes the tables for Northhaven?", "answers": ["The harbour office publishes"]}` + "\n"
	if err := os.WriteFile(qa, []byte(set), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := newCLI(t).run("", "eval", "--qa", qa)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`overall\s+1\s+0\s+0 \| 1\.000`).MatchString(out) {
		t.Errorf("want the Markdown document read and its question answered, got:\n%s", out)
	}
}

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// built compiles reportbot once for the tests that run it as a process.
func built(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "reportbot-bin")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "reportbot")
		out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
		if err != nil {
			buildErr = errors.New(string(out))
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

// TestExitCodes runs the real binary: answers exit 0, bad input 1 with a
// message on stderr, command-line mistakes 2; never a panic.
func TestExitCodes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := built(t)
	tests := []struct {
		args []string
		code int
	}{
		{[]string{"ask", troops}, 0},
		{[]string{"ask", "What is the population of South Korea?"}, 0},
		{[]string{"ask", "  "}, 1},
		{[]string{"ask", "\x01\x02\xff"}, 1},
		{[]string{"ask", "--report", "/missing", "q"}, 1},
		{[]string{"frobnicate"}, 2},
		{[]string{"ask", "--bogus", "q"}, 2},
		{[]string{"ask", "--help"}, 0},
	}
	for _, tt := range tests {
		cmd := exec.Command(bin, tt.args...)
		cmd.Dir = t.TempDir()
		cmd.Env = []string{"DATA_DIR=" + filepath.Join(t.TempDir(), "data")}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tt.code {
			t.Errorf("%.40q: exit %d, want %d (stderr %q)", tt.args, code, tt.code, stderr.String())
		}
		if code != 0 && !strings.Contains(stderr.String(), "reportbot: ") {
			t.Errorf("%.40q: no message on stderr", tt.args)
		}
		if strings.Contains(stderr.String(), "panic") || strings.Contains(stderr.String(), "goroutine") {
			t.Errorf("%.40q: panicked: %s", tt.args, stderr.String())
		}
	}
}

// TestServe runs the real serve wiring (config, index, bot) against a fake
// Discord reached through DISCORD_API_URL.
func TestServe(t *testing.T) {
	fake := discordtest.New(t)
	c := newCLI(t)
	c.env["DISCORD_TOKEN"] = discordtest.Token
	c.env["DISCORD_API_URL"] = fake.URL
	c.env["DISCORD_GUILD_ID"] = "800000000000000001"
	c.env["LOG_LEVEL"] = "info"
	metricsAddr := freeAddr(t)
	c.env["METRICS_ADDR"] = metricsAddr
	bundled, err := reports.FS.ReadFile("IF10165-south-korea-background-and-us-relations.txt")
	if err != nil {
		t.Fatal(err)
	}
	c.env["REPORT_PATH"] = writeReports(t, map[string]string{"korea.txt": string(bundled), "empty.txt": "", "notes.docx": "PK"})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var stderr bytes.Buffer
	go func() {
		done <- run(ctx, []string{"serve"}, func(k string) string { return c.env[k] }, c.environ, strings.NewReader(""), io.Discard, &stderr)
	}()
	fake.WaitReady(1)
	reg, _ := fake.WaitRequest(0, func(r discordtest.Request) bool { return r.Method == "PUT" })
	if reg.Path != "/applications/"+discordtest.AppID+"/guilds/800000000000000001/commands" {
		t.Errorf("commands registered at %s, want the guild", reg.Path)
	}
	var cmds []struct {
		Name    string
		Type    int
		Options []struct{ Name string }
	}
	reg.JSON(&cmds)
	got := map[string]string{}
	for _, c := range cmds {
		var opts []string
		for _, o := range c.Options {
			opts = append(opts, o.Name)
		}
		got[c.Name] = fmt.Sprint(c.Type, opts)
	}
	want := map[string]string{"ask": "1 [question private]", "help": "1 []", "about": "1 []", "Ask the report": "3 []"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("commands: got %v, want %v", got, want)
	}
	q, _ := fake.Post(discordtest.User{ID: "700000000000000001", Name: "alice"}, "800000000000000001", "800000000000000002",
		"<@"+discordtest.BotID+"> "+troops, "")
	r, _ := fake.WaitRequest(0, func(r discordtest.Request) bool {
		return r.Method == "POST" && strings.Contains(string(r.Body), `"message_id":"`+q.ID+`"`)
	})
	if !strings.Contains(string(r.Body), "28,500") {
		t.Errorf("answer: got %s", r.Body)
	}
	code, body := get(t, "http://"+metricsAddr+"/healthz")
	if code != 200 || !strings.Contains(body, `"status":"ok"`) || !strings.Contains(body, `"gateway":"connected"`) || !strings.Contains(body, `"loaded":true`) {
		t.Errorf("/healthz: %d %s", code, body)
	}
	code, body = get(t, "http://"+metricsAddr+"/metrics")
	for _, want := range []string{
		`reportbot_questions_total{via="message"} 1`,
		`reportbot_answers_total{mode="extractive",outcome="answered"} 1`,
		`reportbot_answer_latency_seconds_count 1`,
		`reportbot_gateway_connected 1`,
		`reportbot_rate_limited_total 0`,
		"go_goroutines",
	} {
		if code != 200 || !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q (status %d)", want, code)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve: %v", err)
	}
	if log := stderr.String(); !strings.Contains(log, "discord bot ready") || !strings.Contains(log, "scope=bot+applications.commands") ||
		strings.Contains(log, discordtest.Token) {
		t.Errorf("log: want the ready line with the invite URL and no token:\n%s", log)
	}
	for _, file := range []string{"empty.txt", "notes.docx"} {
		if log := stderr.String(); !strings.Contains(log, `msg="report skipped" file=`+file+" reason=") {
			t.Errorf("log: want a line saying %s was skipped and why:\n%s", file, log)
		}
	}
}

// freeAddr returns a loopback address with a port that was free a moment
// ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServeNeedsAToken(t *testing.T) {
	fake := discordtest.New(t)
	for _, token := range []string{"", "not a token"} {
		c := newCLI(t)
		c.env["DISCORD_TOKEN"] = token
		c.env["DISCORD_API_URL"] = fake.URL
		_, _, err := c.run("", "serve")
		if err == nil || !strings.Contains(err.Error(), "DISCORD_TOKEN") || (token != "" && strings.Contains(err.Error(), token)) {
			t.Errorf("token %q: got %v, want a DISCORD_TOKEN error that does not echo it", token, err)
		}
	}
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("%d requests reached Discord before the config was checked", n)
	}
}

func TestPassagesText(t *testing.T) {
	out, _, err := newCLI(t).run("", "passages", "--text")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# South Korea: Background and U.S. Relations (May 18, 2021)\n", "\n[page 1]\n## Overview\nSouth Korea (officially",
		"## Disclaimer", "[caption] Figure 1."} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	if strings.Contains(out, "crsreports.congress.gov") {
		t.Error("the text holds the page footer")
	}
}

func TestSecretsFileIsIgnoredByGit(t *testing.T) {
	data, err := os.ReadFile(".gitignore") // the test runs in the repository root
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == ".env" {
			return
		}
	}
	t.Errorf(".gitignore does not ignore .env, where secrets live")
}

// pdfCLI is a command line whose PDF engine keeps its compiled code in the
// cache the tests share, so that only the first test binary compiles it.
func pdfCLI(t *testing.T) *cli {
	c := newCLI(t)
	c.env["PDF_CACHE_DIR"] = filepath.Join(os.TempDir(), "reportbot-test-pdfium-cache")
	return c
}

func TestAskAboutAPDF(t *testing.T) {
	wd, _ := os.Getwd()
	report := filepath.Join(wd, "rag/ingest/testdata/pdf/libreoffice/rail.pdf")
	out, _, err := pdfCLI(t).run("", "ask", "--report", report, "How close together can metro trains run?")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "ninety seconds") || !strings.Contains(out, "· page 1 · Railway Signalling Modernisation") {
		t.Errorf("got %q, want the answer from page 1 of the PDF", out)
	}
}

func TestBadPDFGivesOneLine(t *testing.T) {
	wd, _ := os.Getwd()
	dir := t.TempDir()
	notPDF := filepath.Join(dir, "notes.pdf")
	os.WriteFile(notPDF, []byte("just text\n"), 0o644)
	for path, want := range map[string]string{
		filepath.Join(wd, "rag/ingest/testdata/pdf/bad/aes256.pdf"): "aes256.pdf: the PDF is encrypted",
		notPDF: "notes.pdf: the file is not a PDF",
	} {
		_, _, err := pdfCLI(t).run("", "ask", "--report", path, "why?")
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: got %v, want one line saying %q", filepath.Base(path), err, want)
		}
	}
}
