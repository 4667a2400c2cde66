package pdf

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func TestEngineStartsOnceAndIsSafeForConcurrentUse(t *testing.T) {
	data, err := os.ReadFile("../testdata/pdf/groff/rail.pdf")
	if err != nil {
		t.Fatal(err)
	}
	e := New(Options{CacheDir: filepath.Join(os.TempDir(), "reportbot-test-pdfium-cache")})
	if e.Starts() != 0 {
		t.Fatal("the engine started before its first Read")
	}
	var wg sync.WaitGroup
	docs := make([]*Document, 3)
	errs := make([]error, 3)
	for i := range docs {
		wg.Go(func() { docs[i], errs[i] = e.Read(context.Background(), data, Budget{}) })
	}
	wg.Wait()
	for i, d := range docs {
		if errs[i] != nil || len(d.Pages) != 2 || len(d.Pages[0].Chars) == 0 {
			t.Fatalf("read %d: got %v, %v; want two pages with text", i, d, errs[i])
		}
		if len(d.Pages[0].Chars) != len(docs[0].Pages[0].Chars) {
			t.Errorf("read %d: %d characters on page 1, read 0 had %d", i, len(d.Pages[0].Chars), len(docs[0].Pages[0].Chars))
		}
	}
	if got := e.Starts(); got != 1 {
		t.Errorf("got %d starts, want 1", got)
	}
	c := docs[0].Pages[0].Chars[0]
	if c.Size <= 0 || c.Font == "" || c.X1 <= c.X0 || c.Y1 <= c.Y0 || c.Baseline < c.Y0 || c.Baseline > c.Y1 {
		t.Errorf("first character %+v: want a box, a baseline inside it, a size and a font", c)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Read(context.Background(), data, Budget{}); err == nil {
		t.Error("Read after Close: got no error")
	}
}
