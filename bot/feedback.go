package bot

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Vote is one 👍 or 👎 on an answer, as recorded in the feedback file.
type Vote struct {
	Time     time.Time `json:"time"`
	Guild    string    `json:"guild,omitempty"`
	Channel  string    `json:"channel"`
	Question string    `json:"question"`
	Answer   string    `json:"answer"`
	Passages []string  `json:"passages"` // IDs of the passages the answer cited
	Vote     string    `json:"vote"`     // "up" or "down"
}

// feedbackLog appends votes to a JSON-lines file, one fsynced line per vote.
type feedbackLog struct {
	mu   sync.Mutex
	path string
}

func (f *feedbackLog) record(v Vote) error {
	line, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("record vote: %w", err)
	}
	line = append(line, '\n')
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(f.path), 0o755); err != nil {
		return fmt.Errorf("record vote: %w", err)
	}
	file, err := os.OpenFile(f.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("record vote: %w", err)
	}
	_, err = file.Write(line)
	if err == nil {
		err = file.Sync()
	}
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("record vote: %w", err)
	}
	return nil
}
