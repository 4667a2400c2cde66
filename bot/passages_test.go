package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"reportbot/bot"
	"reportbot/bot/discordtest"
	"reportbot/rag"
)

// cites answers every question with the given passages cited under the
// given numbers, as a model citing [2] and [4] of five passages does.
type cites struct {
	nums []int
	ps   []rag.Passage
}

func (c cites) Respond(_ context.Context, req rag.Request) (rag.Answer, error) {
	ans := rag.Answer{Question: req.Question, Mode: rag.ModeExtractive, Answered: true}
	var text []string
	for k, n := range c.nums {
		ans.Citations = append(ans.Citations, rag.Citation{N: n, Passage: c.ps[k]})
		text = append(text, fmt.Sprintf("%s [%d].", c.ps[k].Section, n))
	}
	ans.Text = strings.Join(text, " ")
	return ans, nil
}

// without finds the passages of an index but one, as an index rebuilt
// since the answer was given.
type without struct {
	idx  *rag.Index
	gone string
}

func (w without) Passage(id string) (rag.Passage, bool) {
	if id == w.gone {
		return rag.Passage{}, false
	}
	return w.idx.Passage(id)
}

// TestShownPassagesKeepTheirCitationNumbers: "Show passages" titles each
// passage with the number the answer cites it by, not its place in the
// list shown, whether the answer cites [2] and [4] or a passage cited was
// dropped from the index since.
func TestShownPassagesKeepTheirCitationNumbers(t *testing.T) {
	t.Parallel()
	idx := bundledIndex(t)
	ps := idx.Passages()[:3]
	tests := []struct {
		name string
		nums []int
		gone string
		want []string
	}{
		{"cited out of order", []int{4, 2}, "", []string{"[4] ", "[2] "}},
		{"cited 1, 2, 3", []int{1, 2, 3}, "", []string{"[1] ", "[2] ", "[3] "}},
		{"first gone after a rebuild", []int{1, 2, 3}, ps[0].ID, []string{"[2] ", "[3] "}},
		{"gone, cited out of order", []int{3, 1, 2}, ps[1].ID, []string{"[3] ", "[2] "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			answerer := cites{nums: tt.nums, ps: ps[:len(tt.nums)]}
			h := startFinding(t, idx, without{idx, tt.gone}, nil, func(bot.Answerer) bot.Answerer { return answerer })
			click := h.askAndClick(t, "Show passages")
			r, _ := h.fake.WaitRequest(0, isCallback(click))
			m := decode(t, r)
			if m.Data == nil {
				t.Fatalf("got %s, want passages", r.Body)
			}
			var got []string
			for _, e := range m.Data.Embeds {
				if e.Title != "" {
					got = append(got, e.Title)
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got titles %q, want %d starting %q", got, len(tt.want), tt.want)
			}
			for k, w := range tt.want {
				if !strings.HasPrefix(got[k], w) {
					t.Errorf("passage %d: got title %q, want it to start %q", k+1, got[k], w)
				}
			}
		})
	}
}

// TestSomeoneElsesMessageThatCannotBeAsked: a message asked about with
// the message command, or by a bare mention in reply to it, that is too
// long or has no words is explained as that message's problem: the asker
// did not write it and cannot shorten it.
func TestSomeoneElsesMessageThatCannotBeAsked(t *testing.T) {
	t.Parallel()
	h := start(t, func(o *bot.Options) { o.RateBurst = 100 }, nil)
	long := strings.Repeat("why ", 400) + "?"
	tests := []struct {
		name, content, want string
	}{
		{"too long", long, "That message is 1601 characters long; I can ask about up to 1000. Ask with /ask in fewer words."},
		{"no words", "🎉🎉🎉", "That message has no text I can ask about."},
	}
	for _, tt := range tests {
		target, _ := h.fake.Post(bob, guild, channel, tt.content, "")
		i := h.fake.MessageCommand(alice, guild, channel, "Ask the report", target)
		h.fake.Send(i)
		r, _ := h.fake.WaitRequest(0, isCallback(i))
		if m := decode(t, r); m.Data == nil || m.Data.Content != tt.want {
			t.Errorf("%s, message command: got %s, want %q", tt.name, r.Body, tt.want)
		}
		q, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+">", target.ID)
		r, _ = h.fake.WaitRequest(0, isReplyTo(q.ID))
		if m := decode(t, r); m.Content != tt.want {
			t.Errorf("%s, bare mention in reply: got %q, want %q", tt.name, m.Content, tt.want)
		}
	}
}

// TestMessageCommandOnAForward: the message command on a forwarded
// message, whose text is in Discord's snapshot of it, asks that text.
func TestMessageCommandOnAForward(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil)
	fwd := &discordgo.Message{ID: h.fake.NewID(), ChannelID: channel, GuildID: guild, Author: &discordgo.User{ID: bob.ID, Username: bob.Name},
		MessageReference: &discordgo.MessageReference{Type: discordgo.MessageReferenceTypeForward, MessageID: h.fake.NewID(), ChannelID: channel, GuildID: guild},
		MessageSnapshots: []discordgo.MessageSnapshot{{Message: &discordgo.Message{Content: troops}}}}
	i := h.fake.MessageCommand(alice, guild, channel, "Ask the report", fwd)
	h.fake.Send(i)
	r, _ := h.fake.WaitRequest(0, func(r discordtest.Request) bool { return isCallback(i)(r) || isEdit(i)(r) })
	if isCallback(i)(r) && decode(t, r).Data != nil && decode(t, r).Data.Content != "" {
		t.Fatalf("got %s, want the forwarded question answered", r.Body)
	}
	edit, _ := h.fake.WaitRequest(0, isEdit(i))
	wantTroops(t, edit, "answer")
}
