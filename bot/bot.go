// Package bot runs reportbot as a Discord bot: people ask with /ask, by
// mentioning it in a channel, in a DM, or with the "Ask the report" message
// command ("Ask the reports" when it serves several), and get an answer
// embed that cites its sources.
//
// It speaks Discord through discordgo and knows nothing about retrieval: it
// asks an Answerer and renders what comes back. It needs no privileged
// intent: Discord delivers the content of DMs and of messages that mention
// the bot.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"

	"reportbot/rag"
	"reportbot/redact"
)

// Answerer answers a question in the context of the conversation before it.
// *rag.Extractive is one.
type Answerer interface {
	Respond(ctx context.Context, req rag.Request) (rag.Answer, error)
}

// PassageFinder finds a passage by its ID, for "Show passages". *rag.Index
// is one.
type PassageFinder interface {
	Passage(id string) (rag.Passage, bool)
}

// Info describes what the bot knows, for /help, /about and answer footers.
type Info struct {
	Reports     []rag.Report
	Passages    int
	Sections    []string // section titles, in report order
	Mode        string   // answer mode, e.g. "extractive"
	Fingerprint string   // of the index
	Version     string   // of reportbot
}

// Options configure a Bot. Zero values mean the documented defaults.
type Options struct {
	Token           string   // bot token, without "Bot "; required
	GuildID         string   // register commands in this guild only; "" registers them globally
	APIURL          string   // REST base URL; "" means Discord's own
	AllowedGuilds   []string // answer only in these guilds; empty: all
	AllowedChannels []string // answer only in these channels; empty: all
	AllowDMs        bool
	RatePerMinute   int           // questions per user per minute; default 5
	RateBurst       int           // questions per user at once; default 3
	MaxConcurrent   int           // answers computed at once; default 8
	MaxQuestion     int           // longest question in characters; default rag.DefaultMaxQuestion
	AnswerTimeout   time.Duration // default 30s
	ShutdownTimeout time.Duration // how long answers in flight may take to finish; 0: none
	ShardID         int
	ShardCount      int    // default 1
	FeedbackPath    string // JSON-lines file for votes; "" disables recording
	Logger          *slog.Logger
	// Secrets are other values to scrub from every log line and every
	// answer shown, besides the token (the model API key).
	Secrets []string
	// Now is the clock for rate limits; nil means time.Now. Tests freeze it.
	Now func() time.Time
	// Metrics, when set, receives the bot's Prometheus metrics
	// (reportbot_questions_total, _answers_total, _refusals_total,
	// _answer_latency_seconds, _rate_limited_total, _errors_total,
	// _gateway_connected).
	Metrics prometheus.Registerer
}

// restRetries is how many times a request Discord failed with a server
// error is sent again.
const restRetries = 2

// Bot is a running (or ready to run) Discord bot. Its methods are safe for
// concurrent use; Run is called once.
type Bot struct {
	opts     Options
	answerer Answerer
	passages PassageFinder
	info     Info
	log      *slog.Logger
	session  *discordgo.Session
	limiter  *userLimiter
	recent   *recent
	answered *answeredLog
	gate     chan struct{}
	feedback *feedbackLog
	metrics  *metrics

	mu       sync.Mutex
	draining bool
	// closing is set once Run closes the session: a disconnect then is
	// no reason to reconnect. reconnecting is set while onDisconnect
	// tries to.
	closing, reconnecting bool
	// fatal receives the gateway close that Discord says not to
	// reconnect after, which ends Run.
	fatal    chan error
	inflight sync.WaitGroup
	work     context.Context // answers run under it; cancelled after the drain
	stopWork context.CancelFunc
	// life ends every Discord request and gateway connection: when Run
	// gives up connecting, or once the session is closed.
	life    context.Context
	endLife context.CancelFunc
	scrub   func(string) string // of errors shown to the operator
	secrets []string            // never shown in an answer
	botID   string
	roles   map[string]string      // guild ID -> the bot's managed role there
	parents map[string]parentEntry // channel ID -> its parent if a thread
}

