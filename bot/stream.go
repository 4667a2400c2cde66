package bot

import (
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"reportbot/rag"
)

// minEditGap is the least time between two edits of a message being
// written: Discord allows about five edits in five seconds per channel, and
// an answer that changes faster than people read helps nobody.
const minEditGap = time.Second

// liveEdits shows an answer while a model writes it, by editing one
// message: the first text at once, then the latest text at most once per
// minEditGap. Edits are sent from a goroutine of its own, so the model's
// stream never waits for Discord.
type liveEdits struct {
	send func(text string) error // shows the text so far
	// panicked is told of a panic in send, which would otherwise end the
	// process: the edits run in a goroutine of their own.
	panicked func(err error)

	mu       sync.Mutex
	latest   string
	shown    string
	wake     chan struct{}
	stopped  chan struct{}
	done     chan struct{}
	lastEdit time.Time // when the last edit's reply came back
	started  bool
	stopOnce sync.Once
}

func newLiveEdits(send func(text string) error, panicked func(err error)) *liveEdits {
	return &liveEdits{send: send, panicked: panicked, wake: make(chan struct{}, 1), stopped: make(chan struct{}), done: make(chan struct{})}
}

// onText is a rag.Request.OnText: it records the text and wakes the editor.
func (l *liveEdits) onText(text string) {
	l.mu.Lock()
	l.latest = text
	if !l.started {
		l.started = true
		go l.run()
	}
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

func (l *liveEdits) run() {
	defer close(l.done)
	for {
		select {
		case <-l.stopped:
			return
		case <-l.wake:
		}
		l.mu.Lock()
		wait := time.Until(l.lastEdit.Add(minEditGap))
		l.mu.Unlock()
		if wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-l.stopped:
				t.Stop()
				return
			case <-t.C:
			}
		}
		l.mu.Lock()
		text := l.latest
		l.mu.Unlock()
		if text == l.shown {
			continue
		}
		err := l.sendSafely(text)
		l.mu.Lock()
		l.lastEdit = time.Now()
		if err == nil {
			l.shown = text
		}
		l.mu.Unlock()
	}
}

// sendSafely sends text, a panic turned into an error and reported: the
// answer goes on, only this edit is lost.
func (l *liveEdits) sendSafely(text string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("show the answer being written: panic: %v\n%s", r, debug.Stack())
			l.panicked(err)
		}
	}()
	return l.send(text)
}

// stop ends the editing, waits for an edit in flight, and then waits out
// the gap since the last edit, so that the final message, sent next, keeps
// the pace too. It may be called more than once: a deferred stop ends the
// editing on a panic too.
func (l *liveEdits) stop() {
	l.stopOnce.Do(func() {
		l.mu.Lock()
		started := l.started
		l.mu.Unlock()
		close(l.stopped)
		if !started {
			return
		}
		<-l.done
		l.mu.Lock()
		wait := time.Until(l.lastEdit.Add(minEditGap))
		l.mu.Unlock()
		if wait > 0 {
			time.Sleep(wait)
		}
	})
}

// writingEmbed shows an answer being written: the question, the text so
// far with a cursor, and a footer that says it is not finished.
func writingEmbed(question, text string) []*discordgo.MessageEmbed {
	return []*discordgo.MessageEmbed{{
		Title:       truncate(defang(oneLine(question)), maxTitle),
		Description: truncate(escape(text), maxDescription-2) + " ▍",
		Color:       colorAnswer,
		Footer:      &discordgo.MessageEmbedFooter{Text: "Writing… sources follow when the answer is complete."},
	}}
}

// streamInto returns a request whose text, as it is written, is shown by
// show, and the liveEdits behind it; panicked is told of a panic in show.
func streamInto(req rag.Request, show func(text string) error, panicked func(err error)) (rag.Request, *liveEdits) {
	l := newLiveEdits(show, panicked)
	req.OnText = l.onText
	return req, l
}
