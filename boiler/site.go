package boiler

import (
	"encoding/gob"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"unicode"
	"unicode/utf8"
)

// Site boilerplate: what one page cannot show, a site's pages show
// together. A block of text that recurs, word for word once normalized, on
// many pages of one site (a gallery's caption, a newsletter pitch, a
// comment policy, a "more from" list) is the site's chrome, however much
// it reads like prose on any one page.
//
// A SiteIndex observes pages (a site name and the blocks of its text),
// merges with indexes observed elsewhere (Save and LoadSiteIndex carry one
// between machines), then says which blocks of a page are site chrome. A block is chrome on a page of a site when it is on at
// least MinPages distinct pages of that site and on at least MinShare of
// them. The article's own text is protected three ways:
//
//   - a page that is an exact copy of one already observed (a re-crawl)
//     is not counted again, so copies of one story cannot make its text
//     look repeated;
//   - the first block of a page long enough to judge, its lead, is chrome
//     only when it is the lead of MinPages pages (a recurring header): a
//     lead quoted whole on other pages of the site stays in its own
//     article, even under a short byline;
//   - a page is never emptied: when every block would go, none does.
//
// Memory is bounded: at most MaxKeys (site, block) counts are kept; when
// the table is full, the blocks seen on fewest pages are forgotten until
// it is half full (such a block must then recur anew to count), which
// keeps the blocks that recur most. Keys are 64-bit hashes of the site and the
// normalized block.

// SiteOptions tune a SiteIndex. The zero value uses the defaults.
type SiteOptions struct {
	MinPages int     // default 5
	MinShare float64 // default 0.05
	MaxKeys  int     // default 1<<22
	// MinRunes: shorter blocks are left to the in-page cleaner (a
	// recurring "Share" says little); default 20.
	MinRunes int
}

func (o SiteOptions) withDefaults() SiteOptions {
	if o.MinPages <= 0 {
		o.MinPages = 5
	}
	if o.MinShare <= 0 {
		o.MinShare = 0.05
	}
	if o.MaxKeys <= 0 {
		o.MaxKeys = 1 << 22
	}
	if o.MinRunes <= 0 {
		o.MinRunes = 20
	}
	return o
}

// ReasonSite is the reason given to blocks removed as site chrome.
const ReasonSite = "site-boilerplate"

type blockCount struct {
	pages, leads int32
}

// SiteIndex counts blocks per site. It is not safe for concurrent use.
type SiteIndex struct {
	opts   SiteOptions
	pages  map[string]int32      // observed pages per site
	seen   map[uint64]struct{}   // fingerprints of observed pages
	blocks map[uint64]blockCount // by (site, block) hash
}

// NewSiteIndex returns an empty index.
func NewSiteIndex(o SiteOptions) *SiteIndex {
	return &SiteIndex{opts: o.withDefaults(), pages: map[string]int32{}, seen: map[uint64]struct{}{},
		blocks: map[uint64]blockCount{}}
}

// blockKey hashes a site and a normalized block: lower case, digits read as
// 0, runs of other characters as one space; ok is false for a block too
// short to judge.
func (x *SiteIndex) blockKey(site, block string) (uint64, bool) {
	h := fnv.New64a()
	h.Write([]byte(site))
	h.Write([]byte{0})
	n, space := 0, false
	var buf [4]byte
	for _, r := range block {
		switch {
		case unicode.IsLetter(r):
			r = unicode.ToLower(r)
		case unicode.IsDigit(r):
			r = '0'
		default:
			space = n > 0
			continue
		}
		if space {
			h.Write([]byte{' '})
			space = false
		}
		k := utf8.EncodeRune(buf[:], r)
		h.Write(buf[:k])
		n++
	}
	return h.Sum64(), n >= x.opts.MinRunes
}

