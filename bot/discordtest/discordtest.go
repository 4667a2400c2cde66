// Package discordtest is a fake Discord for end-to-end tests: a websocket
// gateway and REST endpoints on loopback that answer the real discordgo
// client the way Discord does, and record every request.
//
// The gateway speaks the real protocol: HELLO, IDENTIFY or RESUME, READY or
// RESUMED, heartbeats and their ACKs, dispatches with increasing sequence
// numbers, RECONNECT and INVALID_SESSION. The REST side covers what a
// question-answering bot uses: the gateway lookup, command registration,
// interaction callbacks and webhook edits, channel messages (stored, so
// replies, fetches and deletions work), the bot's reactions and typing. It
// is not a Discord
// emulator: it checks no permissions and keeps no guilds.
package discordtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// IDs the fake uses for the bot.
const (
	AppID   = "900000000000000001"
	BotID   = "900000000000000001"
	BotName = "reportbot"
	Token   = "OTAwMDAwMDAwMDAwMDAwMDAx.GfAkE0.fake-token-for-tests-only-0123456789"
	// deadline bounds every wait for a request: generous, as a failing
	// test only takes longer, and a slow machine (the race detector on two
	// busy cores) must not fail a passing one.
	deadline = 60 * time.Second
)

// Request is one REST request the fake received.
type Request struct {
	Method string
	Path   string // without the /api/v9 prefix, e.g. /channels/1/messages
	Query  string
	Header http.Header
	Body   json.RawMessage // nil when empty
	At     time.Time
}

// JSON decodes the request body into v.
func (r Request) JSON(v any) error { return json.Unmarshal(r.Body, v) }

// Fault makes the fake answer matching requests with an error, Times times.
type Fault struct {
	Method string // "" matches any
	Path   string // regular expression matched against Request.Path
	Status int
	Header map[string]string
	Body   string
	Times  int
	// Hold, when set, holds each response until it is closed or the
	// client gives up: a Discord that is slow to answer.
	Hold <-chan struct{}

	path *regexp.Regexp // Path, compiled by Fail
}

// Server is a fake Discord. It is safe for concurrent use.
type Server struct {
	// URL is the REST base to give the bot, like https://discord.com/api/v9.
	URL string

	tb  testing.TB
	srv *httptest.Server

	mu         sync.Mutex
	changed    *sync.Cond
	requests   []Request
	messages   map[string]*discordgo.Message
	channels   map[string]*discordgo.Channel
	places     map[string][2]string // interaction token -> guild, channel
	acked      map[string]bool      // interactions responded to
	deleted    map[string]bool      // IDs of messages deleted
	reactions  map[string][]string  // message ID -> the bot's reactions, in order
	nextID     int64
	faults     []*Fault
	conn       *websocket.Conn
	connWrite  sync.Mutex
	seq        int64
	sessionID  string
	identifies int
	identified json.RawMessage
	resumes    int
	// refusal, once set, closes the gateway connection and every
	// IDENTIFY and RESUME after it with its code.
	refusal *websocket.CloseError
	// heartbeat is the interval HELLO asks for; acklessConn is a
	// connection whose heartbeats go unacknowledged (a zombie).
	heartbeat   time.Duration
	acklessConn *websocket.Conn
	// silent, once set, leaves new gateway connections without a
	// HELLO; dials counts the connections made.
	silent bool
	dials  int
}

// New starts a fake Discord and stops it when the test ends.
func New(tb testing.TB) *Server {
	s := &Server{tb: tb, messages: map[string]*discordgo.Message{}, channels: map[string]*discordgo.Channel{}, places: map[string][2]string{}, acked: map[string]bool{}, deleted: map[string]bool{}, reactions: map[string][]string{}, nextID: 1_100_000_000_000_000_000, heartbeat: 45 * time.Second}
	s.changed = sync.NewCond(&s.mu)
	mux := http.NewServeMux()
	mux.HandleFunc("/gateway", s.gateway)
	mux.HandleFunc("/gateway/", s.gateway)
	mux.HandleFunc("/api/v9/", s.rest)
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL + "/api/v9"
	tb.Cleanup(s.Close)
	return s
}

