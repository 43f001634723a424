package server

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/copydesk/copydesk/internal/chart"
	"github.com/copydesk/copydesk/internal/dataset"
	"github.com/copydesk/copydesk/internal/index"
	"github.com/copydesk/copydesk/internal/report"
)

// CSP is the Content-Security-Policy of every response: no script, no
// inline style, nothing from elsewhere, no framing, forms to this server
// only, and violations reported to /csp-report.
const CSP = "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'; report-uri /csp-report"

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// PerPage is the number of search results on a page.
const PerPage = 20

// funcs are the pages' functions. A record's nullable fields are read
// through text, int and time, which show null as "", 0 and "".
var funcs = template.FuncMap{
	"href":      href,
	"number":    func(n int) string { return chart.Number(float64(n)) },
	"paras":     func(s string) []string { return strings.Split(s, "\n\n") },
	"path":      url.PathEscape,
	"siteOfURL": siteOf,
	"text":      dataset.Value[string],
	"int":       dataset.Value[int64],
	"time":      dataset.Time,
}

// pages are parsed once, on first use (not when a program that does not
// serve starts): each page template with the layout.
var pages = sync.OnceValue(func() map[string]*template.Template {
	m := map[string]*template.Template{}
	names, _ := fs.Glob(templateFS, "templates/*.html")
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" {
			continue
		}
		m[base] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", n))
	}
	return m
})

// href returns u when it is an http or https URL, for a link; "" for
// anything else (javascript:, data:, relative), which pages show as text.
func href(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return p.String()
}

// Handler returns the server's routes wrapped in its limits: security
// headers, allowed methods, URL length and the request time budget.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/search", http.StatusFound)
	})
	mux.HandleFunc("GET /search", s.search)
	mux.HandleFunc("GET /article/{id...}", s.article)
	mux.HandleFunc("GET /story/{id...}", s.story)
	mux.HandleFunc("GET /explain/{id...}", s.explain)
	mux.HandleFunc("GET /run", s.run)
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("POST /csp-report", s.cspReport)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusNotFound, "No such page.")
	})
	timed := http.TimeoutHandler(mux, s.o.RequestTimeout, "The request took too long.")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", CSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		switch {
		case len(r.URL.RawQuery)+len(r.URL.EscapedPath()) > MaxURLBytes:
			s.fail(w, r, http.StatusRequestURITooLong, fmt.Sprintf("The address is longer than %d bytes.", MaxURLBytes))
			return
		case r.Method == http.MethodPost && r.URL.Path == "/csp-report":
		case r.Method != http.MethodGet && r.Method != http.MethodHead:
			h.Set("Allow", "GET, HEAD")
			s.fail(w, r, http.StatusMethodNotAllowed, "This server is read-only.")
			return
		}
		timed.ServeHTTP(w, r)
	})
}

// render executes a page into a buffer first, so that a failure is an
// error page and not half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data map[string]any) {
	data["Nav"] = name
	var b bytes.Buffer
	if err := pages()[name].Execute(&b, data); err != nil {
		s.o.Logger.Error("render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(b.Bytes())
	}
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	s.render(w, r, status, "error", map[string]any{"Status": status, "StatusText": http.StatusText(status), "Message": msg})
}

// failErr answers with the error of a lookup or query.
func (s *Server) failErr(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, index.ErrNotFound):
		s.fail(w, r, http.StatusNotFound, "No article has this id.")
	case errors.Is(err, index.ErrQueryTooLong):
		s.fail(w, r, http.StatusBadRequest, fmt.Sprintf("The query is longer than %d bytes.", index.MaxQueryBytes))
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		s.fail(w, r, http.StatusServiceUnavailable, "The request took too long.")
	default:
		s.o.Logger.Error("request", "path", r.URL.Path, "err", err)
		s.fail(w, r, http.StatusInternalServerError, "The index could not answer.")
	}
}

// searchForm is a search as its URL gives it.
type searchForm struct {
	Q, Site, Lang, From, To string
	Summary                 bool
	Sort                    string // "relevance" or "date"
	Page                    int    // from 1
}

// parseSearch reads and checks a search URL's parameters.
func parseSearch(v url.Values) (searchForm, error) {
	f := searchForm{Q: v.Get("q"), Site: v.Get("site"), Lang: v.Get("lang"), From: v.Get("from"), To: v.Get("to"),
		Summary: v.Get("summary") == "1", Sort: v.Get("sort"), Page: 1}
	if len(f.Q) > index.MaxQueryBytes {
		return f, fmt.Errorf("the query is longer than %d bytes", index.MaxQueryBytes)
	}
	if len(f.Site) > 253 || len(f.Lang) > 16 {
		return f, errors.New("the site or language filter is too long")
	}
	for _, d := range []string{f.From, f.To} {
		if d == "" {
			continue
		}
		if _, err := time.Parse("2006-01-02", d); err != nil {
			return f, fmt.Errorf("%q is not a date (YYYY-MM-DD)", d)
		}
	}
	switch f.Sort {
	case "", "relevance", "date":
	default:
		return f, fmt.Errorf("sort by %q: want relevance or date", f.Sort)
	}
	if p := v.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || (n-1)*PerPage > index.MaxOffset {
			return f, fmt.Errorf("page %q: want 1 to %d", p, index.MaxOffset/PerPage+1)
		}
		f.Page = n
	}
	return f, nil
}

