package bot

import (
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/prometheus/client_golang/prometheus"
)

// metrics counts what the bot does, for Prometheus. Every counter is
// updated whether or not anything scrapes them.
type metrics struct {
	questions   *prometheus.CounterVec // by way of asking
	answers     *prometheus.CounterVec // by mode and outcome
	refusals    prometheus.Counter
	latency     prometheus.Histogram
	rateLimited prometheus.Counter
	errors      *prometheus.CounterVec // by operation
	connected   prometheus.Gauge
	up          atomic.Bool
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "reportbot_questions_total", Help: "Questions received, by way of asking (slash, message, dm, context_menu), rate-limited and rejected ones included.",
		}, []string{"via"}),
		answers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "reportbot_answers_total", Help: "Answers given, by mode (extractive, generative) and outcome (answered, refused).",
		}, []string{"mode", "outcome"}),
		refusals: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "reportbot_refusals_total", Help: "Answers saying the report does not cover the question.",
		}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "reportbot_answer_latency_seconds", Help: "Time from taking a question to having its answer, waiting for a free slot included.",
			Buckets: []float64{0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30},
		}),
		rateLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "reportbot_rate_limited_total", Help: "Questions turned away by the per-user rate limit.",
		}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "reportbot_errors_total", Help: "Failures, by operation (answer, send, edit, respond, feedback).",
		}, []string{"op"}),
		connected: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "reportbot_gateway_connected", Help: "1 while the Discord gateway connection is up.",
		}),
	}
	if reg != nil {
		reg.MustRegister(m.questions, m.answers, m.refusals, m.latency, m.rateLimited, m.errors, m.connected)
	}
	return m
}

// observeAnswer counts an answer and how long it took.
func (m *metrics) observeAnswer(mode string, answered bool, took time.Duration) {
	outcome := "answered"
	if !answered {
		outcome = "refused"
		m.refusals.Inc()
	}
	m.answers.WithLabelValues(mode, outcome).Inc()
	m.latency.Observe(took.Seconds())
}

// track follows the gateway connection.
func (m *metrics) track(s *discordgo.Session) {
	set := func(up bool) {
		m.up.Store(up)
		if up {
			m.connected.Set(1)
		} else {
			m.connected.Set(0)
		}
	}
	s.AddHandler(func(*discordgo.Session, *discordgo.Ready) { set(true) })
	s.AddHandler(func(*discordgo.Session, *discordgo.Resumed) { set(true) })
	s.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) { set(false) })
}

// Connected reports whether the bot's gateway connection is up: READY or
// RESUMED received and no disconnect since.
func (b *Bot) Connected() bool { return b.metrics.up.Load() }