// Close stops the fake; open gateway connections are dropped.
func (s *Server) Close() {
	s.mu.Lock()
	if s.conn != nil {
		s.conn.Close()
	}
	s.mu.Unlock()
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// NewID returns a fresh snowflake.
func (s *Server) NewID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newIDLocked()
}

func (s *Server) newIDLocked() string {
	s.nextID++
	return strconv.FormatInt(s.nextID, 10)
}

// --- gateway ---------------------------------------------------------------

type frame struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  int64           `json:"s,omitempty"`
	T  string          `json:"t,omitempty"`
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

func (s *Server) gateway(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	s.mu.Lock()
	s.dials++
	s.changed.Broadcast()
	if s.silent {
		s.mu.Unlock()
		for { // until the bot hangs up
			if _, _, err := c.ReadMessage(); err != nil {
				c.Close()
				return
			}
		}
	}
	if s.conn != nil {
		s.conn.Close()
	}
	s.conn = c
	hello := fmt.Sprintf(`{"heartbeat_interval":%d}`, s.heartbeat.Milliseconds())
	s.mu.Unlock()
	s.write(c, frame{Op: 10, D: json.RawMessage(hello)})
	for {
		_, data, err := c.ReadMessage()
		if err != nil {
			return
		}
		var f frame
		if json.Unmarshal(data, &f) != nil {
			continue
		}
		s.mu.Lock()
		refusal := s.refusal
		s.mu.Unlock()
		if refusal != nil && (f.Op == 2 || f.Op == 6) {
			s.closeWith(c, refusal)
			return
		}
		switch f.Op {
		case 1:
			s.mu.Lock()
			zombie := s.acklessConn == c
			s.mu.Unlock()
			if !zombie {
				s.write(c, frame{Op: 11})
			}
		case 2:
			var id struct {
				Token string `json:"token"`
			}
			json.Unmarshal(f.D, &id)
			if id.Token != "Bot "+Token {
				c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."))
				c.Close()
				return
			}
			s.mu.Lock()
			s.sessionID = fmt.Sprintf("session-%d", s.identifies+1)
			s.seq = 0
			sid := s.sessionID
			s.mu.Unlock()
			s.dispatchOn(c, "READY", map[string]any{
				"v":                  9,
				"session_id":         sid,
				"resume_gateway_url": "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/gateway",
				"user":               map[string]any{"id": BotID, "username": BotName, "discriminator": "0", "bot": true},
				"application":        map[string]any{"id": AppID, "flags": 0},
				"guilds":             []any{},
			})
			// Counted, and waiters woken, once READY is on the wire: nothing
			// a test dispatches next can overtake it.
			s.mu.Lock()
			s.identifies++
			s.identified = append(json.RawMessage(nil), f.D...)
			s.changed.Broadcast()
			s.mu.Unlock()
		case 6:
			s.dispatchOn(c, "RESUMED", map[string]any{})
			s.mu.Lock()
			s.resumes++
			s.changed.Broadcast()
			s.mu.Unlock()
		}
	}
}

func (s *Server) write(c *websocket.Conn, f frame) error {
	s.connWrite.Lock()
	defer s.connWrite.Unlock()
	return c.WriteJSON(f)
}

func (s *Server) dispatchOn(c *websocket.Conn, t string, d any) error {
	data, err := json.Marshal(d)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.seq++
	seq := s.seq
	s.mu.Unlock()
	return s.write(c, frame{Op: 0, T: t, S: seq, D: data})
}

// WaitReady waits until the bot has identified (or resumed) at least n
// times in all, and returns when the connection is ready for dispatches.
func (s *Server) WaitReady(n int) {
	s.tb.Helper()
	s.waitFor(func() bool { return s.identifies+s.resumes >= n && s.conn != nil }, "the bot to connect")
}

// Identifies returns how many times the bot identified, and resumed.
func (s *Server) Identifies() (identifies, resumes int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.identifies, s.resumes
}

// Identified returns the payload of the last IDENTIFY.
func (s *Server) Identified() json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.identified
}

