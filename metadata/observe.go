package metadata

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/copydesk/copydesk/htmltext"
)

// Observer returns an htmltext.Observer that reports every token it is
// passed to c, so that a page's metadata is gathered in the pass that
// reads its text (htmltext.Options.Observer). Only the attributes c may
// read are copied. Call c.Result when the pass is done.
func (c *Collector) Observer() htmltext.Observer {
	return &observer{c: c}
}

type observer struct {
	c     *Collector
	attrs []html.Attribute
}

func (o *observer) StartTag(a atom.Atom, attrs []htmltext.Attr, selfClosing bool) {
	o.attrs = o.attrs[:0]
	for _, at := range attrs {
		if key := attrKey(a, at.Key, at.Val); key != "" {
			o.attrs = append(o.attrs, html.Attribute{Key: key, Val: string(at.Val)})
		}
	}
	o.c.StartTag(a, o.attrs)
	if selfClosing && !rawText(a) {
		o.c.EndTag(a)
	}
}

func (o *observer) EndTag(a atom.Atom) { o.c.EndTag(a) }

func (o *observer) Text(text []byte, _ atom.Atom) {
	if o.c.wantsText() {
		o.c.Text(text)
	}
}
