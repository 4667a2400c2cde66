package rag

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	chromem "github.com/philippgille/chromem-go"

	"reportbot/rag/ingest"
)

// IndexFileName is the name of the persisted index in the data directory.
const IndexFileName = "index.rbx"

// fileMagic opens every index file.
const fileMagic = "reportbot index\n"

var (
	errNoFile = errors.New("no index file yet")
	errStale  = errors.New("index file is for other reports, pipeline or model")
)

// fileHeader is the readable head of the index file. It says what the index
// was built from, so a stale file is recognised without decoding the rest,
// and carries the checksum of the payload that follows it: a chromem-go
// database export (gob, gzip) whose collection holds the passages and their
// vectors.
type fileHeader struct {
	Format      string           `json:"format"`
	Fingerprint string           `json:"fingerprint"`
	Model       string           `json:"model"`
	Reports     []ingest.Report  `json:"reports"`
	Skipped     []ingest.Warning `json:"skipped,omitempty"` // reports that could not be parsed
	Order       []string         `json:"order"`             // passage IDs in report order
	PayloadSize int64            `json:"payload_size"`
	PayloadHash string           `json:"payload_sha256"`
	// The analysis follows the vectors: the passages and what reading them
	// made (gob), so that a start from this file reads nothing again.
	AnalysisSize int64  `json:"analysis_size"`
	AnalysisHash string `json:"analysis_sha256"`
}

// savedPassages is the analysis payload.
type savedPassages struct {
	Passages []ingest.Passage
	Analysis analysis
}

// store reads and writes the index file.
type store struct{ dir string }

func newStore(dir string) store { return store{dir: dir} }

func (s store) enabled() bool { return s.dir != "" }

func (s store) path() string {
	if s.dir == "" {
		return ""
	}
	return filepath.Join(s.dir, IndexFileName)
}

// load reads the index file. It returns errNoFile or errStale (wrapped) when
// the file is missing or for another fingerprint, and another error when it
// is unreadable, truncated or corrupt. It never panics on a bad file. A
// stale file made with the same embedding model still gives its vectors,
// keyed by vectorKey of the text embedded, so that a rebuild embeds only
// what changed.
func (s store) load(ctx context.Context, fingerprint string, emb Embedder) (*Index, map[string][]float32, error) {
	h, coll, db, saved, err := s.read()
	if err != nil {
		return nil, nil, err
	}
	if h.Model != emb.Model() {
		return nil, nil, fmt.Errorf("%w (file %s, want %s)", errStale, h.Fingerprint, fingerprint)
	}
	if h.Fingerprint != fingerprint {
		vectors := make(map[string][]float32, len(saved.Passages))
		for _, p := range saved.Passages {
			doc, err := coll.GetByID(ctx, p.ID)
			if err != nil || len(doc.Embedding) == 0 {
				return nil, nil, fmt.Errorf("decode index: passage %s has no vector", p.ID)
			}
			vectors[vectorKey(embeddingText(p))] = doc.Embedding
		}
		return nil, vectors, fmt.Errorf("%w (file %s, want %s)", errStale, h.Fingerprint, fingerprint)
	}
	// gob gives each passage its own copy of its report's title and its
	// section's: share them.
	names := map[string]string{}
	intern := func(s string) string {
		if v, ok := names[s]; ok {
			return v
		}
		names[s] = s
		return s
	}
	for i := range saved.Passages {
		p := &saved.Passages[i]
		p.Report, p.Section = intern(p.Report), intern(p.Section)
	}
	idx, err := newIndex(h.Reports, saved.Passages, db, coll, emb, &saved.Analysis)
	if err != nil {
		return nil, nil, err
	}
	idx.fingerprint = fingerprint
	idx.skipped = h.Skipped
	return idx, nil, nil
}

// vectorKey identifies the vector of a text, among the vectors of one
// embedding model.
func vectorKey(text string) string {
	sum := sha256.Sum256([]byte(text))
	return string(sum[:])
}

// read reads and checks the index file, whatever its fingerprint.
func (s store) read() (h fileHeader, coll *chromem.Collection, db *chromem.DB, saved savedPassages, err error) {
	h, coll, db, saved, err = s.readFile()
	if err == nil && len(saved.Passages) != len(h.Order) {
		err = errors.New("decode index: passages missing")
	}
	return h, coll, db, saved, err
}