// Dispatch sends an event to the connected bot and returns when it was
// sent.
func (s *Server) Dispatch(t string, d any) time.Time {
	s.tb.Helper()
	s.mu.Lock()
	c := s.conn
	s.mu.Unlock()
	if c == nil {
		s.tb.Fatalf("discordtest: dispatch %s with no bot connected", t)
	}
	at := time.Now()
	if err := s.dispatchOn(c, t, d); err != nil {
		s.tb.Fatalf("discordtest: dispatch %s: %v", t, err)
	}
	return at
}

// Reconnect asks the bot to reconnect (opcode 7), as Discord does before
// moving a session.
func (s *Server) Reconnect() {
	s.mu.Lock()
	c := s.conn
	s.mu.Unlock()
	if c != nil {
		s.write(c, frame{Op: 7, D: json.RawMessage("null")})
	}
}

// InvalidateSession tells the bot its session is gone (opcode 9).
func (s *Server) InvalidateSession() {
	s.mu.Lock()
	c := s.conn
	s.mu.Unlock()
	if c != nil {
		s.write(c, frame{Op: 9, D: json.RawMessage("false")})
	}
}

// SetHeartbeatInterval sets the heartbeat interval HELLO asks for on the
// connections made from now on (45 s, Discord's usual, by default).
func (s *Server) SetHeartbeatInterval(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.heartbeat = d
}

// WithholdAcks stops acknowledging the heartbeats of the current gateway
// connection, which stays open and delivers nothing: a zombie connection,
// which the bot must notice and replace.
func (s *Server) WithholdAcks() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.acklessConn = s.conn
}

// Silence leaves the gateway connections made from now on open and
// silent, with no HELLO: a gateway that accepts and never answers.
func (s *Server) Silence() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.silent = true
}

// WaitDials waits until the bot has opened at least n gateway connections
// in all.
func (s *Server) WaitDials(n int) {
	s.tb.Helper()
	s.waitFor(func() bool { return s.dials >= n }, "the bot to dial the gateway")
}

// EndSession closes the gateway connection with a close code, as Discord
// does on a fatal error (4004 once the token was reset, 4011 when the bot
// needs more shards, 4014 for intents it may not have), and refuses every
// IDENTIFY and RESUME after it with the same code.
func (s *Server) EndSession(code int, reason string) {
	s.mu.Lock()
	s.refusal = &websocket.CloseError{Code: code, Text: reason}
	c := s.conn
	s.mu.Unlock()
	if c != nil {
		s.closeWith(c, s.refusal)
	}
}

// closeWith sends a close frame and closes the connection.
func (s *Server) closeWith(c *websocket.Conn, e *websocket.CloseError) {
	s.connWrite.Lock()
	c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(e.Code, e.Text))
	s.connWrite.Unlock()
	c.Close()
}

// DropConnection closes the gateway connection abruptly, without a close
// frame.
func (s *Server) DropConnection() {
	s.mu.Lock()
	c := s.conn
	s.conn = nil
	s.mu.Unlock()
	if c != nil {
		c.UnderlyingConn().Close()
	}
}

// --- REST ------------------------------------------------------------------

var (
	mention     = regexp.MustCompile(`<@!?(\d+)>`)
	roleMention = regexp.MustCompile(`<@&(\d+)>`)
	reCallback  = regexp.MustCompile(`^/interactions/(\d+)/([^/]+)/callback$`)
	reOriginal  = regexp.MustCompile(`^/webhooks/(\d+)/([^/]+)/messages/@original$`)
	reFollowup  = regexp.MustCompile(`^/webhooks/(\d+)/([^/]+)$`)
	reMessages  = regexp.MustCompile(`^/channels/(\d+)/messages$`)
	reMessage   = regexp.MustCompile(`^/channels/(\d+)/messages/(\d+)$`)
	reTyping    = regexp.MustCompile(`^/channels/(\d+)/typing$`)
	reReaction  = regexp.MustCompile(`^/channels/(\d+)/messages/(\d+)/reactions/([^/]+)/@me$`)
	reChannel   = regexp.MustCompile(`^/channels/(\d+)$`)
	reCommands  = regexp.MustCompile(`^/applications/(\d+)(?:/guilds/(\d+))?/commands$`)
)

