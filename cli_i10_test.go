package main

import (
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"reportbot/bot/discordtest"
	"reportbot/rag"
	"reportbot/rag/openaitest"
)

func TestKFlagIsCheckedLikeTopK(t *testing.T) {
	for _, k := range []string{"0", "21", "-1", "three"} {
		_, _, err := newCLI(t).run("", "ask", "-k", k, troops)
		want := `-k must be a whole number from 1 to 20, not "` + k + `"`
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("-k %s: got %v, want an error saying %q", k, err, want)
		}
	}
	c := newCLI(t)
	c.env["TOP_K"] = "0"
	if _, _, err := c.run("", "ask", troops); err == nil || !strings.Contains(err.Error(), `TOP_K (-k) must be a whole number from 1 to 20, not "0"`) {
		t.Errorf("TOP_K=0: got %v", err)
	}
	if out, _, err := c.run("", "ask", "-k", "2", "--json", troops); err != nil || !strings.Contains(out, "28,500") {
		t.Errorf("-k 2 over TOP_K=0: got %q, %v; want an answer", out, err)
	}
}

func TestVersion(t *testing.T) {
	want := "reportbot " + version() + "\n"
	for _, args := range [][]string{{"--version"}, {"version"}, {"-version"}} {
		out, _, err := newCLI(t).run("", args...)
		if err != nil || out != want {
			t.Errorf("%q: got %q, %v; want %q", args, out, err, want)
		}
	}
}

func TestEvalWithoutTheQuestionSet(t *testing.T) {
	_, _, err := newCLI(t).run("", "eval")
	if err == nil || !strings.Contains(err.Error(), "question set testdata/qa.jsonl not found") || !strings.Contains(err.Error(), "--qa FILE") ||
		strings.Contains(err.Error(), "no such file") {
		t.Errorf("got %v, want a message saying the set was not found and how to give one", err)
	}
}

func TestQuietByDefault(t *testing.T) {
	tests := []struct {
		args     []string
		level    string
		wantInfo bool
	}{
		{[]string{"ask", troops}, "", false},
		{[]string{"passages"}, "", false},
		{[]string{"ask", troops}, "info", true},
		{[]string{"index"}, "", true},
	}
	for _, tt := range tests {
		c := newCLI(t)
		delete(c.env, "LOG_LEVEL")
		if tt.level != "" {
			c.env["LOG_LEVEL"] = tt.level
		}
		_, errOut, err := c.run("", tt.args...)
		if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		if got := strings.Contains(errOut, "level=INFO"); got != tt.wantInfo {
			t.Errorf("%q with LOG_LEVEL=%q: info lines %v, want %v; stderr:\n%s", tt.args[0], tt.level, got, tt.wantInfo, errOut)
		}
	}
}