// New prepares a bot; it connects nothing until Run. It fails on a missing
// token or a malformed API URL.
func New(opts Options, answerer Answerer, passages PassageFinder, info Info) (*Bot, error) {
	if opts.Token == "" {
		return nil, errors.New("new bot: no token")
	}
	if opts.RatePerMinute <= 0 {
		opts.RatePerMinute = 5
	}
	if opts.RateBurst <= 0 {
		opts.RateBurst = 3
	}
	if opts.MaxConcurrent <= 0 {
		opts.MaxConcurrent = 8
	}
	if opts.MaxQuestion <= 0 {
		opts.MaxQuestion = rag.DefaultMaxQuestion
	}
	if opts.AnswerTimeout <= 0 {
		opts.AnswerTimeout = 30 * time.Second
	}
	if opts.ShardCount <= 0 {
		opts.ShardCount = 1
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	red := redactor{secrets: append([]string{opts.Token}, opts.Secrets...)}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	var rt http.RoundTripper = transport
	if opts.APIURL != "" && opts.APIURL+"/" != discordgo.EndpointAPI {
		base, err := url.Parse(opts.APIURL)
		if err != nil || base.Host == "" {
			return nil, fmt.Errorf("new bot: bad API URL %q", redact.URL(opts.APIURL))
		}
		rt = &rewriteTransport{from: discordgo.EndpointAPI, to: base, next: transport}
		red.from, red.to = discordgo.EndpointAPI, redact.URL(strings.TrimRight(opts.APIURL, "/"))+"/"
	}
	log = slog.New(redact.Handler(log.Handler(), red.scrub))

	s, err := discordgo.New("Bot " + opts.Token)
	if err != nil {
		return nil, fmt.Errorf("new bot: %w", err)
	}
	life, endLife := context.WithCancel(context.Background())
	rt = &retryTransport{next: rt, retries: restRetries, base: 250 * time.Millisecond, log: log}
	s.Client = &http.Client{Timeout: 20 * time.Second, Transport: &lifeTransport{ctx: life, next: rt}}
	dialer := *websocket.DefaultDialer // a copy: the default is shared
	dialer.NetDialContext = lifeDialer(life)
	s.Dialer = &dialer
	s.MaxRestRetries = 0 // retryTransport retries server errors, boundedly
	// onDisconnect reconnects, and stops on a close that says not to.
	s.ShouldReconnectOnError = false
	s.ShardID, s.ShardCount = opts.ShardID, opts.ShardCount
	s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	s.StateEnabled = true
	s.LogLevel = discordgo.LogWarning
	bridgeLogs(log)

	b := &Bot{
		opts:     opts,
		answerer: answerer,
		passages: passages,
		info:     info,
		log:      log,
		session:  s,
		limiter:  newUserLimiter(opts.RatePerMinute, opts.RateBurst, opts.Now),
		recent:   newRecent(opts.Now),
		answered: newAnsweredLog(),
		gate:     make(chan struct{}, opts.MaxConcurrent),
		metrics:  newMetrics(opts.Metrics),
		life:     life,
		endLife:  endLife,
		scrub:    red.scrub,
		secrets:  red.secrets,
		roles:    map[string]string{},
		parents:  map[string]parentEntry{},
		fatal:    make(chan error, 1),
	}
	b.metrics.track(s)
	if opts.FeedbackPath != "" {
		b.feedback = &feedbackLog{path: opts.FeedbackPath}
	}
	b.work, b.stopWork = context.WithCancel(context.Background())
	s.AddHandler(b.onMessage)
	s.AddHandler(b.onMessageUpdate)
	s.AddHandler(b.onInteraction)
	s.AddHandler(b.onRawEvent)
	s.AddHandler(b.onDisconnect)
	return b, nil
}

// Run connects to Discord, registers the commands (on shard 0), logs the
// invite URL and serves until ctx is done, or Discord closes the gateway
// for good (a token reset since, say). Then it stops taking questions,
// lets answers in flight finish for up to the shutdown timeout, and closes
// the connection. It returns an error when the connection or the command
// registration fails, or the gateway was closed for good.
func (b *Bot) Run(ctx context.Context) error {
	if err := b.connect(ctx); err != nil {
		b.stopWork()
		b.endLife()
		if ctx.Err() != nil {
			b.log.Info("stopped before the connection to discord was made")
			return nil
		}
		return fmt.Errorf("connect to discord: %w", b.explain(err))
	}
	defer b.close()
	st := b.session.State
	if st == nil {
		return errors.New("connect to discord: no READY from the gateway")
	}
	// The gateway goroutine rewrites the state on every READY: read it
	// under its lock.
	st.RLock()
	var botID, appID, username string
	if st.User != nil {
		botID, appID, username = st.User.ID, st.User.ID, st.User.Username
	}
	if st.Application != nil && st.Application.ID != "" {
		appID = st.Application.ID
	}
	st.RUnlock()
	if botID == "" {
		return errors.New("connect to discord: no READY from the gateway")
	}
	b.mu.Lock()
	b.botID = botID
	b.mu.Unlock()

	if b.opts.ShardID == 0 {
		if _, err := b.session.ApplicationCommandBulkOverwrite(appID, b.opts.GuildID, commands(b.opts.MaxQuestion, b.several()), discordgo.WithContext(ctx)); err != nil {
			if ctx.Err() != nil {
				// Shut down while the commands were being registered:
				// questions may be in flight already (the gateway is
				// open), and they are delivered as on any shutdown.
				b.drain()
				return nil
			}
			return fmt.Errorf("register commands: %w", b.explain(err))
		}
	}
	scope := "globally (may take up to an hour to appear)"
	if b.opts.GuildID != "" {
		scope = "in guild " + b.opts.GuildID
	}
	b.log.Info("discord bot ready", "user", username, "shard", b.opts.ShardID, "shards", b.opts.ShardCount,
		"commands", scope, "invite", InviteURL(appID))

	select {
	case <-ctx.Done():
		b.drain()
		return nil
	case err := <-b.fatal:
		b.drain()
		return fmt.Errorf("discord gateway: %w", b.explain(err))
	}
}

// connect opens the session, giving up as soon as ctx is done: discordgo's
// Open takes no context, so it runs aside while Run waits for it or for
// ctx, and ending the bot's life aborts its requests and closes its
// gateway connection.
func (b *Bot) connect(ctx context.Context) error {
	opened := make(chan error, 1)
	go func() { opened <- b.session.Open() }()
	select {
	case err := <-opened:
		return err
	case <-ctx.Done():
	}
	b.endLife()
	select {
	case err := <-opened:
		if err == nil { // opened just as ctx ended
			b.session.Close()
		}
	case <-time.After(2 * time.Second):
		b.log.Warn("discord connection still opening after it was abandoned")
	}
	return ctx.Err()
}

// errTokenRejected is what a refused token means and what to do about it.
var errTokenRejected = errors.New("Discord rejected the token (DISCORD_TOKEN): reset it in the Developer Portal → your application → Bot → Reset Token, and set DISCORD_TOKEN to the new one")

// explain makes an error from Discord say what it means to the operator: a
// rejected token, what to do about it; a request that failed, the URL it
// was actually sent to (its password hidden).
func (b *Bot) explain(err error) error {
	var rest *discordgo.RESTError
	if errors.As(err, &rest) && rest.Response != nil && rest.Response.StatusCode == http.StatusUnauthorized {
		return errTokenRejected
	}
	if fatal(err) != nil {
		return explainClose(err)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = b.scrub(ue.URL)
	}
	return err
}

// drain stops new questions and waits, up to the shutdown timeout, for the
// answers in flight; those it then abandons are told so.
func (b *Bot) drain() {
	b.mu.Lock()
	b.draining = true
	b.mu.Unlock()
	b.log.Info("draining", "timeout", b.opts.ShutdownTimeout)
	done := make(chan struct{})
	go func() {
		b.inflight.Wait()
		close(done)
	}()
	select {
	case <-done:
		b.log.Info("shutting down: answers in flight delivered")
		return
	case <-time.After(b.opts.ShutdownTimeout):
	}
	// Answers still in flight are abandoned: their askers are told, while
	// the connection is still there to tell them.
	b.stopWork()
	select {
	case <-done:
		b.log.Warn("shutting down: answers still in flight abandoned, their askers told", "timeout", b.opts.ShutdownTimeout)
	case <-time.After(tellTimeout):
		b.log.Warn("shutting down: answers still in flight abandoned", "timeout", b.opts.ShutdownTimeout)
	}
}

// tellTimeout is how long a shutdown waits, once it abandons the answers
// in flight, for their askers to be told.
const tellTimeout = 5 * time.Second

func (b *Bot) close() {
	b.stopWork()
	b.mu.Lock()
	b.closing = true
	reconnecting := b.reconnecting
	b.mu.Unlock()
	if reconnecting {
		// A reconnection holds the session's lock until its Open
		// returns, which may be never (a gateway that accepts and stays
		// silent): ending the bot's life closes its connection first.
		b.endLife()
	}
	defer b.session.Client.CloseIdleConnections() // leave no keep-alive connection behind
	if err := b.session.Close(); err != nil {
		b.log.Warn("close discord session", "err", err)
	}
	b.endLife()
}

// begin registers a piece of work, unless the bot is shutting down.
func (b *Bot) begin() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.draining {
		return false
	}
	b.inflight.Add(1)
	return true
}