// Observe counts the blocks of one page of site.
func (x *SiteIndex) Observe(site string, blocks []string) {
	keys := make([]uint64, 0, len(blocks))
	fp := fnv.New64a()
	fp.Write([]byte(site))
	for _, b := range blocks {
		// The page's fingerprint is of its text as it is: pages that
		// differ only in their numbers are different pages.
		fp.Write([]byte(b))
		fp.Write([]byte{0})
		k, ok := x.blockKey(site, b)
		if ok {
			keys = append(keys, k)
		} else {
			keys = append(keys, 0)
		}
	}
	page := fp.Sum64()
	if _, dup := x.seen[page]; dup {
		return
	}
	x.seen[page] = struct{}{}
	x.pages[site]++
	counted := make(map[uint64]bool, len(keys))
	lead := true // the first block long enough to judge is the lead
	for _, k := range keys {
		if k == 0 || counted[k] {
			continue
		}
		counted[k] = true
		c := x.blocks[k]
		c.pages++
		if lead {
			c.leads++
			lead = false
		}
		x.blocks[k] = c
	}
	if len(x.blocks) > x.opts.MaxKeys {
		x.prune()
	}
}

// prune forgets the blocks seen on fewest pages until the table is down
// to half of MaxKeys: those seen once, then twice, and so on, so that the
// next prune is MaxKeys/2 observations away and the work stays linear.
func (x *SiteIndex) prune() {
	for least := int32(1); len(x.blocks) > x.opts.MaxKeys/2; least++ {
		for k, c := range x.blocks {
			if c.pages <= least {
				delete(x.blocks, k)
			}
		}
	}
}

// Merge adds the counts of other, observed with the same options. Pages
// observed by both are counted twice: give each page to one index.
func (x *SiteIndex) Merge(other *SiteIndex) {
	for s, n := range other.pages {
		x.pages[s] += n
	}
	for p := range other.seen {
		x.seen[p] = struct{}{}
	}
	for k, c := range other.blocks {
		m := x.blocks[k]
		m.pages += c.pages
		m.leads += c.leads
		x.blocks[k] = m
	}
	if len(x.blocks) > x.opts.MaxKeys {
		x.prune()
	}
}

// Keys returns the number of block counts held.
func (x *SiteIndex) Keys() int { return len(x.blocks) }

// Pages returns the number of pages observed of site.
func (x *SiteIndex) Pages(site string) int { return int(x.pages[site]) }

// Chrome reports, for each block of a page of site, whether it is site
// chrome by the rules above.
func (x *SiteIndex) Chrome(site string, blocks []string) []bool {
	out := make([]bool, len(blocks))
	pages := x.pages[site]
	if site == "" || pages < int32(x.opts.MinPages) {
		return out
	}
	need := max(int32(x.opts.MinPages), int32(x.opts.MinShare*float64(pages)+0.999))
	all, lead := true, true
	for i, b := range blocks {
		k, ok := x.blockKey(site, b)
		if !ok {
			all = false
			continue
		}
		c := x.blocks[k]
		out[i] = c.pages >= need && (!lead || c.leads >= int32(x.opts.MinPages))
		lead = false
		all = all && out[i]
	}
	if all {
		clear(out)
	}
	return out
}

// siteFile is what Save writes.
type siteFile struct {
	Options SiteOptions
	Pages   map[string]int32
	Seen    []uint64
	Keys    []uint64
	Counts  [][2]int32
}

// Save writes the index to w, so that one observed on one machine can be
// loaded and merged on another.
func (x *SiteIndex) Save(w io.Writer) error {
	f := siteFile{Options: x.opts, Pages: x.pages}
	for p := range x.seen {
		f.Seen = append(f.Seen, p)
	}
	for k, c := range x.blocks {
		f.Keys = append(f.Keys, k)
		f.Counts = append(f.Counts, [2]int32{c.pages, c.leads})
	}
	return gob.NewEncoder(w).Encode(f)
}

// LoadSiteIndex reads an index written by Save.
func LoadSiteIndex(r io.Reader) (*SiteIndex, error) {
	var f siteFile
	if err := gob.NewDecoder(r).Decode(&f); err != nil {
		return nil, fmt.Errorf("boiler: reading a site index: %w", err)
	}
	if len(f.Keys) != len(f.Counts) {
		return nil, errors.New("boiler: reading a site index: keys and counts differ in number")
	}
	x := NewSiteIndex(f.Options)
	if f.Pages != nil {
		x.pages = f.Pages
	}
	for _, p := range f.Seen {
		x.seen[p] = struct{}{}
	}
	for i, k := range f.Keys {
		x.blocks[k] = blockCount{f.Counts[i][0], f.Counts[i][1]}
	}
	return x, nil
}