func (s *Server) rest(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	req := Request{
		Method: r.Method,
		Path:   strings.TrimPrefix(r.URL.Path, "/api/v9"),
		Query:  r.URL.RawQuery,
		Header: r.Header.Clone(),
		At:     time.Now(),
	}
	if len(body) > 0 {
		req.Body = json.RawMessage(body)
	}
	s.mu.Lock()
	fault := s.takeFault(req)
	s.mu.Unlock()
	// The request is recorded once handled, so that whatever it stored is
	// there when a test sees it.
	defer func() {
		s.mu.Lock()
		s.requests = append(s.requests, req)
		s.changed.Broadcast()
		s.mu.Unlock()
	}()

	w.Header().Set("Content-Type", "application/json")
	if fault != nil && fault.Hold != nil {
		select {
		case <-fault.Hold:
		case <-r.Context().Done():
		}
	}
	if fault != nil {
		for k, v := range fault.Header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(fault.Status)
		io.WriteString(w, fault.Body)
		return
	}
	if r.Header.Get("Authorization") != "Bot "+Token && !strings.HasPrefix(req.Path, "/webhooks/") && !strings.HasPrefix(req.Path, "/interactions/") {
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"message": "401: Unauthorized", "code": 0}`)
		return
	}
	p := req.Path
	switch {
	case r.Method == http.MethodGet && p == "/gateway":
		fmt.Fprintf(w, `{"url": %q}`, "ws"+strings.TrimPrefix(s.srv.URL, "http")+"/gateway")
	case r.Method == http.MethodGet && p == "/gateway/bot":
		fmt.Fprintf(w, `{"url": %q, "shards": 1, "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}}`,
			"ws"+strings.TrimPrefix(s.srv.URL, "http")+"/gateway")
	case r.Method == http.MethodPut && reCommands.MatchString(p):
		var cmds []map[string]any
		json.Unmarshal(body, &cmds)
		for _, c := range cmds {
			c["id"] = s.NewID()
			c["application_id"] = AppID
		}
		json.NewEncoder(w).Encode(cmds)
	case r.Method == http.MethodPost && reCallback.MatchString(p):
		id := reCallback.FindStringSubmatch(p)[1]
		s.mu.Lock()
		again := s.acked[id]
		s.acked[id] = true
		s.mu.Unlock()
		if again {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"message": "Interaction has already been acknowledged.", "code": 40060}`)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	case (r.Method == http.MethodPatch || r.Method == http.MethodGet) && reOriginal.MatchString(p):
		m := reOriginal.FindStringSubmatch(p)
		s.writeMessage(w, s.storeWebhookMessage(m[2], "original:"+m[2], body, r.Method == http.MethodPatch))
	case r.Method == http.MethodPost && reFollowup.MatchString(p):
		m := reFollowup.FindStringSubmatch(p)
		s.writeMessage(w, s.storeWebhookMessage(m[2], "followup:"+m[2]+":"+s.NewID(), body, true))
	case r.Method == http.MethodPost && reMessages.MatchString(p):
		channel := reMessages.FindStringSubmatch(p)[1]
		m, ok := s.storeBotMessage(channel, body)
		if !ok {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"code": 50035, "errors": {"message_reference": {"_errors": [{"code": "REPLIES_UNKNOWN_MESSAGE", "message": "Unknown message"}]}}, "message": "Invalid Form Body"}`)
			return
		}
		s.writeMessage(w, m)
	case r.Method == http.MethodPatch && reMessage.MatchString(p):
		m := reMessage.FindStringSubmatch(p)
		msg, ok := s.editBotMessage(m[1], m[2], body)
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"message": "Unknown Message", "code": 10008}`)
			return
		}
		s.writeMessage(w, msg)
	case r.Method == http.MethodDelete && reMessage.MatchString(p):
		m := reMessage.FindStringSubmatch(p)
		if !s.deleteMessage(m[1], m[2]) {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"message": "Unknown Message", "code": 10008}`)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	case r.Method == http.MethodGet && reMessage.MatchString(p):
		m := reMessage.FindStringSubmatch(p)
		s.mu.Lock()
		msg, ok := s.messages[m[2]]
		s.mu.Unlock()
		if !ok || msg.ChannelID != m[1] {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"message": "Unknown Message", "code": 10008}`)
			return
		}
		s.writeMessage(w, msg)
	case r.Method == http.MethodGet && reChannel.MatchString(p):
		s.mu.Lock()
		ch, ok := s.channels[reChannel.FindStringSubmatch(p)[1]]
		s.mu.Unlock()
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"message": "Unknown Channel", "code": 10003}`)
			return
		}
		json.NewEncoder(w).Encode(ch)
	case r.Method == http.MethodPut && reReaction.MatchString(p):
		m := reReaction.FindStringSubmatch(p)
		if !s.react(m[1], m[2], m[3]) {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"message": "Unknown Message", "code": 10008}`)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	case r.Method == http.MethodPost && reTyping.MatchString(p):
		w.WriteHeader(http.StatusNoContent)
	default:
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"message": "404: Not Found", "code": 0}`)
	}
}

