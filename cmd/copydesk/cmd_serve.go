package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"

	"github.com/copydesk/copydesk/internal/server"
)

const serveAbout = `
Serves a run's output directory (articles.jsonl or articles.parquet, with
manifest.json and clusters.jsonl) in the browser: full-text search with
filters, each article with its dates, summary and source, the timeline
of its story, an explain view that reads the page again and shows every
block kept or cut with its reason, and the run's figures. The search
index is built on first use and kept beside the dataset
(DIR/index.sqlite), and built again when the dataset changes. Read-only;
it listens on the loopback address unless told otherwise.`

func cmdServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "[flags] DIR", serveAbout)
	addr := fs.String("addr", server.DefaultAddr, "address to listen on (host:port)")
	indexPath := fs.String("index", "", "where to keep the search index (default DIR/index.sqlite)")
	sources := fs.String("sources", "", "directory the records' relative source files are under, any file of which the explain view may read (default: only the run's inputs listed in DIR/manifest.json, from the working directory, then DIR and its parent)")
	dirs, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(dirs) != 1 {
		return usagef("want exactly one DIR")
	}
	if _, port, err := net.SplitHostPort(*addr); err != nil || port == "" || !validPort(port) {
		return usagef("--addr %s: want HOST:PORT (127.0.0.1:8080, or :8080 for every address)", *addr)
	}
	if *sources != "" {
		if info, err := os.Stat(*sources); err != nil || !info.IsDir() {
			return usagef("--sources %s: want a directory", *sources)
		}
	}
	o := server.Options{Dir: dirs[0], IndexPath: *indexPath, Sources: *sources,
		Logger: slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))}
	fmt.Fprintf(e.stderr, "copydesk serve: opening %s (the index is built on first use)\n", dirs[0])
	s, err := server.New(ctx, o)
	if err != nil {
		return err
	}
	defer s.Close()
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("--addr %s: %w", *addr, err)
	}
	if !server.IsLoopback(l.Addr().String()) {
		fmt.Fprintf(e.stderr, "copydesk serve: warning: %s is not a loopback address: anyone who can reach it can read the dataset\n", l.Addr())
	}
	fmt.Fprintf(e.stderr, "copydesk serve: http://%s/ (index %s)\n", l.Addr(), s.IndexPath())
	return s.Serve(ctx, l)
}

// validPort reports whether port is a port number, 0 to 65535, or a
// service name (http), which net.Listen looks up.
func validPort(port string) bool {
	if n, err := strconv.Atoi(port); err == nil {
		return n >= 0 && n <= 65535
	}
	return strings.Trim(strings.ToLower(port), "abcdefghijklmnopqrstuvwxyz-") == ""
}
