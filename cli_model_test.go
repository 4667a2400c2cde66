package main

import (
	"encoding/json"
	"strings"
	"testing"

	"reportbot/rag/openaitest"
)

const apiKey = "sk-cli-test-0123456789-SECRET"

// withModel points the command line at a fake OpenAI-compatible server.
func withModel(t *testing.T, c *cli, embeddings string) *openaitest.Server {
	t.Helper()
	srv := openaitest.New(t, apiKey)
	c.env["OPENAI_API_KEY"] = apiKey
	c.env["OPENAI_BASE_URL"] = srv.URL
	c.env["OPENAI_MODEL"] = "test-chat"
	c.env["EMBEDDING_PROVIDER"] = embeddings
	c.env["EMBEDDING_MODEL"] = "test-embed"
	c.env["LOG_LEVEL"] = "debug"
	return srv
}

func TestAskWithAModel(t *testing.T) {
	c := newCLI(t)
	srv := withModel(t, c, "openai")
	srv.Reply = func(openaitest.Request) string { return "About 28,500 U.S. troops are based in South Korea [1][9]." }
	srv.Piece = 4
	out, errOut, err := c.run("", "ask", troops)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "About 28,500 U.S. troops are based in South Korea [1].\n\n[1] ") {
		t.Errorf("got %q, want the model's answer, its invalid marker removed, then its source", out)
	}
	if strings.Contains(out+errOut, apiKey) {
		t.Errorf("the API key reached the output")
	}

	srv.Reset()
	out, _, err = c.run("", "ask", "--json", troops)
	if err != nil {
		t.Fatal(err)
	}
	var ans struct {
		Mode      string `json:"mode"`
		Answer    string `json:"answer"`
		Citations []struct {
			N int `json:"n"`
		} `json:"citations"`
	}
	if err := json.Unmarshal([]byte(out), &ans); err != nil || ans.Mode != "generative" || len(ans.Citations) != 1 {
		t.Errorf("got %q (%v), want a generative JSON answer citing one passage", out, err)
	}
	// The index was embedded by the first run; the question was asked before.
	if e, ch := len(srv.Requests(openaitest.EmbeddingsPath)), len(srv.Requests(openaitest.ChatPath)); e != 1 || ch != 1 {
		t.Errorf("second run: %d embeddings and %d chat requests, want 1 (the question, in a new process) and 1", e, ch)
	}
}

func TestAskFallsBackWhenTheModelFails(t *testing.T) {
	c := newCLI(t)
	srv := withModel(t, c, "local")
	c.env["MODEL_MAX_RETRIES"] = "1"
	srv.FailAlways(openaitest.ChatPath, openaitest.Fault{Status: 503})
	out, errOut, err := c.run("", "ask", troops)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "28,500") || !strings.Contains(out, "Note: The language model could not answer just now") {
		t.Errorf("got %q, want the extractive answer and the note", out)
	}
	if !strings.Contains(errOut, "retrying") || strings.Contains(out+errOut, apiKey) {
		t.Errorf("want the retry logged without the key; stderr:\n%s", errOut)
	}
	if n := len(srv.Requests(openaitest.EmbeddingsPath)); n != 0 {
		t.Errorf("local embeddings made %d embeddings requests", n)
	}
}