func (s *Server) takeFault(req Request) *Fault {
	for _, f := range s.faults {
		if f.Times > 0 && (f.Method == "" || f.Method == req.Method) && f.path.MatchString(req.Path) {
			f.Times--
			return f
		}
	}
	return nil
}

// AddChannel stores a channel (a thread, say), for GET /channels/{id}.
func (s *Server) AddChannel(ch *discordgo.Channel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.channels[ch.ID] = ch
}

// Fail makes the next f.Times requests matching f fail as f says.
func (s *Server) Fail(f Fault) {
	f.path = regexp.MustCompile(f.Path)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

func (s *Server) writeMessage(w http.ResponseWriter, m *discordgo.Message) {
	json.NewEncoder(w).Encode(m)
}

// outgoing is the body of a message the bot sends.
type outgoing struct {
	Content    string                            `json:"content"`
	Embeds     []*discordgo.MessageEmbed         `json:"embeds"`
	Components json.RawMessage                   `json:"components"`
	Reference  *discordgo.MessageReference       `json:"message_reference"`
	Flags      discordgo.MessageFlags            `json:"flags"`
	Mentions   *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
}

func botUser() *discordgo.User {
	return &discordgo.User{ID: BotID, Username: BotName, Bot: true}
}

// storeBotMessage stores a message the bot created in a channel. A reply
// to a message deleted is refused, as Discord does, unless it says not to
// fail (fail_if_not_exists: false): it is then stored without its
// reference.
func (s *Server) storeBotMessage(channel string, body []byte) (*discordgo.Message, bool) {
	var o outgoing
	json.Unmarshal(body, &o)
	s.mu.Lock()
	defer s.mu.Unlock()
	if ref := o.Reference; ref != nil && s.deleted[ref.MessageID] {
		if ref.FailIfNotExists == nil || *ref.FailIfNotExists {
			return nil, false
		}
		o.Reference = nil
	}
	m := &discordgo.Message{
		ID: s.newIDLocked(), ChannelID: channel, Author: botUser(), Content: o.Content,
		Embeds: o.Embeds, Timestamp: time.Now(), MessageReference: o.Reference,
	}
	if o.Reference != nil {
		m.GuildID = o.Reference.GuildID
		if parent, ok := s.messages[o.Reference.MessageID]; ok {
			m.ReferencedMessage = shallow(parent)
		}
	}
	s.messages[m.ID] = m
	return m, true
}

// editBotMessage applies an edit to a message the bot sent in a channel.
// Content and embeds are replaced when the edit carries them.
func (s *Server) editBotMessage(channel, id string, body []byte) (*discordgo.Message, bool) {
	var o outgoing
	json.Unmarshal(body, &o)
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.messages[id]
	if !ok || m.ChannelID != channel || m.Author == nil || m.Author.ID != BotID {
		return nil, false
	}
	var fields map[string]json.RawMessage
	json.Unmarshal(body, &fields)
	if _, ok := fields["content"]; ok {
		m.Content = o.Content
	}
	if _, ok := fields["embeds"]; ok {
		m.Embeds = o.Embeds
	}
	edited := time.Now()
	m.EditedTimestamp = &edited
	return m, true
}

// deleteMessage removes a message from a channel, as its author or a
// moderator does; it reports whether there was one.
func (s *Server) deleteMessage(channel, id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.messages[id]
	if !ok || m.ChannelID != channel {
		return false
	}
	delete(s.messages, id)
	s.deleted[id] = true
	return true
}

// react adds the bot's reaction emoji to a message, once, as Discord
// does; it reports whether there was such a message.
func (s *Server) react(channel, id, emoji string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.messages[id]
	if !ok || m.ChannelID != channel {
		return false
	}
	if !slices.Contains(s.reactions[id], emoji) {
		s.reactions[id] = append(s.reactions[id], emoji)
	}
	return true
}

// Reactions returns the emoji the bot reacted to message id with, in the
// order it added them.
func (s *Server) Reactions(id string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reactions[id])
}

