package article

import (
	"slices"
	"strings"

	"golang.org/x/net/html/atom"

	"github.com/copydesk/copydesk/htmltext"
	"github.com/copydesk/copydesk/internal/htmlscan"
)

// signal is what an element's tag, role, class and id say about its
// contents. Negative signals name a kind of page chrome; sigContent marks
// an element that declares itself the article's body.
type signal uint16

const (
	sigNav signal = 1 << iota
	sigAside
	sigFooter
	sigHeader
	sigComments
	sigRelated
	sigShare
	sigPromo
	sigCaption
	sigMeta
	sigForm
	sigHidden // a class that hides the element from view
	sigContent
	sigRead // the signals of the element have been read (tree.signal)

	sigChrome = sigContent - 1 // every negative signal
)

// reason returns the drop reason of the strongest negative signal in s.
func (s signal) reason() string {
	switch {
	case s&sigComments != 0:
		return ReasonComments
	case s&sigRelated != 0:
		return ReasonRelated
	case s&sigShare != 0:
		return ReasonShare
	case s&sigPromo != 0:
		return ReasonPromo
	case s&sigCaption != 0:
		return ReasonCaption
	case s&sigNav != 0:
		return ReasonNavigation
	case s&sigAside != 0:
		return ReasonAside
	case s&sigFooter != 0:
		return ReasonFooter
	case s&sigHeader != 0:
		return ReasonHeader
	case s&sigMeta != 0:
		return ReasonMeta
	case s&sigForm != 0:
		return ReasonForm
	case s&sigHidden != 0:
		return ReasonHidden
	}
	return ""
}

// nodeSignal reads the signals of one element.
func nodeSignal(n *htmltext.Node) signal {
	var s signal
	switch n.Tag {
	case atom.Nav, atom.Menu:
		s |= sigNav
	case atom.Aside:
		s |= sigAside
	case atom.Footer:
		s |= sigFooter
	case atom.Figcaption, atom.Figure:
		s |= sigCaption
	case atom.Form, atom.Dialog, atom.Search:
		s |= sigForm
	case atom.Address:
		s |= sigMeta
	case atom.Article, atom.Main:
		s |= sigContent
	}
	switch n.Role {
	case "navigation", "menu", "menubar", "toolbar", "tablist":
		s |= sigNav
	case "complementary":
		s |= sigAside
	case "contentinfo":
		s |= sigFooter
	case "banner":
		s |= sigHeader
	case "dialog", "alertdialog", "search":
		s |= sigForm
	case "main", "article":
		s |= sigContent
	}
	switch n.ItemProp {
	case "articlebody", "articletext", "text", "reviewbody":
		s |= sigContent
	case "comment", "comments":
		s |= sigComments
	case "caption":
		s |= sigCaption
	}
	if n.Names != "" {
		names := n.Names
		if isParagraph(n.Tag) && strings.Contains(names, "paywall") {
			// A paragraph classed for the paywall is the story's text
			// that subscribers read (and a script hides from others),
			// not a box pitching the subscription.
			names = strings.ReplaceAll(names, "paywall", "")
		}
		s |= namesSignal(names)
	}
	return s
}

// Class and id vocabulary. Substrings are matched anywhere in the
// lower-cased names, so "relatedPosts" and "article-related" both match
// "related"; words are matched as whole tokens between separators, for
// names too short or too common to match inside others ("ad" is in
// "header").
var (
	contentSubstrings = []string{
		"articlebody", "article-body", "article_body", "article__body",
		"articlecontent", "article-content", "article_content", "article__content",
		"articletext", "article-text", "article__text",
		"storybody", "story-body", "story_body", "story__body", "story-content", "storycontent", "story-text",
		"postbody", "post-body", "post_body", "post-content", "postcontent", "post_content",
		"entry-content", "entrycontent", "entry_content", "entry-body",
		"body-text", "bodytext", "content-body", "article-main", "main-text", "hentry",
	}
	chromeSubstrings = []struct {
		s   string
		sig signal
	}{
		{"comment", sigComments}, {"disqus", sigComments}, {"respond", sigComments},
		{"related", sigRelated}, {"recommend", sigRelated}, {"outbrain", sigRelated},
		{"taboola", sigRelated}, {"trending", sigRelated}, {"popular", sigRelated},
		{"more-stories", sigRelated}, {"morestories", sigRelated}, {"carousel", sigRelated}, {"slider", sigRelated}, {"read-more", sigRelated},
		{"readmore", sigRelated}, {"read-next", sigRelated}, {"also-read", sigRelated},
		{"share", sigShare}, {"social", sigShare}, {"sharing", sigShare},
		{"newsletter", sigPromo}, {"subscri", sigPromo}, {"signup", sigPromo},
		{"sign-up", sigPromo}, {"promo", sigPromo}, {"sponsor", sigPromo},
		{"advert", sigPromo}, {"cookie", sigPromo}, {"consent", sigPromo}, {"gdpr", sigPromo},
		{"paywall", sigPromo}, {"banner", sigPromo}, {"player", sigPromo},
		{"caption", sigCaption}, {"credit", sigCaption}, {"gallery", sigCaption},
		{"breadcrumb", sigNav}, {"navbar", sigNav}, {"navigation", sigNav}, {"pagination", sigNav},
		{"factbox", sigAside}, {"fact-box", sigAside}, {"infobox", sigAside}, {"info-box", sigAside},
		{"sidebar", sigAside}, {"widget", sigAside}, {"rightrail", sigAside}, {"right-rail", sigAside},
		{"footer", sigFooter}, {"masthead", sigHeader}, {"site-header", sigHeader},
		{"modal", sigForm}, {"popup", sigForm}, {"overlay", sigForm}, {"lightbox", sigForm},
		{"profile", sigMeta}, {"metadata", sigMeta}, {"postmeta", sigMeta}, {"authorinfo", sigMeta},
	}
	// contentHints and chromeHints find in one read of the names
	// whether any of the substrings is there.
	contentHints = htmlscan.NewHints(contentSubstrings...)
	hiddenHints  = htmlscan.NewHints("hid", "none", "invisible", "sr-only", "screen-reader")
	chromeHints  = func() *htmlscan.Hints {
		list := make([]string, len(chromeSubstrings))
		for i, c := range chromeSubstrings {
			list[i] = c.s
		}
		return htmlscan.NewHints(list...)
	}()
	// hiddenClasses are the class names that style sheets commonly use
	// to hide an element (a paywall's offers for other kinds of reader,
	// a label for screen readers); matched as whole classes, since
	// "hidden-xs" and the like hide on small screens only.
	hiddenClasses = []string{"hidden", "d-none", "hide", "is-hidden", "u-hidden", "invisible",
		"sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text"}
	// chromeExceptions are names that contain a chrome substring but
	// name content.
	chromeExceptions = []string{"commentary", "no-comments", "shareholder"}
	chromeTokens     = map[string]signal{
		"nav": sigNav, "menu": sigNav, "topnav": sigNav, "subnav": sigNav,
		"ad": sigPromo, "ads": sigPromo, "adv": sigPromo, "advertisement": sigPromo,
		"tags": sigMeta, "tag": sigMeta, "tagcloud": sigMeta, "categories": sigMeta,
		"byline": sigMeta, "author": sigMeta, "bio": sigMeta, "meta": sigMeta,
		"aside": sigAside, "rail": sigAside,
		"toast":    sigForm, // a notice that pops up over the page
		"header":   sigHeader,
		"comments": sigComments,
	}
)

