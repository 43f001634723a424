package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	neturl "net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/copydesk/copydesk"
)

// Defaults of FetchOptions.
const (
	DefaultFetchRetries = 5
	DefaultBackoffBase  = time.Second
	DefaultBackoffMax   = time.Minute
	DefaultReadTimeout  = time.Minute
)

// FetchOptions tune how inputs named by URL are fetched. The zero value
// works.
//
// A request is tried again, after a wait, when the server answers 5xx,
// 429 or 408, when the connection fails, and when the body is cut or
// stalls; a body is then resumed from the byte after the last one read,
// with a Range request whose If-Range names the input as it was first
// fetched. An answer that does not resume the same input exactly there
// fails the input: its records already read stand, and the rest is one
// failed record. Other 4xx answers (404, 410, 403) are not tried again.
type FetchOptions struct {
	// Client sends the requests. Nil means a client of the Remote's own,
	// with no overall time limit: a body may take minutes to read, and
	// ReadTimeout catches one that stalls.
	Client *http.Client
	// Retries is how many times an input's requests may be tried again
	// in all, counting resumed bodies. Zero means DefaultFetchRetries;
	// negative means none.
	Retries int
	// BackoffBase is the wait before the first retry; each retry after
	// it doubles the wait, up to BackoffMax. Each wait is drawn at random
	// between half of it and all of it, so that many readers of one
	// server do not retry in step. Zero means DefaultBackoffBase.
	BackoffBase time.Duration
	// BackoffMax caps one wait, one asked for by a Retry-After header
	// too. Zero means DefaultBackoffMax.
	BackoffMax time.Duration
	// ReadTimeout is how long a request waits for the response header,
	// and a read of the body for its next bytes, before the connection
	// counts as cut. The time the reader spends between reads does not
	// count. Zero means DefaultReadTimeout.
	ReadTimeout time.Duration
	// Deadline bounds the reading of one input, from its first request
	// to the end of its body, waits and the processing of its records
	// while it streams included. Zero means none.
	Deadline time.Duration
	// UserAgent is sent with each request; empty means "copydesk".
	UserAgent string
	// OnRetry, when set, is told of each retry before its wait: the URL,
	// the attempt about to be made (2 for the first retry), the wait and
	// what failed. It is called from the goroutine reading the input.
	OnRetry func(url string, attempt int, wait time.Duration, err error)
}

// Validate reports whether o is usable.
func (o FetchOptions) Validate() error {
	for _, f := range []struct {
		name string
		d    time.Duration
	}{{"BackoffBase", o.BackoffBase}, {"BackoffMax", o.BackoffMax}, {"ReadTimeout", o.ReadTimeout}, {"Deadline", o.Deadline}} {
		if f.d < 0 {
			return fmt.Errorf("source: fetch %s %v: want 0 or more", f.name, f.d)
		}
	}
	return nil
}

func (o FetchOptions) retries() int {
	switch {
	case o.Retries < 0:
		return 0
	case o.Retries == 0:
		return DefaultFetchRetries
	}
	return o.Retries
}

// orDefault returns d, or def when d is not positive (which Validate
// refuses).
func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// Errors of inputs named by URL. They come inside a *FetchError.
var (
	ErrNoResume = errors.New("source: the server did not resume the body where it was cut")
	ErrChanged  = errors.New("source: the input changed on the server while it was read")
	ErrStalled  = errors.New("source: no data within the read timeout")
	ErrDeadline = errors.New("source: the input's deadline passed")
)

// FetchError is an input named by URL that could not be read, or not to
// its end. It matches copydesk.ErrFetch (its records' failure reason is
// "fetch-failed") and the error that ended the fetch.
type FetchError struct {
	URL      string
	Offset   int64 // bytes of the body read before the failure
	Status   int   // HTTP status of the last answer, 0 when there was none
	Attempts int   // requests made
	Err      error
}