// Delete removes a stored message, as its author or a moderator does
// (Discord tells the bot nothing unless it asks for the message).
func (s *Server) Delete(channel, id string) {
	s.tb.Helper()
	if !s.deleteMessage(channel, id) {
		s.tb.Fatalf("discordtest: delete of unknown message %s", id)
	}
}

// storeWebhookMessage stores (or, for edits, updates) an interaction's
// message, keyed by the interaction token.
func (s *Server) storeWebhookMessage(token, key string, body []byte, write bool) *discordgo.Message {
	var o outgoing
	json.Unmarshal(body, &o)
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.messages[key]
	if !ok {
		place := s.places[token]
		m = &discordgo.Message{ID: s.newIDLocked(), GuildID: place[0], ChannelID: place[1], Author: botUser(), Timestamp: time.Now()}
		s.messages[key] = m
		s.messages[m.ID] = m
	}
	if write {
		if o.Content != "" {
			m.Content = o.Content
		}
		if o.Embeds != nil {
			m.Embeds = o.Embeds
		}
		m.Flags = o.Flags
	}
	return m
}

// shallow copies a message without its own referenced message, as Discord
// includes replies one level deep.
func shallow(m *discordgo.Message) *discordgo.Message {
	c := *m
	c.ReferencedMessage = nil
	return &c
}

// --- waiting and inspecting ----------------------------------------------

// Requests returns every REST request so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// WaitRequest waits (up to ten seconds, a functional deadline) for a request
// after the first `after` requests that matches pred, and returns it and its
// index.
func (s *Server) WaitRequest(after int, pred func(Request) bool) (Request, int) {
	s.tb.Helper()
	var found Request
	idx := -1
	s.waitFor(func() bool {
		for i := after; i < len(s.requests); i++ {
			if pred(s.requests[i]) {
				found, idx = s.requests[i], i
				return true
			}
		}
		return false
	}, "a matching request")
	return found, idx
}

// waitFor waits for cond, checked under the lock at every change.
func (s *Server) waitFor(cond func() bool, what string) {
	s.tb.Helper()
	timer := time.AfterFunc(deadline, func() {
		s.mu.Lock()
		s.changed.Broadcast()
		s.mu.Unlock()
	})
	defer timer.Stop()
	start := time.Now()
	s.mu.Lock()
	for !cond() {
		if time.Since(start) >= deadline {
			s.mu.Unlock() // before Fatalf, which ends the goroutine
			s.tb.Fatalf("discordtest: timed out after %s waiting for %s", deadline, what)
			return
		}
		s.changed.Wait()
	}
	s.mu.Unlock()
}

// Replies returns the stored messages of the bot that reply to message id,
// oldest first.
func (s *Server) Replies(id string) []*discordgo.Message {
	return s.botMessages(func(m *discordgo.Message) bool {
		return m.MessageReference != nil && m.MessageReference.MessageID == id
	})
}

// BotMessages returns the stored messages of the bot in a channel, replies
// or not, oldest first.
func (s *Server) BotMessages(channel string) []*discordgo.Message {
	return s.botMessages(func(m *discordgo.Message) bool { return m.ChannelID == channel })
}

