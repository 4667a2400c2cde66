package embeddings

// NewGloveTrial returns a Glove embedder with settings under trial, for the
// retrieval measurement: keepCommon leaves the common component in,
// skipStops leaves Local's fillers out.
func NewGloveTrial(opts GloveOptions, keepCommon, skipStops bool) *Glove {
	g := NewGlove(opts)
	g.keepCommon, g.skipStops = keepCommon, skipStops
	return g
}
