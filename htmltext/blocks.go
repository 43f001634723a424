package htmltext

import (
	"strings"

	"golang.org/x/net/html/atom"
)

// Block is one line of a page's visible text with the number of its bytes
// that stand inside links: menus, related stories and tag clouds are
// mostly link text, prose is mostly not.
type Block struct {
	Text      string
	LinkBytes int
}

// Blocks returns the visible text of page as Blocks, one per line of
// Extract's Text, and the other fields of the Doc (its Text is empty).
// Open links and the containers around them are tracked to a depth of
// maxOpen; deeper elements are not.
func (o Options) Blocks(page []byte, contentType string) ([]Block, Doc, error) {
	var d Doc
	text, marks, err := o.scan(nil, page, contentType, &d, true)
	if err != nil {
		return nil, d, err
	}
	blocks := make([]Block, 0, len(marks))
	s := string(text)
	for i := 0; len(s) > 0 && i < len(marks); i++ {
		line, rest, _ := strings.Cut(s, "\n")
		m := marks[i]
		blocks = append(blocks, Block{Text: line, LinkBytes: m.link})
		s = rest
	}
	return blocks, d, nil
}

// maxOpen bounds the tracked element stack.
const maxOpen = 256

type openElement struct {
	a   atom.Atom
	ctx context
}

// elementStack holds the tracked open elements. Tags the tokenizer sees
// unbalanced are tolerated: an end tag pops back to its start tag if one
// is open, and is ignored otherwise.
type elementStack struct {
	elems    []openElement
	overflow int // pushes beyond maxOpen, ignored
}

func (s *elementStack) push(a atom.Atom, c context) {
	if len(s.elems) >= maxOpen {
		s.overflow++
		return
	}
	s.elems = append(s.elems, openElement{a, c})
}

// pop closes the innermost open a and everything opened inside it. It
// reports whether the stack changed.
func (s *elementStack) pop(a atom.Atom) bool {
	for i := len(s.elems) - 1; i >= 0; i-- {
		if s.elems[i].a == a {
			s.elems = s.elems[:i]
			return true
		}
	}
	return false
}

func (s *elementStack) ctx() context {
	var c context
	for _, e := range s.elems {
		c |= e.ctx
	}
	return c
}

// markOf returns the context a start tag opens, and whether the element
// is tracked at all. Containers are tracked for scope only: their end tag
// closes a link left open inside them, as a browser's tree would.
func markOf(a atom.Atom) (context, bool) {
	switch a {
	case atom.A:
		return ctxLink, true
	case atom.Div, atom.Section, atom.Article, atom.Main, atom.Nav, atom.Aside, atom.Header, atom.Footer,
		atom.Ul, atom.Ol, atom.Li, atom.Table, atom.Tr, atom.Td, atom.Th, atom.Form, atom.Figure, atom.P:
		return 0, true
	}
	return 0, false
}