func (s *Server) botMessages(match func(*discordgo.Message) bool) []*discordgo.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*discordgo.Message
	for key, m := range s.messages {
		if key == m.ID && m.Author != nil && m.Author.ID == BotID && match(m) {
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return len(out[i].ID) < len(out[j].ID) || (len(out[i].ID) == len(out[j].ID) && out[i].ID < out[j].ID)
	})
	return out
}

// Message returns a stored message by ID.
func (s *Server) Message(id string) (*discordgo.Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.messages[id]
	return m, ok
}

// --- events ----------------------------------------------------------------

// User is a person in the fake.
type User struct {
	ID, Name string
}

// Discord user object of u.
func (u User) discord() *discordgo.User {
	return &discordgo.User{ID: u.ID, Username: u.Name, Discriminator: "0"}
}

// Post stores a message from user in a channel (guild "" for a DM),
// replying to replyTo when it is not "", and dispatches MESSAGE_CREATE as
// Discord does (mentions parsed from the content, the replied-to message
// included). It returns the message and when it was dispatched.
func (s *Server) Post(user User, guild, channel, content, replyTo string) (*discordgo.Message, time.Time) {
	s.tb.Helper()
	s.mu.Lock()
	m := &discordgo.Message{
		ID: s.newIDLocked(), ChannelID: channel, GuildID: guild, Author: user.discord(), Timestamp: time.Now(),
	}
	setContent(m, content)
	if replyTo != "" {
		m.Type = discordgo.MessageTypeReply
		m.MessageReference = &discordgo.MessageReference{MessageID: replyTo, ChannelID: channel, GuildID: guild}
		if parent, ok := s.messages[replyTo]; ok {
			m.ReferencedMessage = shallow(parent)
			// A reply mentions the replied-to author by default.
			m.Mentions = append(m.Mentions, parent.Author)
		}
	}
	s.messages[m.ID] = m
	s.mu.Unlock()
	at := s.Dispatch("MESSAGE_CREATE", m)
	return m, at
}

// code is inline code and code blocks, whose mentions Discord neither
// parses nor pings.
var code = regexp.MustCompile("(?s)```.*?```|``.*?``|`[^`]*`")

// setContent sets a message's content and the mentions Discord parses
// from it (outside code).
func setContent(m *discordgo.Message, content string) {
	m.Content = content
	parsed := code.ReplaceAllString(content, "")
	m.MentionEveryone = strings.Contains(parsed, "@everyone") || strings.Contains(parsed, "@here")
	m.MentionRoles, m.Mentions = nil, nil
	for _, id := range roleMention.FindAllStringSubmatch(parsed, -1) {
		m.MentionRoles = append(m.MentionRoles, id[1])
	}
	for _, id := range mention.FindAllStringSubmatch(parsed, -1) {
		u := &discordgo.User{ID: id[1], Username: "user" + id[1][len(id[1])-4:]}
		if id[1] == BotID {
			u = botUser()
		}
		m.Mentions = append(m.Mentions, u)
	}
}

// Edit changes the content of a message Post stored, as its author does,
// and dispatches MESSAGE_UPDATE with the whole message, as Discord does.
// It returns when the event was sent.
func (s *Server) Edit(id, content string) time.Time {
	s.tb.Helper()
	s.mu.Lock()
	m, ok := s.messages[id]
	if !ok {
		s.mu.Unlock()
		s.tb.Fatalf("discordtest: edit of unknown message %s", id)
	}
	setContent(m, content)
	if m.ReferencedMessage != nil {
		m.Mentions = append(m.Mentions, m.ReferencedMessage.Author)
	}
	edited := time.Now()
	m.EditedTimestamp = &edited
	c := *m
	s.mu.Unlock()
	return s.Dispatch("MESSAGE_UPDATE", &c)
}

// Interaction is an INTERACTION_CREATE the test sends.
type Interaction struct {
	ID, Token string
	payload   map[string]any
}

