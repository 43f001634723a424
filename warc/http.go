package warc

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/klauspost/compress/gzip"
)

// HTTPResponse is the HTTP response in a response record's block.
type HTTPResponse struct {
	StatusCode int
	Header     Header
	// Body is the payload with its transfer and content codings
	// removed.
	Body []byte
}

// ContentType returns the response's Content-Type.
func (h *HTTPResponse) ContentType() string { return h.Header.Get("Content-Type") }

// ParseHTTP reads an HTTP response from block. The parsing is lenient, as
// crawlers store what servers sent: header lines without a colon are
// skipped, bare LF line ends are accepted, and a body that claims the
// chunked transfer coding but is not validly chunked is taken as it is
// (many archives store bodies already de-chunked). The gzip, x-gzip and
// deflate content codings are removed; a decoded body longer than
// maxBody bytes is ErrBodyTooLarge (maxBody <= 0 means no limit), so a
// compression bomb costs at most maxBody bytes of memory.
func ParseHTTP(block []byte, maxBody int64) (*HTTPResponse, error) {
	line, rest, ok := cutLine(block)
	if !ok || !bytes.HasPrefix(line, []byte("HTTP/")) {
		return nil, fmt.Errorf("%w: status line %q", ErrBadHTTP, clipBytes(line, 40))
	}
	f := strings.Fields(string(line))
	if len(f) < 2 {
		return nil, fmt.Errorf("%w: status line %q", ErrBadHTTP, clipBytes(line, 40))
	}
	code, err := strconv.Atoi(f[1])
	if err != nil || code < 100 || code > 999 {
		return nil, fmt.Errorf("%w: status %q", ErrBadHTTP, f[1])
	}
	resp := &HTTPResponse{StatusCode: code}
	for {
		line, rest, ok = cutLine(rest)
		if !ok || len(line) == 0 {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			if n := len(resp.Header); n > 0 {
				resp.Header[n-1].Value += " " + strings.TrimSpace(string(line))
			}
			continue
		}
		name, value, found := bytes.Cut(line, []byte(":"))
		if !found || len(resp.Header) >= 256 {
			continue
		}
		resp.Header = append(resp.Header, Field{string(bytes.TrimSpace(name)), string(bytes.TrimSpace(value))})
	}
	body := rest
	if strings.Contains(strings.ToLower(resp.Header.Get("Transfer-Encoding")), "chunked") {
		if b, err := dechunk(body); err == nil {
			body = b
		}
	}
	body, err = decodeContent(body, resp.Header.Get("Content-Encoding"), maxBody)
	if err != nil {
		return nil, err
	}
	if maxBody > 0 && int64(len(body)) > maxBody {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrBodyTooLarge, maxBody)
	}
	resp.Body = body
	return resp, nil
}

// cutLine returns the line at the start of b without its end of line,
// and what follows it; ok is false when b holds no line end.
func cutLine(b []byte) (line, rest []byte, ok bool) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return b, nil, false
	}
	return bytes.TrimSuffix(b[:i], []byte("\r")), b[i+1:], true
}

// dechunk removes the chunked transfer coding.
func dechunk(b []byte) ([]byte, error) {
	out := make([]byte, 0, len(b))
	for {
		line, rest, ok := cutLine(b)
		if !ok {
			return nil, errors.New("chunk size line missing")
		}
		size := string(line)
		if i := strings.IndexByte(size, ';'); i >= 0 {
			size = size[:i]
		}
		n, err := strconv.ParseInt(strings.TrimSpace(size), 16, 64)
		if err != nil || n < 0 {
			return nil, errors.New("bad chunk size")
		}
		if n == 0 {
			return out, nil
		}
		if n > int64(len(rest)) {
			return nil, errors.New("chunk beyond the body")
		}
		out = append(out, rest[:n]...)
		b = bytes.TrimPrefix(bytes.TrimPrefix(rest[n:], []byte("\r")), []byte("\n"))
		if len(b) == 0 {
			// The last chunk and trailer are missing: keep what came.
			return out, nil
		}
	}
}

// decodeContent removes a content coding.
func decodeContent(body []byte, coding string, maxBody int64) ([]byte, error) {
	coding = strings.ToLower(strings.TrimSpace(coding))
	var r io.Reader
	switch coding {
	case "", "identity", "none", "utf-8", "text/html":
		return body, nil
	case "gzip", "x-gzip":
		if len(body) < 2 || body[0] != 0x1f || body[1] != 0x8b {
			// Stored decoded, with the header left in.
			return body, nil
		}
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, fmt.Errorf("%w: gzip body: %v", ErrBadHTTP, err)
		}
		r = zr
	case "deflate":
		// "deflate" is zlib-wrapped by the standard, raw by some servers.
		if zr, err := zlib.NewReader(bytes.NewReader(body)); err == nil {
			r = zr
		} else {
			r = flate.NewReader(bytes.NewReader(body))
		}
	default:
		return nil, fmt.Errorf("%w: %q", ErrUnsupportedCodec, coding)
	}
	limit := maxBody
	if limit <= 0 {
		limit = 1<<63 - 2
	}
	out, err := io.ReadAll(io.LimitReader(r, limit+1))
	if int64(len(out)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes decoded", ErrBodyTooLarge, maxBody)
	}
	if err != nil && len(out) == 0 {
		return nil, fmt.Errorf("%w: %s body: %v", ErrBadHTTP, coding, err)
	}
	// A body cut short by the crawler still gives what it holds.
	return out, nil
}
