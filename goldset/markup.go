package goldset

import (
	"html"
	"strings"

	"github.com/copydesk/copydesk/segment"
)

// CleanEvalText strips CleanEval gold markup. The input is the gold file as
// text: an optional first line "URL: <address>", then text in which <p>,
// <h> and <l> (any case, usually at the start of a line) open a paragraph,
// heading or list item, and whose lines are hard-wrapped. It returns the
// URL (or "") and the text with one paragraph per line: a tag or an empty
// line ends the current paragraph, wrapped lines are joined with a space,
// closing tags such as </p> are removed, white space is collapsed, and HTML
// character references such as &#039; or &amp; are decoded. Other
// angle-bracketed text is kept as it is.
func CleanEvalText(gold string) (url, text string) {
	gold = strings.ReplaceAll(gold, "\r\n", "\n")
	gold = strings.ReplaceAll(gold, "\r", "\n")
	rest := strings.TrimLeft(gold, " \t\n\f\v\u00a0\ufeff")
	if first, after, _ := strings.Cut(rest, "\n"); hasPrefixFold(first, "URL:") {
		url = strings.TrimSpace(first[len("URL:"):])
		gold = after
		if url == "" {
			// Some files put the address on the next line.
			next, after2, _ := strings.Cut(gold, "\n")
			if next = strings.TrimSpace(next); next != "" && !strings.ContainsAny(next, " \t<") {
				url, gold = next, after2
			}
		}
	}

	var paras []string
	var cur strings.Builder
	flush := func() {
		if p := segment.NormalizeSpace(html.UnescapeString(cur.String())); p != "" {
			paras = append(paras, p)
		}
		cur.Reset()
	}
	for line := range strings.SplitSeq(gold, "\n") {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		for line != "" {
			i, n, opening := nextCleanEvalTag(line)
			if i < 0 {
				cur.WriteString(line)
				break
			}
			cur.WriteString(line[:i])
			if opening {
				flush()
			} else {
				cur.WriteByte(' ')
			}
			line = line[i+n:]
		}
		cur.WriteByte(' ')
	}
	flush()
	return url, strings.Join(paras, "\n")
}

// nextCleanEvalTag finds the first <p>, <h>, <l>, </p>, </h> or </l> in s
// (ASCII case-insensitive) and returns its index, length and whether it is
// an opening tag; i is -1 if there is none.
func nextCleanEvalTag(s string) (i, n int, opening bool) {
	for off := 0; ; {
		j := strings.IndexByte(s[off:], '<')
		if j < 0 {
			return -1, 0, false
		}
		j += off
		t := s[j:]
		if len(t) >= 3 && isCleanEvalLetter(t[1]) && t[2] == '>' {
			return j, 3, true
		}
		if len(t) >= 4 && t[1] == '/' && isCleanEvalLetter(t[2]) && t[3] == '>' {
			return j, 4, false
		}
		off = j + 1
	}
}

func isCleanEvalLetter(c byte) bool {
	switch c {
	case 'p', 'h', 'l', 'P', 'H', 'L':
		return true
	}
	return false
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// DragnetText splits a Dragnet "corrected" gold file at its comments
// marker, a line of the characters "!@#$%^&*()" followed by "COMMENTS"
// (the annotators typed it with small variations), and returns the article
// text without the comments and with them, each normalized to one
// paragraph per line without empty lines. Without a marker both are the
// whole text.
func DragnetText(gold string) (article, withComments string) {
	before, after, found := "", "", false
	for off := 0; off < len(gold); {
		end := strings.IndexByte(gold[off:], '\n')
		next := len(gold)
		if end >= 0 {
			next = off + end + 1
		}
		if isCommentsMarker(gold[off:next]) {
			before, after, found = gold[:off], gold[next:], true
			break
		}
		off = next
	}
	if !found {
		t := normalizeLines(gold)
		return t, t
	}
	article = normalizeLines(before)
	comments := normalizeLines(after)
	switch {
	case comments == "":
		withComments = article
	case article == "":
		withComments = comments
	default:
		withComments = article + "\n" + comments
	}
	return article, withComments
}

// isCommentsMarker reports whether line is a Dragnet comments marker: at
// least four characters from "!@#$%^&*()", possibly with spaces, then
// "COMMENTS" and nothing else but white space.
func isCommentsMarker(line string) bool {
	line = strings.TrimSpace(line)
	head, ok := strings.CutSuffix(line, "COMMENTS")
	if !ok {
		return false
	}
	punct := 0
	for _, r := range head {
		switch {
		case strings.ContainsRune("!@#$%^&*()", r):
			punct++
		case r == ' ' || r == '\t':
		default:
			return false
		}
	}
	return punct >= 4
}