func (s *Server) newInteraction(kind discordgo.InteractionType, user User, guild, channel string, data map[string]any) Interaction {
	id := s.NewID()
	token := "itoken-" + id
	s.mu.Lock()
	s.places[token] = [2]string{guild, channel}
	s.mu.Unlock()
	p := map[string]any{
		"id": id, "application_id": AppID, "type": kind, "token": token, "version": 1,
		"channel_id": channel, "data": data, "locale": "en-US",
	}
	if guild != "" {
		p["guild_id"] = guild
		p["member"] = map[string]any{"user": user.discord(), "roles": []string{}, "permissions": "0"}
	} else {
		p["user"] = user.discord()
	}
	return Interaction{ID: id, Token: token, payload: p}
}

// In sets where the interaction was triggered, as Discord says in its
// context field: a guild, a DM with the bot, or a group DM or DM between
// other users (an app a user installed), where the bot cannot post.
// Without it the field is left out.
func (i Interaction) In(context discordgo.InteractionContextType) Interaction {
	i.payload["context"] = context
	return i
}

// Send dispatches the interaction and returns when it was sent.
func (s *Server) Send(i Interaction) time.Time {
	s.tb.Helper()
	return s.Dispatch("INTERACTION_CREATE", i.payload)
}

// Ask builds a /ask interaction; private "" leaves the option out.
func (s *Server) Ask(user User, guild, channel, question, private string) Interaction {
	opts := []map[string]any{{"name": "question", "type": discordgo.ApplicationCommandOptionString, "value": question}}
	if private != "" {
		opts = append(opts, map[string]any{"name": "private", "type": discordgo.ApplicationCommandOptionBoolean, "value": private == "true"})
	}
	return s.newInteraction(discordgo.InteractionApplicationCommand, user, guild, channel, map[string]any{
		"id": s.NewID(), "name": "ask", "type": discordgo.ChatApplicationCommand, "options": opts,
	})
}

// CommandWith builds a slash command interaction with the given options,
// as a client sends them (right or wrong): each a map with name, type and
// value.
func (s *Server) CommandWith(user User, guild, channel, name string, options []map[string]any) Interaction {
	return s.newInteraction(discordgo.InteractionApplicationCommand, user, guild, channel, map[string]any{
		"id": s.NewID(), "name": name, "type": discordgo.ChatApplicationCommand, "options": options,
	})
}

// Command builds a slash command interaction without options, like /help.
func (s *Server) Command(user User, guild, channel, name string) Interaction {
	return s.newInteraction(discordgo.InteractionApplicationCommand, user, guild, channel, map[string]any{
		"id": s.NewID(), "name": name, "type": discordgo.ChatApplicationCommand,
	})
}

// Autocomplete builds the autocomplete request Discord sends while the
// user types option of command, value typed so far.
func (s *Server) Autocomplete(user User, guild, channel, command, option, value string) Interaction {
	opts := []map[string]any{{"name": option, "type": discordgo.ApplicationCommandOptionString, "value": value, "focused": true}}
	return s.newInteraction(discordgo.InteractionApplicationCommandAutocomplete, user, guild, channel, map[string]any{
		"id": s.NewID(), "name": command, "type": discordgo.ChatApplicationCommand, "options": opts,
	})
}

// MessageCommand builds a message context-menu interaction on target.
func (s *Server) MessageCommand(user User, guild, channel, name string, target *discordgo.Message) Interaction {
	return s.newInteraction(discordgo.InteractionApplicationCommand, user, guild, channel, map[string]any{
		"id": s.NewID(), "name": name, "type": discordgo.MessageApplicationCommand, "target_id": target.ID,
		"resolved": map[string]any{"messages": map[string]any{target.ID: target}},
	})
}

// Click builds a button click on a message.
func (s *Server) Click(user User, guild, channel string, msg *discordgo.Message, customID string) Interaction {
	i := s.newInteraction(discordgo.InteractionMessageComponent, user, guild, channel, map[string]any{
		"custom_id": customID, "component_type": discordgo.ButtonComponent,
	})
	i.payload["message"] = msg
	return i
}

// Original returns the message an interaction's response was edited into.
func (s *Server) Original(i Interaction) (*discordgo.Message, bool) {
	return s.Message("original:" + i.Token)
}