// boxNames name a box set beside the story's text: facts, figures, a
// timeline. Unlike a sidebar's name, which may wrap a whole layout, such a
// name is never the story's own.
var boxNames = []string{"factbox", "fact-box", "infobox", "info-box"}

// boxNamed reports whether names name a box (boxNames), in a class or an
// id of their own ("infobox", "mol-factbox", "article_infobox"): a
// modifier that speaks of a box ("story-part--with-factbox",
// "has-infobox") names none.
func boxNamed(names string) bool {
	for _, b := range boxNames {
		for rest := names; ; {
			i := strings.Index(rest, b)
			if i < 0 {
				break
			}
			before := strings.TrimRight(rest[:i], "-_")
			if j := strings.LastIndexAny(before, " -_"); j >= 0 {
				before = before[j+1:]
			}
			switch before {
			case "with", "has", "no", "without":
			default:
				return true
			}
			rest = rest[i+len(b):]
		}
	}
	return false
}

// namesSignal reads the class and id names of an element.
func namesSignal(names string) signal {
	var s signal
	if strings.Count(names, "tag-") >= 2 {
		names = dropLabels(names)
	}
	if htmlscan.In(contentHints, names) {
		s |= sigContent
	}
	if htmlscan.In(chromeHints, names) {
		for _, c := range chromeSubstrings {
			if strings.Contains(names, c.s) && !exception(names, c.s) {
				s |= c.sig
			}
		}
	}
	if htmlscan.In(hiddenHints, names) {
		for _, c := range strings.Fields(names) {
			if slices.Contains(hiddenClasses, c) {
				s |= sigHidden
			}
		}
	}
	for names != "" {
		i := strings.IndexFunc(names, isNameChar)
		if i < 0 {
			break
		}
		names = names[i:]
		j := strings.IndexFunc(names, func(r rune) bool { return !isNameChar(r) })
		if j < 0 {
			j = len(names)
		}
		s |= chromeTokens[names[:j]]
		names = names[j:]
	}
	return s
}

// dropLabels removes from names the classes that label the element with
// a term of the site's taxonomy ("tag-elections", "category-politics")
// when it has two tags or more: a post that a blog engine classes by its
// tags and categories is not a box of tags, nor a share bar for being
// tagged "social".
func dropLabels(names string) string {
	classes := strings.Fields(names)
	tags := 0
	for _, c := range classes {
		if strings.HasPrefix(c, "tag-") {
			tags++
		}
	}
	if tags < 2 {
		return names
	}
	kept := classes[:0]
	for _, c := range classes {
		if !strings.HasPrefix(c, "tag-") && !strings.HasPrefix(c, "category-") {
			kept = append(kept, c)
		}
	}
	return strings.Join(kept, " ")
}

// exception reports whether every occurrence of sub in names is part of
// a chrome exception.
func exception(names, sub string) bool {
	for _, e := range chromeExceptions {
		if strings.Contains(e, sub) && strings.Count(names, e) == strings.Count(names, sub) {
			return true
		}
	}
	return false
}

func isNameChar(r rune) bool {
	return 'a' <= r && r <= 'z' || '0' <= r && r <= '9'
}