func (e *FetchError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "fetch %s", e.URL)
	if e.Offset > 0 {
		fmt.Fprintf(&b, " at byte %d", e.Offset)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (%d attempts)", e.Attempts)
	}
	fmt.Fprintf(&b, ": %v", e.Err)
	return b.String()
}

func (e *FetchError) Unwrap() []error { return []error{copydesk.ErrFetch, e.Err} }

// statusError is an answer whose status is not the one asked for.
type statusError struct {
	code       int
	status     string
	retryAfter time.Duration
}

func (e *statusError) Error() string { return "HTTP " + e.status }

// retryable reports whether a request that failed with err may be made
// again.
func retryable(err error) bool {
	var se *statusError
	if errors.As(err, &se) {
		return se.code >= 500 && se.code != http.StatusNotImplemented && se.code != http.StatusHTTPVersionNotSupported ||
			se.code == http.StatusTooManyRequests || se.code == http.StatusRequestTimeout
	}
	for _, final := range []error{ErrNoResume, ErrChanged, ErrDeadline, errBadURL, context.Canceled} {
		if errors.Is(err, final) {
			return false
		}
	}
	return true
}

// IsURL reports whether an input names an http or https URL.
func IsURL(input string) bool {
	l := strings.ToLower(input[:min(len(input), 8)])
	return strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")
}

// Remote fetches inputs named by URL, and remembers the identity each
// had when it was read to its end, for a resumed run to tell whether it
// changed since. It is safe for concurrent use.
type Remote struct {
	opts    FetchOptions
	client  *http.Client
	mu      sync.Mutex
	fetched map[string]string
}

// NewRemote returns a Remote that fetches with opts.
func NewRemote(opts FetchOptions) *Remote {
	r := &Remote{opts: opts, client: opts.Client, fetched: map[string]string{}}
	if r.client == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.ResponseHeaderTimeout = 0 // ReadTimeout covers it
		r.client = &http.Client{Transport: t}
	}
	return r
}

// Fetched returns the identity url had when it was last read to its end
// through r, and whether it was.
func (r *Remote) Fetched(url string) (string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	id, ok := r.fetched[url]
	return id, ok
}

// identity names a version of an input: its ETag, else its length and
// modification time; "" when the server gave neither.
func identity(h http.Header, length int64) string {
	if etag := h.Get("ETag"); etag != "" {
		return "etag " + etag
	}
	if lm := h.Get("Last-Modified"); lm != "" && length >= 0 {
		return fmt.Sprintf("length %d last-modified %s", length, lm)
	}
	return ""
}

// body is the body of one input, resumed across connections.
type body struct {
	r      *Remote
	url    string
	ctx    context.Context // the input's, with its deadline
	cancel context.CancelFunc
	mode   int // modeGet, or modeHead and modeProbe for Identify

	// Learned from the first full answer.
	etag, lastMod string
	id            string
	total         int64 // whole length, -1 when unknown

	off      int64 // bytes read
	attempts int   // requests made
	status   int   // of the last answer
	resp     *http.Response
	stop     context.CancelFunc // cancels the open response's request
	timer    *time.Timer        // calls stop when a read stalls
	pending  error              // what cut the last connection
	err      error              // sticky: a *FetchError, or io.EOF
}

const (
	modeGet   = iota
	modeHead  // HEAD: the identity only
	modeProbe // GET of the first byte: the identity, where HEAD is refused
)

// Identify asks the server for the identity url has now, with a HEAD
// request, or a GET of its first byte when HEAD is refused (405, 501,
// 403), tried again as fetches are. The identity is the one Fetched
// gives for the same version of the input; "" means the server names
// no version.
func (r *Remote) Identify(ctx context.Context, url string) (string, error) {
	id, err := r.identify(ctx, url, modeHead)
	var se *statusError
	// Servers that refuse HEAD answer 405 or 501; a URL signed for GET
	// only (an object store's presigned URL) answers 403.
	if errors.As(err, &se) && (se.code == http.StatusMethodNotAllowed || se.code == http.StatusNotImplemented || se.code == http.StatusForbidden) {
		id, err = r.identify(ctx, url, modeProbe)
	}
	return id, err
}