// readFile reads and checks the index file's parts.
func (s store) readFile() (h fileHeader, coll *chromem.Collection, db *chromem.DB, saved savedPassages, err error) {
	f, err := os.Open(s.path())
	if errors.Is(err, fs.ErrNotExist) {
		return h, nil, nil, saved, errNoFile
	}
	if err != nil {
		return h, nil, nil, saved, fmt.Errorf("open index: %w", err)
	}
	defer f.Close()
	defer func() {
		// gob promises errors, not panics, on bad input; a corrupt index
		// must cost a rebuild, never the process, so make sure.
		if r := recover(); r != nil {
			coll, db, err = nil, nil, fmt.Errorf("decode index: %v", r)
		}
	}()
	r := bufio.NewReader(f)
	magic := make([]byte, len(fileMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != fileMagic {
		return h, nil, nil, saved, errors.New("decode index: not an index file")
	}
	var size uint32
	if err := binary.Read(r, binary.BigEndian, &size); err != nil || size > maxHeader {
		return h, nil, nil, saved, errors.New("decode index: bad header size")
	}
	head := make([]byte, size)
	if _, err := io.ReadFull(r, head); err != nil {
		return h, nil, nil, saved, fmt.Errorf("decode index header: %w", err)
	}
	if err := json.Unmarshal(head, &h); err != nil {
		return h, nil, nil, saved, fmt.Errorf("decode index header: %w", err)
	}
	if h.Format != formatVersion {
		return h, nil, nil, saved, fmt.Errorf("%w (format %s)", errStale, h.Format)
	}
	payload, err := readPart(r, h.PayloadSize, h.PayloadHash)
	if err != nil {
		return h, nil, nil, saved, err
	}
	an, err := readPart(r, h.AnalysisSize, h.AnalysisHash)
	if err != nil {
		return h, nil, nil, saved, err
	}
	if extra, _ := r.Read(make([]byte, 1)); extra != 0 {
		return h, nil, nil, saved, errors.New("decode index: trailing bytes")
	}
	if err := gob.NewDecoder(bytes.NewReader(an)).Decode(&saved); err != nil {
		return h, nil, nil, saved, fmt.Errorf("decode index analysis: %w", err)
	}
	db = chromem.NewDB()
	if err := db.ImportFromReader(bytes.NewReader(payload), ""); err != nil {
		return h, nil, nil, saved, fmt.Errorf("decode index: %w", err)
	}
	coll = db.GetCollection(collectionName, noEmbedding)
	if coll == nil || coll.Count() != len(h.Order) {
		return h, nil, nil, saved, errors.New("decode index: passages missing")
	}
	return h, coll, db, saved, nil
}

// readPart reads one checksummed part of the index file.
func readPart(r io.Reader, size int64, hash string) ([]byte, error) {
	if size < 0 || size > ingest.MaxReportBytes*64 {
		return nil, errors.New("decode index: bad payload size")
	}
	part := make([]byte, size)
	if _, err := io.ReadFull(r, part); err != nil {
		return nil, fmt.Errorf("decode index payload: %w", err)
	}
	if sum := sha256.Sum256(part); hex.EncodeToString(sum[:]) != hash {
		return nil, errors.New("decode index: checksum mismatch")
	}
	return part, nil
}

// maxHeader bounds the header a load will read (the passage order of a
// million passages fits).
const maxHeader = 64 << 20

// save writes the index to a temporary file in the data directory and renames
// it over the index file, so that readers only ever see a whole file.
func (s store) save(idx *Index) error {
	var payload bytes.Buffer
	if err := idx.db.ExportToWriter(&payload, false, ""); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	// Not compressed: a start from the file would spend a quarter of its
	// time decompressing, to save a few megabytes of disk.
	var an bytes.Buffer
	if err := gob.NewEncoder(&an).Encode(savedPassages{Passages: idx.passages, Analysis: idx.saved()}); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	sum := sha256.Sum256(payload.Bytes())
	asum := sha256.Sum256(an.Bytes())
	h := fileHeader{
		AnalysisSize: int64(an.Len()),
		AnalysisHash: hex.EncodeToString(asum[:]),
		Format:       formatVersion,
		Fingerprint:  idx.fingerprint,
		Model:        idx.embedder.Model(),
		Reports:      idx.reports,
		Skipped:      idx.skipped,
		Order:        make([]string, len(idx.passages)),
		PayloadSize:  int64(payload.Len()),
		PayloadHash:  hex.EncodeToString(sum[:]),
	}
	for i, p := range idx.passages {
		h.Order[i] = p.ID
	}
	head, err := json.Marshal(h)
	if err != nil {
		return fmt.Errorf("save index: %w", err)
	}

	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	tmp, err := os.CreateTemp(s.dir, IndexFileName+".*.tmp")
	if err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	w := bufio.NewWriter(tmp)
	w.WriteString(fileMagic)
	binary.Write(w, binary.BigEndian, uint32(len(head)))
	w.Write(head)
	w.Write(payload.Bytes())
	w.Write(an.Bytes())
	err = w.Flush() // bufio keeps the first write error
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), s.path())
	}
	if err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	return nil
}
