// Package server is copydesk serve: a read-only web interface over a
// run's output directory (package dataset) with full-text search
// (package index), an article page, a story timeline, an explain view
// that reads a record's page again and shows what was cut and why, and
// the run's figures (package report).
//
// Page content is untrusted: every page is rendered by html/template,
// and every response carries a Content-Security-Policy that allows no
// script at all, styles and images from the server only. The server
// answers GET and HEAD (and POST of CSP violation reports, bounded),
// caps the length of URLs and query texts, and gives every request a
// time budget. It never writes to the dataset; it writes its index
// beside it (Options.IndexPath).
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/copydesk/copydesk/internal/dataset"
	"github.com/copydesk/copydesk/internal/index"
	"github.com/copydesk/copydesk/internal/report"
)

// Defaults of Options.
const (
	DefaultAddr           = "127.0.0.1:8080"
	DefaultRequestTimeout = 15 * time.Second
	DefaultCheckEvery     = 2 * time.Second
	// MaxURLBytes caps a request's path and query; longer: 414.
	MaxURLBytes = 2048
	// MaxReportBytes caps a CSP violation report's body.
	MaxReportBytes = 8 << 10
)

// Options configure a Server. Only Dir is required.
type Options struct {
	Dir string // the run's output directory
	// IndexPath is where the index is kept; "" means Dir/index.sqlite.
	IndexPath string
	// Sources is a directory the explain view may read any file under,
	// for records whose relative source_file is there. Empty: it reads
	// only the run's inputs as manifest.json lists them (and files under
	// them), looked for from the working directory, then Dir and its
	// parent.
	Sources string
	// RequestTimeout bounds one request (0: DefaultRequestTimeout).
	RequestTimeout time.Duration
	// CheckEvery is how often, at most, a request checks whether the
	// dataset changed on disk (0: DefaultCheckEvery; negative: never).
	CheckEvery time.Duration
	// Logger receives build, rebuild and CSP-report messages; nil: none.
	Logger *slog.Logger
}

// state is what the pages are made from; it is replaced whole when the
// dataset changes.
type state struct {
	ds           *dataset.Dataset
	ix           *index.Index
	stats        *report.Stats
	sites, langs []index.Facet // the search form's choices
}

// Server serves one dataset. It is safe for concurrent use.
type Server struct {
	o       Options
	mu      sync.RWMutex
	st      *state
	checked atomic.Int64 // UnixNano of the last change check
	loading atomic.Bool  // a load of a changed dataset is under way
	wg      sync.WaitGroup
	closed  bool // under mu

	// CSPReports counts the Content-Security-Policy violations browsers
	// reported.
	CSPReports atomic.Int64
}

// New opens the dataset in o.Dir and its index, building the index when
// it is missing or stale. A missing or broken dataset is an error that
// says so (dataset.ErrNotFound, dataset.ErrBroken).
func New(ctx context.Context, o Options) (*Server, error) {
	if o.Dir == "" {
		return nil, errors.New("server: no dataset directory")
	}
	if o.IndexPath == "" {
		o.IndexPath = filepath.Join(o.Dir, "index.sqlite")
	}
	if o.RequestTimeout == 0 {
		o.RequestTimeout = DefaultRequestTimeout
	}
	if o.CheckEvery == 0 {
		o.CheckEvery = DefaultCheckEvery
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{o: o}
	st, err := s.load(ctx)
	if err != nil {
		return nil, err
	}
	s.st = st
	s.checked.Store(time.Now().UnixNano())
	return s, nil
}

// load opens the dataset and its index, building the index if needed.
func (s *Server) load(ctx context.Context) (*state, error) {
	ds, err := dataset.Open(s.o.Dir)
	if err != nil {
		return nil, err
	}
	col := report.NewCollector(ds)
	ix, err := index.Open(ctx, ds, s.o.IndexPath, index.Options{
		Observe: col.Add,
		Meta: func() (map[string]string, error) {
			b, err := json.Marshal(col.Stats())
			return map[string]string{"stats": string(b)}, err
		},
	})
	if err != nil {
		return nil, fmt.Errorf("index of %s: %w", s.o.Dir, err)
	}
	if ix.Built {
		s.o.Logger.Info("index built", "path", ix.Path, "seconds", ix.BuildTime.Seconds())
	}
	stats := &report.Stats{}
	if v, err := ix.Meta("stats"); err == nil {
		if err := json.Unmarshal([]byte(v), stats); err != nil {
			ix.Close()
			return nil, fmt.Errorf("index %s: %w", ix.Path, err)
		}
	}
	stats.Manifest = ds.Manifest
	st := &state{ds: ds, ix: ix, stats: stats}
	if st.sites, err = ix.Facets(ctx, "site", 200); err == nil {
		st.langs, err = ix.Facets(ctx, "lang", 50)
	}
	if err != nil {
		ix.Close()
		return nil, fmt.Errorf("index %s: %w", ix.Path, err)
	}
	return st, nil
}

// state returns the current state. At most every CheckEvery it checks
// whether the dataset changed on disk since the state was loaded, and if
// so loads it again on a goroutine of its own, one load at a time: the
// requests meanwhile are answered from the last state, and the new one
// is swapped in when it is ready. A dataset that is broken after a
// change is logged, and the last good state is served.
func (s *Server) state(ctx context.Context) *state {
	s.mu.RLock()
	st := s.st
	s.mu.RUnlock()
	if s.o.CheckEvery < 0 {
		return st
	}
	now := time.Now().UnixNano()
	last := s.checked.Load()
	if now-last < int64(s.o.CheckEvery) || !s.checked.CompareAndSwap(last, now) {
		return st
	}
	if st.ix.Current(st.ds) || !s.loading.CompareAndSwap(false, true) {
		return st
	}
	s.wg.Go(func() {
		defer s.loading.Store(false)
		next, err := s.load(context.WithoutCancel(ctx))
		if err != nil {
			s.o.Logger.Error("dataset changed and cannot be read; serving the last index", "err", err)
			return
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			next.ix.Close()
			return
		}
		old := s.st
		s.st = next
		s.mu.Unlock()
		s.o.Logger.Info("dataset changed: new index in use", "path", next.ix.Path)
		// Requests still reading the old index have until their time
		// budget ends; the file was replaced by a rename, so they read
		// the old one to the end.
		time.AfterFunc(s.o.RequestTimeout, func() { old.ix.Close() })
	})
	return st
}

// sources says which files the explain view may read for st's records.
func (s *Server) sources(st *state) sources {
	src := sources{roots: []string{".", s.o.Dir, filepath.Dir(filepath.Clean(s.o.Dir))}, trusted: s.o.Sources}
	if st.ds.Manifest != nil {
		src.inputs = st.ds.Manifest.Inputs
	}
	return src
}

// Close waits for a load in progress and closes the index.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.ix.Close()
}

// IndexPath returns where the index is kept.
func (s *Server) IndexPath() string { return s.o.IndexPath }

// Built reports whether New built the index (else it was up to date),
// and how long that took.
func (s *Server) Built() (bool, time.Duration) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.st.ix.Built, s.st.ix.BuildTime
}

// Serve answers requests on l until ctx is done, then shuts down,
// letting requests in flight finish within the request timeout.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	hs := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      s.o.RequestTimeout + 5*time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(s.o.Logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(l) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.o.RequestTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// IsLoopback reports whether addr (host:port) names a loopback address.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