func (r *Remote) identify(ctx context.Context, url string, mode int) (string, error) {
	b := r.newBody(ctx, url)
	defer b.Close()
	b.mode = mode
	if err := b.connect(); err != nil {
		return "", err
	}
	return b.id, nil
}

// Open starts fetching url and returns its body, which the caller must
// close. The first request's failure (after its retries) is Open's
// error; a later one is the body's Read error. Errors are *FetchError.
// Once the body has been read to its end, Fetched gives its identity.
func (r *Remote) Open(ctx context.Context, url string) (io.ReadCloser, error) {
	return r.open(ctx, url)
}

func (r *Remote) open(ctx context.Context, url string) (*body, error) {
	b := r.newBody(ctx, url)
	if err := b.connect(); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

func (r *Remote) newBody(ctx context.Context, url string) *body {
	b := &body{r: r, url: url, total: -1}
	if r.opts.Deadline > 0 {
		b.ctx, b.cancel = context.WithTimeout(ctx, r.opts.Deadline)
	} else {
		b.ctx, b.cancel = context.WithCancel(ctx)
	}
	return b
}

func (b *body) Read(p []byte) (int, error) {
	for {
		if b.err != nil {
			return 0, b.err
		}
		if b.resp == nil {
			if err := b.connect(); err != nil {
				return 0, err
			}
		}
		b.timer.Reset(orDefault(b.r.opts.ReadTimeout, DefaultReadTimeout))
		n, err := b.resp.Body.Read(p)
		stalled := !b.timer.Stop()
		b.off += int64(n)
		switch {
		case err == nil:
			return n, nil
		case err == io.EOF && (b.total < 0 || b.off == b.total):
			b.r.mu.Lock()
			b.r.fetched[b.url] = b.id
			b.r.mu.Unlock()
			b.closeResp()
			b.err = io.EOF
			return n, io.EOF
		case err == io.EOF:
			err = io.ErrUnexpectedEOF
		case stalled:
			err = fmt.Errorf("%w (%v)", ErrStalled, orDefault(b.r.opts.ReadTimeout, DefaultReadTimeout))
		}
		b.closeResp()
		if b.ctx.Err() != nil {
			b.fail(b.ctxErr())
		} else {
			b.pending = err // the next connect resumes
		}
		if n > 0 {
			return n, nil
		}
	}
}

// Close ends the body; it is safe to call more than once.
func (b *body) Close() error {
	b.closeResp()
	b.cancel()
	if b.err == nil {
		b.err = errors.New("source: read after close")
	}
	return nil
}

func (b *body) closeResp() {
	if b.resp != nil {
		b.resp.Body.Close()
		b.stop()
		b.resp = nil
	}
}

// failure returns the error that ended the body early, if any.
func (b *body) failure() *FetchError {
	fe, _ := b.err.(*FetchError)
	return fe
}

func (b *body) ctxErr() error {
	if errors.Is(b.ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%w (%v)", ErrDeadline, b.r.opts.Deadline)
	}
	return b.ctx.Err()
}

func (b *body) fail(err error) error {
	fe := &FetchError{URL: b.url, Offset: b.off, Status: b.status, Attempts: b.attempts, Err: err}
	b.err = fe
	return fe
}

// connect makes requests until one answers with the body from b.off on
// (for Identify, with the input's identity), and fails the input when no
// retry is left or an answer cannot be used.
func (b *body) connect() error {
	if err := b.pending; err != nil {
		b.pending = nil
		if err := b.backoff(err); err != nil {
			return err
		}
	}
	for {
		err := b.request()
		if err == nil {
			return nil
		}
		if b.ctx.Err() != nil {
			return b.fail(b.ctxErr())
		}
		if !retryable(err) {
			return b.fail(err)
		}
		if err := b.backoff(err); err != nil {
			return err
		}
	}
}

// backoff waits before the attempt after one that failed with err, or
// fails the input when no retry is left or the wait would pass its
// deadline.
func (b *body) backoff(err error) error {
	if b.attempts > b.r.opts.retries() {
		return b.fail(err)
	}
	var ra time.Duration
	var se *statusError
	if errors.As(err, &se) {
		ra = se.retryAfter
	}
	wait := b.r.opts.wait(b.attempts, ra)
	if dl, ok := b.ctx.Deadline(); ok && time.Until(dl) < wait {
		return b.fail(fmt.Errorf("%w (%v) before the next retry, after: %w", ErrDeadline, b.r.opts.Deadline, err))
	}
	if f := b.r.opts.OnRetry; f != nil {
		f(b.url, b.attempts+1, wait, err)
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-b.ctx.Done():
		return b.fail(b.ctxErr())
	}
}

// wait returns the wait before the retry after attempt n (1 for the
// first): exponential, with jitter, at least retryAfter, at most
// BackoffMax.
func (o FetchOptions) wait(n int, retryAfter time.Duration) time.Duration {
	base, hi := orDefault(o.BackoffBase, DefaultBackoffBase), orDefault(o.BackoffMax, DefaultBackoffMax)
	d := base
	for i := 1; i < n && d < hi; i++ {
		d *= 2
	}
	d = min(d, hi)
	d = d/2 + rand.N(d/2+1)
	return min(hi, max(d, retryAfter))
}

// request makes one request and keeps its answer when it can be used.
func (b *body) request() error {
	ctx, stop := context.WithCancel(b.ctx)
	method := http.MethodGet
	if b.mode == modeHead {
		method = http.MethodHead
	}
	req, err := http.NewRequestWithContext(ctx, method, b.url, nil)
	if err != nil {
		stop()
		return fmt.Errorf("%w: %v", errBadURL, err)
	}
	// Ranges count the bytes as stored, and a .gz input is decompressed
	// by its reader: no transparent decompression.
	req.Header.Set("Accept-Encoding", "identity")
	req.Header.Set("User-Agent", orString(b.r.opts.UserAgent, "copydesk"))
	switch {
	case b.mode == modeProbe:
		req.Header.Set("Range", "bytes=0-0")
	case b.off > 0:
		if b.etag == "" && b.lastMod == "" {
			stop()
			return fmt.Errorf("%w: the server named no version of the input (ETag, Last-Modified) to resume it by", ErrNoResume)
		}
		req.Header.Set("Range", fmt.Sprintf("bytes=%d-", b.off))
		if b.etag != "" && !strings.HasPrefix(b.etag, "W/") {
			req.Header.Set("If-Range", b.etag)
		} else if b.lastMod != "" {
			req.Header.Set("If-Range", b.lastMod)
		}
	}
	timeout := orDefault(b.r.opts.ReadTimeout, DefaultReadTimeout)
	timer := time.AfterFunc(timeout, stop)
	b.attempts++
	resp, err := b.r.client.Do(req)
	stalled := !timer.Stop()
	if err != nil {
		stop()
		if stalled && b.ctx.Err() == nil {
			return fmt.Errorf("%w (%v) for the response header", ErrStalled, timeout)
		}
		return err
	}
	b.status = resp.StatusCode
	if err := b.accept(resp); err != nil {
		io.CopyN(io.Discard, resp.Body, 4<<10) // lets the connection be reused
		resp.Body.Close()
		stop()
		return err
	}
	if b.mode != modeGet {
		resp.Body.Close()
		stop()
		return nil
	}
	b.resp, b.stop, b.timer = resp, stop, timer
	return nil
}

var errBadURL = errors.New("source: bad URL")

func orString(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// accept checks that an answer is the one asked for: the whole input, or
// the same input from b.off on.
func (b *body) accept(resp *http.Response) error {
	code := resp.StatusCode
	switch {
	case b.mode == modeProbe && code == http.StatusPartialContent:
		_, total, ok := contentRange(resp.Header.Get("Content-Range"))
		if !ok {
			total = -1
		}
		b.id = identity(resp.Header, total)
		return nil
	case b.off == 0 && code == http.StatusOK:
		b.etag, b.lastMod = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
		b.total = resp.ContentLength
		if b.mode == modeHead && resp.Header.Get("Content-Length") != "" {
			b.total, _ = strconv.ParseInt(resp.Header.Get("Content-Length"), 10, 64)
		}
		b.id = identity(resp.Header, b.total)
		return nil
	case b.off > 0 && code == http.StatusPartialContent:
		start, total, ok := contentRange(resp.Header.Get("Content-Range"))
		switch {
		case b.changed(resp.Header), ok && b.total >= 0 && total >= 0 && total != b.total:
			return ErrChanged
		case !ok || start != b.off:
			return fmt.Errorf("%w: it answered bytes=%d- with Content-Range %q", ErrNoResume, b.off, resp.Header.Get("Content-Range"))
		}
		if b.total < 0 {
			b.total = total // the first answer had no Content-Length
		}
		return nil
	case b.off > 0 && code == http.StatusOK:
		if b.changed(resp.Header) {
			return ErrChanged
		}
		return fmt.Errorf("%w: it answered bytes=%d- with the whole body (200)", ErrNoResume, b.off)
	}
	return &statusError{code: code, status: resp.Status, retryAfter: retryAfter(resp.Header)}
}

// changed reports whether an answer names another version of the input
// than the first answer did.
func (b *body) changed(h http.Header) bool {
	if e := h.Get("ETag"); b.etag != "" && e != "" && e != b.etag {
		return true
	}
	lm := h.Get("Last-Modified")
	return b.lastMod != "" && lm != "" && lm != b.lastMod
}

// contentRange parses "bytes START-END/TOTAL"; total is -1 for "*".
func contentRange(v string) (start, total int64, ok bool) {
	rest, found := strings.CutPrefix(strings.TrimSpace(v), "bytes ")
	if !found {
		return 0, 0, false
	}
	span, size, found := strings.Cut(rest, "/")
	first, _, found2 := strings.Cut(span, "-")
	if !found || !found2 {
		return 0, 0, false
	}
	start, err := strconv.ParseInt(first, 10, 64)
	if err != nil || start < 0 {
		return 0, 0, false
	}
	total = -1
	if size != "*" {
		if total, err = strconv.ParseInt(size, 10, 64); err != nil {
			return 0, 0, false
		}
	}
	return start, total, true
}

// retryAfter returns the wait a Retry-After header asks for, in seconds
// or as a date; zero when there is none.
func retryAfter(h http.Header) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		return time.Duration(min(max(s, 0), 1<<20)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}

// readURL yields the records of the input named by url. When its body
// fails for good, the records read stand and the next failed Document
// is the input's last: the fetch failure, at the offset the reading
// stopped at, which stands for the rest of the input.
func readURL(ctx context.Context, url string, opts Options, yield func(*copydesk.Document) bool) bool {
	b, err := opts.Remote.open(ctx, url)
	if err != nil {
		return yield(failed(url, 0, opts.Format, err))
	}
	defer b.Close()
	more, ended := true, false
	readStream(url, b, -1, opts, func(d *copydesk.Document) bool {
		// The archive reader reads ahead: the fetch may have failed well
		// before the record it cut. A failed record (not one dropped
		// on purpose) after the failure is where it shows.
		if fe := b.failure(); fe != nil && d.Outcome == copydesk.Failed {
			more, ended = yield(failed(url, d.Source.Offset, d.Source.Format, fe)), true
			return false
		}
		more = yield(d)
		return more
	})
	if fe := b.failure(); fe != nil && more && !ended {
		// A reader that met the failure without a failed record.
		more = yield(failed(url, fe.Offset, opts.Format, fe))
	}
	return more
}

// urlPath returns the path of an input named by URL, for sniffing its
// format by its name, and any other input as it is.
func urlPath(name string) string {
	if !IsURL(name) {
		return name
	}
	if u, err := neturl.Parse(name); err == nil {
		return u.Path
	}
	return name
}
