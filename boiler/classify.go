package boiler

// Thresholds of the classifier. Blocks are measured in words so that the
// rules read the same in every language written with spaces.
const (
	maxChromeWords = 20   // chrome vocabulary decides only blocks this short
	maxNoticeWords = 50   // a chrome sentence decides only blocks this short; a longer one may be prose about cookies or sign-ups
	maxTeaserWords = 80   // a teaser's excerpt or a video's description is no longer (blog engines cut excerpts at 55 words)
	shortWords     = 10   // fewer words: too short to judge alone
	longWords      = 25   // this many words need no terminal punctuation to be prose
	goodDensity    = 0.30 // share of function words in running prose
	nearDensity    = 0.18
	maxLinkShare   = 0.5  // blocks more linked than this are link lists
	fitDensity     = 0.22 // below this in its long blocks, a text's language is not in the lists
	unlistedShare  = 15   // percent of listed words below which a sentence is in an unlisted language
	unlistedBlocks = 3    // sentences in an unlisted language that make a page's text, not a stray line
)

// classify gives the verdict on a block from its own features, and the
// reason when the verdict is Bad.
func classify(f *features) (Class, string) {
	switch {
	case f.words == 0:
		return Bad, ReasonSymbols
	case f.counter && f.words <= 80:
		return Bad, ReasonCounter
	case f.chrome > 0 && f.words > maxChromeWords:
		return Bad, ReasonChrome // a chrome sentence inside a long block
	case f.chrome > 0 && 2*f.chrome >= f.words:
		return Bad, ReasonChrome
	case f.credit && f.words <= 60:
		return Bad, ReasonCredit
	case f.links > 0 && (f.words <= 5 || 3*f.links > f.words):
		return Bad, ReasonLinks
	case f.nonSpace > 0 && 2*f.letters < f.nonSpace:
		return Bad, ReasonSymbols
	case f.seps >= 2 && 6*f.seps >= f.words:
		return Bad, ReasonSymbols
	case f.dateline:
		return Bad, ReasonDateline
	case f.byline:
		return Bad, ReasonByline
	}
	density := 0.0
	switch {
	case f.lset == noLangs:
		// No word lists for this language: count every block as dense
		// enough and let length and punctuation decide.
		density = goodDensity
	case f.unlisted:
		// A sentence in a language without lists on a page framed in a
		// listed one (an article in isiZulu on a site in English): its
		// density says nothing either.
		density = goodDensity
	case f.alpha > 0:
		density = float64(f.stop) / float64(f.alpha)
	}
	titleCase := f.alpha >= 4 && 10*f.caps >= 8*f.alpha
	switch {
	case f.words < shortWords:
		return Short, ""
	case titleCase:
		return Bad, ReasonNoProse // headline lists, names
	case f.notice && density >= nearDensity:
		// Prose that mentions cookies or a sign-up, or a long
		// notice: its neighbours decide.
		return NearGood, ""
	case density >= goodDensity && (f.terminal || f.words >= longWords):
		return Good, ""
	case density >= nearDensity:
		return NearGood, ""
	}
	return Bad, ReasonNoProse
}

// hinted revises a verdict with what the markup says: a block that is
// mostly link text is a link list (menus, related stories, tag clouds)
// unless it is long.
func hinted(c Class, reason string, f *features, h Hints) (Class, string) {
	if c != Bad && h.Links >= maxLinkShare && f.words < 50 {
		return Bad, ReasonLinks
	}
	return c, reason
}