func TestMisspeltVariablesAreWarnedOf(t *testing.T) {
	c := newCLI(t)
	c.env["TOPK"] = "3"
	c.env["HOME"] = "/root"
	if err := os.WriteFile(".env", []byte("REPORTPATH=/nowhere.txt\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, err := c.run("", "ask", troops)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"TOPK (in the environment) is not a setting: did you mean TOP_K?", "REPORTPATH (in .env) is not a setting: did you mean REPORT_PATH?"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(errOut, "HOME") {
		t.Errorf("warned of HOME, which is nobody's misspelling:\n%s", errOut)
	}
}

func TestMalformedDotenvShowsNoSecret(t *testing.T) {
	for _, text := range []string{
		"LOG_LEVEL=info\nmy token is below\nOPENAI_API_KEY=sk-SECRETKEY123\n",
		"LOG_LEVEL=info\nDISCORD_TOKEN=\"MTIzSECRETKEY123\n",
	} {
		c := newCLI(t)
		if err := os.WriteFile(".env", []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		out, errOut, err := c.run("", "ask", troops)
		if err == nil || !strings.HasPrefix(err.Error(), ".env line 2: ") {
			t.Errorf("got %v, want an error naming .env line 2", err)
		}
		if all := out + errOut + err.Error(); strings.Contains(all, "SECRET") || strings.Contains(all, "MTIz") || strings.Contains(all, "token is below") {
			t.Errorf("the output shows the file's text: %q %q %v", out, errOut, err)
		}
	}
}

func TestURLPasswordsNeverShow(t *testing.T) {
	c := newCLI(t)
	c.env["OPENAI_BASE_URL"] = "ftp://user:sekrit@host/v1"
	_, errOut, err := c.run("", "ask", troops)
	if err == nil || !strings.Contains(err.Error(), "OPENAI_BASE_URL") || strings.Contains(err.Error()+errOut, "sekrit") {
		t.Errorf("ftp URL: got %v (stderr %q), want an OPENAI_BASE_URL error without the password", err, errOut)
	}

	// A server that cannot be reached: the note, and the logged error,
	// without the password.
	c = newCLI(t)
	c.env["OPENAI_BASE_URL"] = "http://user:sekrit@" + freeAddr(t) + "/v1"
	c.env["MODEL_MAX_RETRIES"] = "0"
	c.env["LOG_LEVEL"] = "debug"
	out, errOut, err := c.run("", "ask", troops)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "28,500") || !strings.Contains(errOut, "model answer failed") {
		t.Errorf("got %q, stderr %q; want the extractive answer and the failure logged", out, errOut)
	}
	if strings.Contains(out+errOut, "sekrit") {
		t.Errorf("the password shows:\n%s\n%s", out, errOut)
	}

	// Embeddings from that server: the index cannot be built, and the
	// error says so without the password.
	c.env["EMBEDDING_PROVIDER"] = "openai"
	_, errOut, err = c.run("", "index")
	if err == nil || strings.Contains(err.Error()+errOut, "sekrit") {
		t.Errorf("index: got %v (stderr %q), want an error without the password", err, errOut)
	}
}

func TestDataDirThatIsAFile(t *testing.T) {
	c := newCLI(t)
	file := filepath.Join(t.TempDir(), "passwd")
	if err := os.WriteFile(file, []byte("root:x:0:0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c.env["DATA_DIR"] = file
	_, errOut, err := c.run("", "ask", troops)
	if err == nil || !strings.Contains(err.Error(), "DATA_DIR must be a directory") || strings.Contains(errOut, "rebuilding") {
		t.Errorf("got %v (stderr %q), want a DATA_DIR error before any index is opened", err, errOut)
	}
}

func TestEmptyModelNameInTheEnvironment(t *testing.T) {
	c := newCLI(t)
	c.env["OPENAI_API_KEY"] = apiKey
	c.env["OPENAI_MODEL"] = ""
	_, _, err := c.run("", "ask", troops)
	if err == nil || !strings.Contains(err.Error(), "OPENAI_MODEL is set but empty") || strings.Contains(err.Error(), apiKey) {
		t.Errorf("got %v, want an error saying OPENAI_MODEL is empty", err)
	}
}

func TestRejectedModelKeyIsSaid(t *testing.T) {
	c := newCLI(t)
	srv := withModel(t, c, "local")
	srv.FailAlways(openaitest.ChatPath, openaitest.Fault{Status: 401, Body: `{"error":{"message":"Incorrect API key provided: ` + apiKey + `","type":"invalid_request_error"}}`})
	out, errOut, err := c.run("", "ask", troops)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "28,500") || !strings.Contains(out, "Note: "+rag.NoteModelKeyRejected) || strings.Contains(out, "OPENAI_API_KEY") {
		t.Errorf("got %q, want the extractive answer and a note that the model access is misconfigured", out)
	}
	if !strings.Contains(errOut, "check OPENAI_API_KEY") {
		t.Errorf("the log does not tell the operator what to check:\n%s", errOut)
	}
	if strings.Contains(out+errOut, apiKey) || !strings.Contains(errOut, "[redacted]") {
		t.Errorf("the key shows:\n%s\n%s", out, errOut)
	}
}

// TestServeStopsWhileConnecting cancels serve while it waits on a Discord
// API that accepts connections and never answers.
func TestServeStopsWhileConnecting(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 4)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- c
		}
	}()
	c := newCLI(t)
	c.env["DISCORD_TOKEN"] = discordtest.Token
	c.env["DISCORD_API_URL"] = "http://" + ln.Addr().String() + "/api/v9"
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, func(k string) string { return c.env[k] }, c.environ, strings.NewReader(""), io.Discard, io.Discard)
	}()
	select {
	case conn := <-accepted:
		defer conn.Close()
	case err := <-done:
		t.Fatalf("serve returned before connecting: %v", err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: got %v, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not return within 5 s of the cancel")
	}
}

func TestServeNamesTheAPIURLItUsed(t *testing.T) {
	c := newCLI(t)
	c.env["DISCORD_TOKEN"] = discordtest.Token
	addr := freeAddr(t)
	c.env["DISCORD_API_URL"] = "http://" + addr + "/api/v9"
	_, _, err := c.run("", "serve")
	if err == nil || !strings.Contains(err.Error(), `"http://`+addr+`/api/v9/gateway"`) || strings.Contains(err.Error(), "discord.com") {
		t.Errorf("got %v, want the error to name http://%s/api/v9/gateway", err, addr)
	}
}

// TestReadmeExampleIsWhatAUserSees runs the README's first example as a
// user would (no LOG_LEVEL) and compares everything printed, stderr too.
func TestReadmeExampleIsWhatAUserSees(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	const prompt = "$ go run . ask \"" + troops + "\"\n"
	_, block, ok := strings.Cut(string(readme), "```\n"+prompt)
	if !ok {
		t.Fatalf("README.md has no example starting %q", prompt)
	}
	want, _, _ := strings.Cut(block, "```")
	c := newCLI(t)
	delete(c.env, "LOG_LEVEL")
	out, errOut, err := c.run("", "ask", troops)
	if err != nil {
		t.Fatal(err)
	}
	if got := errOut + out; got != want {
		t.Errorf("got %q, the README shows %q", got, want)
	}
}

func TestEndpointInTheBaseURLIsCutOff(t *testing.T) {
	c := newCLI(t)
	srv := withModel(t, c, "openai")
	c.env["OPENAI_BASE_URL"] = srv.URL + "/chat/completions"
	srv.Reply = func(openaitest.Request) string { return "About 28,500 U.S. troops are based in South Korea [1]." }
	out, errOut, err := c.run("", "ask", troops)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "About 28,500") || len(srv.Requests(openaitest.ChatPath)) != 1 {
		t.Errorf("got %q, want the model's answer", out)
	}
	if !strings.Contains(errOut, "OPENAI_BASE_URL ends in /chat/completions") {
		t.Errorf("want a warning in the log, got:\n%s", errOut)
	}
}