func (b *Bot) end() { b.inflight.Done() }

// id returns the bot's user ID, known once connected ("" before). Until
// Run has read it, it comes from the session's state, which READY fills in
// before any later event is read: a message that comes right after READY
// is not mistaken for one that came before it.
func (b *Bot) id() string {
	b.mu.Lock()
	id := b.botID
	b.mu.Unlock()
	if id != "" {
		return id
	}
	st := b.session.State
	if st == nil {
		return ""
	}
	st.RLock()
	defer st.RUnlock()
	if st.User == nil {
		return ""
	}
	return st.User.ID
}

// username returns the bot's user name, as READY gave it ("reportbot"
// before).
func (b *Bot) username() string {
	if st := b.session.State; st != nil {
		st.RLock()
		defer st.RUnlock()
		if st.User != nil && st.User.Username != "" {
			return st.User.Username
		}
	}
	return "reportbot"
}

// Permissions the bot needs in a channel: see it, read the message replied
// to, send messages (in threads too) with embeds, and add reactions (the ⏳
// on a question asked again within the wait its asker was told of).
const Permissions = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages |
	discordgo.PermissionSendMessagesInThreads | discordgo.PermissionEmbedLinks | discordgo.PermissionReadMessageHistory |
	discordgo.PermissionAddReactions

