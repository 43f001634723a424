// Package copydesk turns raw crawled news into clean, dated, summarized
// article records.
//
// One record type, the [Document], flows through every stage. A Document
// carries where it came from ([Provenance]), everything extracted from it,
// and its [Outcome]: kept, dropped with a reason, or failed with an error.
// Every input record ends in exactly one outcome, and a [Run] counts them in
// a [Manifest] so that nothing is lost silently.
//
// Per-document stages ([Stage]) are plain functions of one Document: they
// know nothing about workers, files or output formats, so the same stages
// serve the command line, a server or a distributed pipeline.
package copydesk