// url returns the search URL of f on page n.
func (f searchForm) url(page int) string {
	v := url.Values{}
	for k, s := range map[string]string{"q": f.Q, "site": f.Site, "lang": f.Lang, "from": f.From, "to": f.To, "sort": f.Sort} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if f.Summary {
		v.Set("summary", "1")
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return "/search?" + v.Encode()
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	f, err := parseSearch(r.URL.Query())
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, "Bad search: "+err.Error()+".")
		return
	}
	st := s.state(r.Context())
	res, err := st.ix.Search(r.Context(), index.Query{
		Text: f.Q, Site: f.Site, Lang: f.Lang, From: f.From, To: f.To, HasSummary: f.Summary,
		ByDate: f.Sort == "date", Offset: (f.Page - 1) * PerPage, Limit: PerPage,
	})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	data := map[string]any{"Title": "Search", "Form": f, "Result": res, "Sites": st.sites, "Langs": st.langs,
		"First": (f.Page-1)*PerPage + 1, "Last": (f.Page-1)*PerPage + len(res.Hits)}
	if f.Page > 1 {
		data["Prev"] = f.url(f.Page - 1)
	}
	if f.Page*PerPage < res.Total && f.Page*PerPage <= index.MaxOffset {
		data["Next"] = f.url(f.Page + 1)
	}
	s.render(w, r, http.StatusOK, "search", data)
}

// lookup returns the article named by the request's {id}, and the number
// of records sharing that id.
func (s *Server) lookup(w http.ResponseWriter, r *http.Request) (*index.Doc, int, bool) {
	st := s.state(r.Context())
	docs, err := st.ix.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		s.failErr(w, r, err)
		return nil, 0, false
	}
	n := 0
	if v := r.URL.Query().Get("n"); v != "" {
		n, _ = strconv.Atoi(v)
		n = min(max(n, 0), len(docs)-1)
	}
	return &docs[n], len(docs), true
}

// summaryHow says how a summary was made.
func summaryHow(method string) string {
	switch method {
	case "description":
		return "the publisher's own description, judged to be prose about the article"
	case "lead":
		return "the lead: the article's first whole sentences within the word budget"
	case "":
		return "no summary"
	}
	return method
}

func (s *Server) article(w http.ResponseWriter, r *http.Request) {
	d, same, ok := s.lookup(w, r)
	if !ok {
		return
	}
	st := s.state(r.Context())
	data := map[string]any{"Title": dataset.Value(d.Title), "Doc": d, "SameID": same, "SameIDLast": same - 1,
		"SummaryHow": summaryHow(dataset.Value(d.SummaryMethod)), "Site": siteOf(dataset.Value(d.URL)), "Story": storyOf(d)}
	// The date's signal is not in the dataset: read the page again, in
	// a part of the request's budget.
	ctx, cancel := context.WithTimeout(r.Context(), s.o.RequestTimeout/3)
	defer cancel()
	if ex, err := explain(ctx, &d.Record, s.sources(st)); err == nil {
		data["DateSource"] = ex.DateSource
		if ex.DateSource == "" {
			data["DateNote"] = "no signal on the page gave a date"
		}
	} else {
		data["DateNote"] = "the signal is not known: " + err.Error()
	}
	s.render(w, r, http.StatusOK, "article", data)
}

func (s *Server) explain(w http.ResponseWriter, r *http.Request) {
	d, _, ok := s.lookup(w, r)
	if !ok {
		return
	}
	data := map[string]any{"Title": "Explain: " + dataset.Value(d.Title), "Doc": d}
	ex, err := explain(r.Context(), &d.Record, s.sources(s.state(r.Context())))
	switch {
	case err == nil:
		data["Ex"] = ex
		data["Dropped"] = len(ex.Blocks) - ex.Kept
	case errors.Is(err, errNoSource):
		data["NoSource"] = err.Error()
	default:
		s.failErr(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "explain", data)
}

func (s *Server) run(w http.ResponseWriter, r *http.Request) {
	st := s.state(r.Context())
	n, _ := st.ix.Count(r.Context())
	built, _ := st.ix.Meta("built")
	data := map[string]any{"Title": "Run", "Stats": st.stats, "M": st.ds.Manifest, "Sections": report.Sections(st.stats),
		"Dir": st.ds.Dir, "Format": st.ds.Format, "Articles": n, "IndexPath": st.ix.Path, "IndexBuilt": built,
		"Reasons": reasons(st.ds.Manifest)}
	s.render(w, r, http.StatusOK, "run", data)
}

// cspReport counts a browser's report of a Content-Security-Policy
// violation and logs it; the body is read up to MaxReportBytes.
func (s *Server) cspReport(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxReportBytes))
	s.CSPReports.Add(1)
	s.o.Logger.Warn("content security policy violation", "report", string(body))
	w.WriteHeader(http.StatusNoContent)
}
