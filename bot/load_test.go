package bot_test

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"reportbot/bot"
	"reportbot/bot/discordtest"
	"reportbot/rag"
)

// Load: 50 users ask 10 questions each, all at once, by channel mention, DM
// and /ask. With a burst of 8 questions per user (and the clock frozen), 8
// of each user's questions are answered and 2 are refused: each gets the
// rate-limit message, or, for a message after the user was told so in
// words, ⏳ on it.
const (
	loadUsers     = 50
	loadPerUser   = 10
	loadBurst     = 8
	loadQuestions = loadUsers * loadPerUser
)

// asked is one question of the load test and what came of it.
type asked struct {
	user   string
	kind   string // "mention", "dm", "slash"
	msgID  string // mention, dm
	inter  discordtest.Interaction
	sentAt time.Time
}

func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped in -short mode")
	}
	items, err := readQuestions()
	if err != nil {
		t.Fatal(err)
	}
	baseline := runtime.NumGoroutine()
	h := start(t, func(o *bot.Options) { o.RateBurst = loadBurst; o.RatePerMinute = 60 }, nil)

	var peak atomic.Uint64
	stopSampling := sampleHeap(&peak)
	qs := make([]asked, loadQuestions)
	var wg sync.WaitGroup
	begin := time.Now()
	for u := range loadUsers {
		user := discordtest.User{ID: fmt.Sprintf("7000000000000%05d", u), Name: fmt.Sprintf("user%d", u)}
		for k := range loadPerUser {
			n := u*loadPerUser + k
			wg.Add(1)
			go func() {
				defer wg.Done()
				q := asked{user: user.ID}
				text := items[n%len(items)]
				switch n % 3 {
				case 0:
					q.kind = "mention"
					m, at := h.fake.Post(user, guild, channel, "<@"+discordtest.BotID+"> "+text, "")
					q.msgID, q.sentAt = m.ID, at
				case 1:
					q.kind = "dm"
					m, at := h.fake.Post(user, "", dm, text, "")
					q.msgID, q.sentAt = m.ID, at
				default:
					q.kind = "slash"
					q.inter = h.fake.Ask(user, guild, channel, text, "")
					q.sentAt = h.fake.Send(q.inter)
				}
				qs[n] = q
			}()
		}
	}
	wg.Wait()

	// Every question gets its outcome: a reply (answer or rate-limit
	// message) or a ⏳ reaction for messages; for /ask, a deferral then the
	// answer, or an ephemeral rate-limit message.
	latencies := make([]time.Duration, 0, loadQuestions)
	for _, q := range qs {
		var done discordtest.Request
		switch q.kind {
		case "mention", "dm":
			done, _ = h.fake.WaitRequest(0, func(r discordtest.Request) bool { return isReplyTo(q.msgID)(r) || isReactionTo(q.msgID)(r) })
		default:
			cb, _ := h.fake.WaitRequest(0, isCallback(q.inter))
			done = cb
			if decode(t, cb).Type == int(discordgo.InteractionResponseDeferredChannelMessageWithSource) {
				done, _ = h.fake.WaitRequest(0, isEdit(q.inter))
			}
		}
		latencies = append(latencies, done.At.Sub(q.sentAt))
	}
	elapsed := time.Since(begin)
	// Let anything that would come twice arrive before counting.
	time.Sleep(200 * time.Millisecond)
	stopSampling()

	answered, limited := map[string]int{}, map[string]int{}
	reqs := h.fake.Requests()
	for _, q := range qs {
		var outcomes []string
		for _, r := range reqs {
			switch {
			case q.kind != "slash" && isReplyTo(q.msgID)(r):
				outcomes = append(outcomes, outcomeOf(t, decode(t, r)))
			case q.kind != "slash" && isReactionTo(q.msgID)(r):
				outcomes = append(outcomes, "rate-limited")
			case q.kind == "slash" && isCallback(q.inter)(r):
				if m := decode(t, r); m.Type != int(discordgo.InteractionResponseDeferredChannelMessageWithSource) {
					outcomes = append(outcomes, outcomeOf(t, message{Content: m.Data.Content, Embeds: m.Data.Embeds}))
				}
			case q.kind == "slash" && isEdit(q.inter)(r):
				outcomes = append(outcomes, outcomeOf(t, decode(t, r)))
			}
		}
		if len(outcomes) != 1 {
			t.Errorf("%s question of %s: %d outcomes %v, want exactly one", q.kind, q.user, len(outcomes), outcomes)
			continue
		}
		switch outcomes[0] {
		case "answer":
			answered[q.user]++
		case "rate-limited":
			limited[q.user]++
		default:
			t.Errorf("%s question of %s: got %q", q.kind, q.user, outcomes[0])
		}
	}
	for u := range loadUsers {
		id := fmt.Sprintf("7000000000000%05d", u)
		if answered[id] != loadBurst || limited[id] != loadPerUser-loadBurst {
			t.Errorf("user %s: %d answered, %d rate-limited; want %d and %d", id, answered[id], limited[id], loadBurst, loadPerUser-loadBurst)
		}
	}

	// Stop the bot and the fake Discord: all that either started must end.
	h.stop()
	h.fake.Close()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > baseline && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > baseline {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines after the load, baseline %d:\n%s", n, baseline, buf[:runtime.Stack(buf, true)])
	}

	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	pct := func(p float64) time.Duration { return latencies[int(p*float64(len(latencies)-1))] }
	t.Logf("load: %d questions from %d users (mentions, DMs, /ask) in %s: %d answered, %d rate-limited; question→answer p50 %s, p99 %s, max %s; peak heap %.1f MiB; goroutines back to %d (baseline %d)",
		loadQuestions, loadUsers, elapsed.Round(time.Millisecond), loadUsers*loadBurst, loadUsers*(loadPerUser-loadBurst),
		pct(0.5).Round(time.Microsecond), pct(0.99).Round(time.Microsecond), latencies[len(latencies)-1].Round(time.Microsecond),
		float64(peak.Load())/(1<<20), runtime.NumGoroutine(), baseline)
}

// outcomeOf reads what a response to a question was.
func outcomeOf(t *testing.T, m message) string {
	t.Helper()
	switch {
	case len(m.Embeds) > 0 && m.Embeds[0].Title != "":
		return "answer"
	case strings.Contains(m.Content, "wait"):
		return "rate-limited"
	}
	return fmt.Sprintf("other: %q", m.Content)
}

// sampleHeap records the largest heap seen until stopped.
func sampleHeap(peak *atomic.Uint64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak.Load() {
				peak.Store(ms.HeapAlloc)
			}
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return func() { close(done); <-finished }
}

// readQuestions returns the answerable and unanswerable questions of the
// project's question set, as people asked them.
func readQuestions() ([]string, error) {
	f, err := os.Open("../testdata/qa.jsonl")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	items, err := rag.ReadEvalSet(f)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Question
	}
	return out, nil
}