// InviteURL returns the URL that adds the application to a server with the
// scopes (bot, applications.commands) and permissions it needs.
func InviteURL(appID string) string {
	return fmt.Sprintf("https://discord.com/oauth2/authorize?client_id=%s&scope=bot+applications.commands&permissions=%d", appID, int64(Permissions))
}

// allowed reports whether the bot answers in this guild and channel ("" for
// a DM). A thread (a forum post too) is allowed when its channel is.
func (b *Bot) allowed(guildID, channelID string) bool {
	if guildID == "" {
		return b.opts.AllowDMs
	}
	if len(b.opts.AllowedGuilds) > 0 && !contains(b.opts.AllowedGuilds, guildID) {
		return false
	}
	if len(b.opts.AllowedChannels) == 0 || contains(b.opts.AllowedChannels, channelID) {
		return true
	}
	parent := b.threadParent(channelID)
	return parent != "" && contains(b.opts.AllowedChannels, parent)
}

// maxParents bounds how many threads' parents are remembered.
const maxParents = 10000

// lookupRest is how long a channel that could not be looked up is taken
// for no thread before it is asked about again: each look-up may cost a
// question 1.5 s.
const lookupRest = time.Minute

// parentEntry is a remembered look-up: the channel's parent if a thread,
// else "", and until when a failed look-up holds (zero: for good).
type parentEntry struct {
	parent string
	until  time.Time
}

// threadParent returns the channel a thread belongs to, "" when channelID
// is not a thread or cannot be looked up: from the state (the gateway
// tells of threads), else from Discord, remembered.
func (b *Bot) threadParent(channelID string) string {
	if st := b.session.State; st != nil {
		if ch, err := st.Channel(channelID); err == nil {
			if ch.IsThread() {
				return ch.ParentID
			}
			return ""
		}
	}
	b.mu.Lock()
	e, ok := b.parents[channelID]
	b.mu.Unlock()
	if ok && (e.until.IsZero() || time.Now().Before(e.until)) {
		return e.parent
	}
	// Bounded well within the three seconds an interaction has to be
	// answered in: this runs before the deferral.
	ctx, cancel := context.WithTimeout(b.work, 1500*time.Millisecond)
	defer cancel()
	ch, err := b.session.Channel(channelID, discordgo.WithContext(ctx))
	e = parentEntry{}
	switch {
	case err != nil:
		b.log.Warn("look up channel", "channel", channelID, "err", err)
		e.until = time.Now().Add(lookupRest)
	case ch.IsThread():
		e.parent = ch.ParentID
	}
	b.mu.Lock()
	if len(b.parents) >= maxParents {
		clear(b.parents)
	}
	b.parents[channelID] = e
	b.mu.Unlock()
	return e.parent
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
