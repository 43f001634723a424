package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

const versionAbout = `
Prints the version of this copydesk binary, as the Go toolchain recorded
it when it was built: the module version, the VCS revision and its time
(with "+modified" when the tree had changes not committed), and the Go
version. "copydesk --version" prints the same. The version is recorded in
the datasets that have room for it (Parquet's created_by).`

// version is what the build recorded of the binary.
type version struct {
	Module   string // module version: v1.2.3, a pseudo-version, or "(devel)"
	Revision string // VCS revision, when built from a checkout
	Time     string // the revision's commit time, RFC 3339
	Modified bool   // the checkout had changes not committed
	Go       string // the Go toolchain's version
}

// buildVersion reads the binary's build information.
func buildVersion() version {
	v := version{Module: "(devel)", Go: runtime.Version()}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	if info.Main.Version != "" {
		v.Module = info.Main.Version
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.time":
			v.Time = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

// String is the version as "copydesk version" prints it.
func (v version) String() string {
	s := "copydesk " + v.Module
	if v.Revision != "" {
		s += " " + v.revision()
		if v.Time != "" {
			s += " " + v.Time
		}
	}
	return s + " " + v.Go
}

// revision is the revision shortened to 12 digits, as Go's
// pseudo-versions give it, marked when the checkout was modified.
func (v version) revision() string {
	r := v.Revision[:min(len(v.Revision), 12)]
	if v.Modified {
		r += "+modified"
	}
	return r
}

// forData returns the version and build a dataset records.
func (v version) forData() (module, build string) {
	if v.Revision == "" {
		return v.Module, ""
	}
	return v.Module, v.revision()
}

func cmdVersion(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "version", "", versionAbout)
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("takes no arguments")
	}
	fmt.Fprintln(e.stdout, buildVersion())
	return nil
}
