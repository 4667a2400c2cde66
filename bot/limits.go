package bot

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// userLimiter gives each user a token bucket: burst questions at once, then
// perMinute a minute. It also remembers, for each user refused, until when
// the notice they were given holds (see tell). It is safe for concurrent
// use.
type userLimiter struct {
	mu     sync.Mutex
	every  rate.Limit
	burst  int
	now    func() time.Time
	users  map[string]*rate.Limiter
	told   map[string]time.Time // user -> end of the wait their notice named
	checks int
}

func newUserLimiter(perMinute, burst int, now func() time.Time) *userLimiter {
	return &userLimiter{
		every: rate.Limit(float64(perMinute) / 60),
		burst: burst,
		now:   now,
		users: map[string]*rate.Limiter{},
		told:  map[string]time.Time{},
	}
}

// allow takes a token from user's bucket. When the bucket is empty it
// returns false and how long until the next token.
func (l *userLimiter) allow(user string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if l.checks++; l.checks%1024 == 0 {
		l.sweep(now)
	}
	lim, ok := l.users[user]
	if !ok {
		lim = rate.NewLimiter(l.every, l.burst)
		l.users[user] = lim
	}
	if lim.AllowN(now, 1) {
		return true, 0
	}
	r := lim.ReserveN(now, 1)
	wait := r.DelayFrom(now)
	r.CancelAt(now)
	return false, wait
}

// tell reports whether a user allow just refused, for a wait, is to be
// told so in words: the first refusal of a wait is, and the wait is
// remembered; the next ones before it ends are not (they get a lighter
// sign), so that one user asking again and again does not fill a channel
// with notices, and spend its send limit, ahead of other people's answers.
func (l *userLimiter) tell(user string, wait time.Duration) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if until, ok := l.told[user]; ok && now.Before(until) {
		return false
	}
	l.told[user] = now.Add(wait)
	return true
}

// sweep forgets users whose buckets are full again (a new bucket is the
// same) and notices whose wait is over.
func (l *userLimiter) sweep(now time.Time) {
	for u, lim := range l.users {
		if lim.TokensAt(now) >= float64(l.burst) {
			delete(l.users, u)
		}
	}
	for u, until := range l.told {
		if !now.Before(until) {
			delete(l.told, u)
		}
	}
}

// acquire waits for a free answer slot, or until ctx is done.
func (b *Bot) acquire(ctx context.Context) error {
	select {
	case b.gate <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (b *Bot) release() { <-b.gate }
