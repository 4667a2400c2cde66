package bot

import (
	"errors"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// fatalClose is what the gateway close codes that Discord says not to
// reconnect after mean to the operator. Reconnecting gets the same close
// again, for ever.
var fatalClose = map[int]string{
	4004: errTokenRejected.Error(),
	4010: "Discord refused the shard (SHARD_ID must be below SHARD_COUNT, and SHARD_COUNT what the other processes use)",
	4011: "Discord requires more shards: the bot is in too many servers for one connection; run it as several processes, SHARD_COUNT=N and SHARD_ID=0…N-1",
	4012: "Discord refused the gateway API version this reportbot speaks; a newer reportbot is needed",
	4013: "Discord refused the gateway intents the bot asked for as invalid",
	4014: "Discord refused the gateway intents the bot asks for (Guilds, Guild Messages, Direct Messages, none privileged): check the application's Privileged Gateway Intents in the Developer Portal → Bot",
}

// fatal returns the close error in err when its code says not to
// reconnect, nil otherwise.
func fatal(err error) *websocket.CloseError {
	var closed *websocket.CloseError
	if errors.As(err, &closed) {
		if _, ok := fatalClose[closed.Code]; ok {
			return closed
		}
	}
	return nil
}

// onDisconnect reconnects once the gateway connection is lost (dropped,
// RECONNECT, a heartbeat not acknowledged), unless the bot is closing.
// discordgo's own reconnection is off: it tries again for ever, even after
// a close code that Discord says not to reconnect after, such as 4004 once
// the token was reset. Here such a close ends Run, with what it means.
func (b *Bot) onDisconnect(_ *discordgo.Session, _ *discordgo.Disconnect) {
	defer b.survive("disconnect")
	b.mu.Lock()
	if b.closing || b.reconnecting {
		b.mu.Unlock()
		return
	}
	b.reconnecting = true
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		b.reconnecting = false
		b.mu.Unlock()
	}()
	for wait := time.Second; ; wait = min(2*wait, maxReconnectWait) {
		err := b.session.Open()
		if err == nil || errors.Is(err, discordgo.ErrWSAlreadyOpen) {
			b.log.Info("reconnected to the discord gateway")
			return
		}
		if closed := fatal(err); closed != nil {
			b.log.Error("discord closed the gateway for good", "code", closed.Code, "reason", closed.Text)
			select {
			case b.fatal <- err:
			default:
			}
			return
		}
		b.log.Warn("reconnect to the discord gateway", "err", err, "retry_in", wait)
		select {
		case <-b.life.Done():
			return
		case <-time.After(wait):
		}
		b.mu.Lock()
		closing := b.closing
		b.mu.Unlock()
		if closing {
			return
		}
	}
}

// maxReconnectWait bounds the pause between attempts to reconnect, as
// discordgo's own reconnection did.
const maxReconnectWait = 10 * time.Minute

// explainClose says what a fatal gateway close means, or returns err.
func explainClose(err error) error {
	closed := fatal(err)
	if closed == nil {
		return err
	}
	if closed.Code == 4004 {
		return errTokenRejected
	}
	return fmt.Errorf("%s (gateway close %d: %s)", fatalClose[closed.Code], closed.Code, closed.Text)
}
